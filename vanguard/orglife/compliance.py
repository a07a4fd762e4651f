"""The compliance matrix: orgs × periods, green when the rules were met, read from the kept counts.

The counts are the summary tables of ``orglife.summaries`` (held meetings per org, month and kind;
reviews per org and month), which the services keep in the facts' transaction. One query reads the
orgs, one the meeting counts of those orgs with a column per month, one the review counts likewise,
one the rules and one the exemptions, whatever the number of orgs, months or meetings; the rest is
arithmetic in Python. A party group's reviews count for its branch's row; a rule for party groups
fails a branch's cell when any of its groups missed it.

A page shows some of the branches: only its rows are built as cells and checks (and HTML). Every
other branch in scope goes through a pass that keeps one number per cell, so the totals (the rate,
the statuses) and what falls due cover the whole scope at a fraction of the cost.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import reduce
from html import escape
from operator import or_

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Count, OuterRef, Q, Subquery, Value
from django.db.models.functions import Length, Substr
from django.utils import timezone

from vanguard.core.choices import Action
from vanguard.core.dates import month_end, month_of
from vanguard.org.choices import PartyOrgKind
from vanguard.org.models import PartyOrg, User

from .choices import HELD_STATUSES, MONTHS_IN, Subject
from .defaults import ensure_defaults
from .models import (
    MONTH_FIELDS,
    BranchCompliance,
    ComplianceExemption,
    ComplianceMark,
    ComplianceRule,
    Meeting,
    MeetingCount,
    Review,
    ReviewCount,
)  # fmt: skip
from .summaries import CLASSES, PERIOD_BITS, short_index

OK, MISSED, DUE, EXEMPT, FUTURE = "ok", "missed", "due", "exempt", "future"
PRIORITY = (MISSED, DUE, OK, EXEMPT)
SUBJECT_LABELS = dict(Subject.choices)
PERIOD_WORDS = {1: "本月", 3: "本季度", 6: "本半年", 12: "本年度"}  # the cell's own period
REASONS_SHOWN = 2  # reasons written in a cell; the rest are counted (all of them in its title)
ROW_KINDS = (PartyOrgKind.BRANCH,)
ROWS_PER_PAGE = 50
FEW = 1  # branches in scope (a secretary's own) judged from their counts: fewer queries than reading judgments
LOOKUP_AMONG = 100  # more orgs than this, of a query at hand: looked up by the query (a long list of ids costs)
LOOKUP_BY_ID = 200  # orgs whose kept rows are looked up by id; more: the year's rows are read in one pass
# A cell's status is the worst of its checks': ranks in the pass that keeps numbers, not checks.
RANK = {FUTURE: 0, EXEMPT: 1, OK: 2, DUE: 3, MISSED: 4}
STATUS_OF_RANK = {rank: status for status, rank in RANK.items()}


class Check:
    """One rule for one org over one period (thousands per matrix, hence slots)."""

    __slots__ = ("rule", "org_name", "starts", "ends", "count", "status")

    def __init__(self, rule, org_name, starts, ends, count, status):
        self.rule, self.org_name, self.starts, self.ends = rule, org_name, starts, ends
        self.count, self.status = count, status

    @property
    def reason(self):
        """What failed, in words a phone shows in the cell: ``本季度未召开支部党员大会``."""
        who, when = self.org_name, PERIOD_WORDS[MONTHS_IN[self.rule.period]]
        subject = SUBJECT_LABELS[self.rule.subject]
        if self.status == EXEMPT:
            return f"{who}{subject}免于考核"
        if self.status == OK:
            return f"{who}{subject}已达标"
        verb = "开展" if self.rule.subject == Subject.REVIEW else "召开"
        if self.count == 0:
            return f"{who}{when}{'尚未' if self.status == DUE else '未'}{verb}{subject}"
        return f"{who}{when}{subject}仅 {self.count} 次(应 ≥{self.rule.minimum} 次)"

    @property
    def text(self):
        label = SUBJECT_LABELS[self.rule.subject]
        if self.status == EXEMPT:
            return f"{self.org_name}{label}:免于考核"
        return f"{self.org_name}{label} {self.count}/{self.rule.minimum} 次"


@dataclass
class Cell:
    """One org in one column. Kept checks stay plain tuples until someone reads them (most cells are green)."""

    org_id: int
    starts: date
    ends: date
    raw: list = field(default_factory=list)  # Check for a problem, (rule, label, starts, ends, count) when kept
    status: str = FUTURE

    def settle(self):
        statuses = {c.status if type(c) is Check else OK for c in self.raw}
        self.status = next((s for s in PRIORITY if s in statuses), FUTURE)

    @property
    def checks(self):
        return [c if type(c) is Check else Check(*c, OK) for c in self.raw]

    @property
    def kinds(self):
        return tuple({c.rule.subject for c in self.checks})

    @property
    def problems(self):
        return [c for c in self.raw if type(c) is Check and c.status in (MISSED, DUE)]

    @property
    def title(self):
        shown = self.problems or self.checks
        return ";".join(c.text for c in shown) or "无到期事项"

    @property
    def query(self):
        """Filters of the meeting list behind this cell."""
        params = f"org={self.org_id}&date_from={self.starts:%Y-%m-%d}&date_to={self.ends:%Y-%m-%d}"
        kinds = self.kinds
        if len(kinds) == 1 and kinds[0] != Subject.REVIEW:
            params += f"&kind={kinds[0]}"
        return params


@dataclass
class Row:
    org: dict
    cells: list

    @property
    def missed(self):
        return sum(1 for c in self.cells if c.status == MISSED)


@dataclass
class Matrix:
    """``rows`` are the branches shown (a page of them, or all); ``count``, ``totals`` and ``due`` cover every
    branch in scope."""

    year: int
    columns: list  # (label, first month, last month)
    rows: list
    rules: list
    rule: ComplianceRule | None = None
    count: int = 0
    totals: dict = field(default_factory=dict)  # {status: cells}
    due: list = field(default_factory=list)  # (org, Check) of the checks still due (the first ``due_keep``)
    due_counts: dict = field(default_factory=dict)  # {the day a period ends: checks due then}, all branches
    page: object = None  # the Django Page of the rows shown, when paged

    @property
    def rate(self):
        t = self.totals
        judged = t.get(OK, 0) + t.get(MISSED, 0)
        return round(t.get(OK, 0) * 100 / judged) if judged else None


def active_rules():
    """The rules the matrix checks: active, for branches and party groups."""
    return list(ComplianceRule.objects.filter(is_active=True, org_kind__in=[*ROW_KINDS, PartyOrgKind.GROUP]))


def _columns(rule):
    if rule is None:
        return [(f"{m}月", m, m) for m in range(1, 13)]
    size = MONTHS_IN[rule.period]
    labels = {1: "{}月", 3: "第{}季度", 6: "{}半年", 12: "全年"}
    columns = []
    for n, first in enumerate(range(1, 13, size), start=1):
        label = labels[size].format(("上", "下")[n - 1] if size == 6 else (n if size != 1 else first))
        columns.append((label, first, first + size - 1))
    return columns


def _org_queryset(user, root):
    """The branches and party groups the user may see (below ``root``): the matrix's rows and whose counts add up."""
    qs = PartyOrg.objects.filter(kind__in=[PartyOrgKind.BRANCH, PartyOrgKind.GROUP]).restrict(user, Action.VIEW)
    return qs.filter(path__startswith=root.path) if root is not None else qs


def _orgs(user, root):
    return list(_org_queryset(user, root).order_by("path").values("pk", "path", "name", "label", "kind", "founded_on"))


def _raw(queryset):
    """The rows of a values_list queryset straight from the cursor (no per-row work in the ORM)."""
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:  # a scope that covers nothing
        return []
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def summary_counts(*, orgs, year, subjects, among=None, **_scope):
    """{(org_id, subject): [count in January, …, count in December]} from the kept counts: a row per org (and
    meeting kind) and year, read as it is (the periods pick their months).

    Only the rows of ``orgs`` are kept: those the user may see, whose meetings and reviews he may all see
    too (an org's readers read its meetings and reviews), so a count never tells him of a meeting hidden
    from him. A few orgs are looked up by id; for many, the year's rows are read along the year and
    the others dropped here (thousands of look-ups by id cost more than one pass over the year). ``among``:
    a query of org ids that holds ``orgs``, to look them up by instead of by id.
    """
    ids = {o["pk"] for o in orgs}

    def scoped(queryset):
        if among is not None and len(ids) > LOOKUP_AMONG:
            return queryset.filter(org_id__in=among)
        return queryset.filter(org_id__in=ids) if len(ids) <= LOOKUP_BY_ID else queryset

    # The meetings' rows and the reviews' (as a kind of their own) in one query.
    parts = []
    meeting_kinds = [s for s in subjects if s != Subject.REVIEW]
    if meeting_kinds:
        parts.append(
            scoped(MeetingCount.objects.filter(year=year, kind__in=meeting_kinds)).values_list(
                "org_id", "kind", *MONTH_FIELDS
            )
        )
    if Subject.REVIEW in subjects:
        reviews = scoped(ReviewCount.objects.filter(year=year)).annotate(subject=Value(Subject.REVIEW.value))
        parts.append(reviews.values_list("org_id", "subject", *MONTH_FIELDS))
    if not parts:
        return {}
    query = (
        parts[0].order_by().union(*(p.order_by() for p in parts[1:]), all=True)
        if len(parts) > 1
        else parts[0].order_by()
    )
    return {(r[0], r[1]): r[2:] for r in _raw(query) if r[0] in ids}


def _per_month(field_name, year):
    """Twelve conditional counts, one per month: range conditions, no date function per row."""
    return {
        f"m{m}": Count("id", filter=Q(**{f"{field_name}__gte": month_of(year, m),
                                         f"{field_name}__lt": month_of(year, m + 1)}))
        for m in range(1, 13)
    }  # fmt: skip


def fact_counts(*, orgs, year, subjects, months=(1, 12), user, root, **_scope):
    """The same counts from the meetings and reviews the user may see themselves: what the kept counts
    replace, read by the tests that prove the two agree."""
    counts = {}

    def scoped(queryset):
        queryset = queryset.restrict(user, Action.VIEW)
        return queryset.filter(org__path__startswith=root.path) if root is not None else queryset

    first, last = month_of(year, months[0]), month_end(month_of(year, months[1]))
    meeting_kinds = [s for s in subjects if s != Subject.REVIEW]
    if meeting_kinds:
        meetings = Meeting.objects.filter(
            date__gte=first, date__lte=last, status__in=HELD_STATUSES, kind__in=meeting_kinds
        )
        rows = scoped(meetings).order_by().values("org_id", "kind").annotate(**_per_month("date", year))
        for org_id, kind, *series in rows.values_list("org_id", "kind", *MONTH_FIELDS):
            counts[(org_id, kind)] = series
    if Subject.REVIEW in subjects:
        reviews = scoped(Review.objects.filter(month__gte=first, month__lte=last))
        for org_id, month, n in reviews.order_by().values_list("org_id", "month").annotate(n=Count("id")):
            series = counts.setdefault((org_id, Subject.REVIEW), [0] * 12)
            series[month.month - 1] += n
    return counts


def _exemptions(year):
    by_org = defaultdict(list)
    rows = ComplianceExemption.objects.filter(starts_on__lte=date(year, 12, 31), ends_on__gte=date(year, 1, 1))
    for e in rows.values("org_id", "rule_id", "starts_on", "ends_on"):
        by_org[e["org_id"]].append(e)
    return by_org


def _exempt(rule, org, starts, ends, exemptions):
    founded = org["founded_on"]
    if founded and founded > starts:
        return True  # founded during (or after the start of) the period
    return any(
        e["rule_id"] in (None, rule.pk) and e["starts_on"] <= ends and e["ends_on"] >= starts
        for e in exemptions.get(org["pk"], ())
    )


class _Evaluator:
    """The checks of one rule for one org, by period (each period once, whatever the columns)."""

    def __init__(self, year, today, counts, exemptions):
        self.year, self.today, self.counts, self.exemptions = year, today, counts, exemptions
        self.zero = (0,) * 12

    def periods(self, rule, months=(1, 12)):
        size = MONTHS_IN[rule.period]
        year = self.year
        return [
            (last, month_of(year, last - size + 1), month_end(month_of(year, last)), last - size, last)
            for last in range(size, 13, size)
            if month_of(year, last - size + 1) <= self.today and months[0] <= last - size + 1 and last <= months[1]
        ]

    def series(self, subject, ids):
        counts = self.counts
        if len(ids) == 1:
            return counts.get((ids[0], subject), self.zero)
        parts = [counts.get((i, subject), self.zero) for i in ids]
        return [sum(month) for month in zip(*parts, strict=True)]

    def checks(self, rule, org, ids, periods, label):
        """{last month of the period: Check} for ``org`` (``ids``: whose counts add up)."""
        series, minimum = self.series(rule.subject, ids), rule.minimum
        result = {}
        for last, starts, ends, a, b in periods:
            n = sum(series[a:b])
            if n >= minimum:
                result[last] = (rule, label, starts, ends, n)
                continue
            if _exempt(rule, org, starts, ends, self.exemptions):
                status = EXEMPT
            else:
                status = DUE if ends >= self.today else MISSED
            result[last] = Check(rule, label, starts, ends, n, status)
        return result

    def judge(self, org, own_groups, subtree_ids, plans, due):
        """A row not shown, as numbers: (the worst rank per last month of a period, the bits of the last months
        of the periods met). Most periods are met, so a rule's periods are first looked at all at once (a
        month's minimum for monthly rules); only a rule with a period not met is judged a period at a time."""
        worst, met, counts, zero = [0] * 13, 0, self.counts, self.zero
        for rule, subject, minimum, periods, monthly, lo, hi, mask, for_groups in plans:
            if for_groups:
                targets = [(g, g["pk"], g["name"]) for g in own_groups]
            elif subject == Subject.REVIEW:  # reviews by the branch's party groups count for the branch
                targets = [(org, subtree_ids, "")]
            else:
                targets = [(org, org["pk"], "")]
            for target, key, label in targets:
                series = self.series(subject, key) if type(key) is list else counts.get((key, subject), zero)
                # The least count of a period: a month's own for monthly rules.
                least = min(series[lo:hi]) if monthly else min([sum(series[a:b]) for _l, _s, _e, a, b in periods])
                if least >= minimum:
                    met |= mask
                else:
                    self.ranks(rule, target, series, periods, label, worst, due, org)
        return worst, met

    def ranks(self, rule, org, series, periods, label, worst, due, row):
        """A rule with a period not met on a row not shown: ``worst[last]`` raised to each period's rank; only
        the checks still due are kept, with the ``row``'s org (what the look-ahead lists)."""
        minimum, today = rule.minimum, self.today
        for last, starts, ends, a, b in periods:
            n = sum(series[a:b])
            if n >= minimum:
                rank = 2  # RANK[OK]
            elif _exempt(rule, org, starts, ends, self.exemptions):
                rank = 1  # RANK[EXEMPT]
            elif ends >= today:
                rank = 3  # RANK[DUE]
                due.append((row, Check(rule, label, starts, ends, n, DUE)))
            else:
                rank = 4  # RANK[MISSED]
            if rank > worst[last]:
                worst[last] = rank


def _mask(periods):
    """The last months of ``periods`` as bits (a period is checked in its last month's column)."""
    mask = 0
    for period in periods:
        mask |= 1 << period[0]
    return mask


def _targets(rule, org, own_groups, subtree_ids):
    """Whom a rule checks on a branch's row: the branch, or each of its party groups."""
    if rule.org_kind == PartyOrgKind.GROUP:
        return [(g, [g["pk"]], g["name"]) for g in own_groups]
    # Reviews by the branch's party groups count for the branch.
    return [(org, subtree_ids if rule.subject == Subject.REVIEW else [org["pk"]], "")]


def _groups_by_branch(orgs):
    by_path = {o["path"]: o for o in orgs}
    groups = defaultdict(list)
    for o in orgs:
        parent = o["path"][: -PartyOrg.steplen]
        if o["kind"] == PartyOrgKind.GROUP and parent in by_path:
            groups[parent].append(o)
    return groups


def compliance_matrix(
    *, user: User, year: int | None = None, root: PartyOrg | None = None, rule: ComplianceRule | None = None,
    today: date | None = None, months: tuple[int, int] = (1, 12), shown=None, counts=summary_counts, due_keep=None,
    rules: list | None = None,
) -> Matrix:  # fmt: skip
    """The matrix for the branches ``user`` may see (below ``root`` if given), one year, all rules or one.

    ``months`` (first, last) narrows it to the periods inside those months (what falls due now).
    ``shown`` picks the rows to build from the list of branches in scope: a function returning a slice of
    it or a Django ``Page`` of it (kept as ``matrix.page``); all of them by default. The branches not shown
    are read from the kept judgments (``ComplianceMark``), not judged. ``counts`` reads the counts
    (``fact_counts`` reads them from the facts and judges every branch, for the tests). ``due_keep``: how
    many of the checks still due to list (all by default; every one is counted in ``matrix.due_counts``).
    ``rules``: the active rules (``active_rules()``) when the caller has read them.
    """
    today = today or timezone.localdate()
    year = year or today.year
    rules = active_rules() if rules is None else rules
    if not rules and not ComplianceRule.objects.exists():
        ensure_defaults()
        return compliance_matrix(
            user=user, year=year, root=root, rule=rule, today=today, months=months, shown=shown, counts=counts,
            due_keep=due_keep,
        )  # fmt: skip
    chosen = [r for r in rules if rule is None or r.pk == rule.pk]
    frame = _Frame(user=user, year=year, root=root, today=today, months=months, chosen=chosen, counts=counts, rule=rule)
    frame.columns = [c for c in _columns(rule) if months[0] <= c[1] and c[2] <= months[1]]
    # Every row built (or the counts read from the facts): every branch judged from the counts.
    kept = shown is not None and counts is summary_counts and _foldable(chosen, rule)
    matrix = _kept(frame, shown, due_keep) if kept else _judged(frame, shown)
    matrix.rules, matrix.rule = rules, rule
    matrix.due.sort(key=lambda item: (item[1].ends, item[0]["path"]))  # stable: a branch's in the rules' order
    if due_keep is not None:
        del matrix.due[due_keep:]
    return matrix


@dataclass
class _Frame:
    """What one matrix is asked for, and what its parts share."""

    user: User
    year: int
    root: PartyOrg | None
    today: date
    months: tuple
    chosen: list
    counts: object
    rule: ComplianceRule | None = None
    columns: list = field(default_factory=list)

    def evaluator(self, orgs, **scope):
        """The checks of ``orgs`` judged from their counts."""
        subjects = {r.subject for r in self.chosen}
        scope.update(year=self.year, subjects=subjects, months=self.months, user=self.user, root=self.root)
        # A user who reads no org (a member) has no row: the meetings she attended count for none.
        found = self.counts(orgs=orgs, **scope) if orgs else {}
        return _Evaluator(self.year, self.today, found, _exemptions(self.year))

    def plan(self):
        """Each rule's periods in the matrix (begun, inside the months asked)."""
        evaluator = _Evaluator(self.year, self.today, {}, {})
        self.periods = {r.pk: evaluator.periods(r, self.months) for r in self.chosen}
        # What the rows not shown are judged by: each rule with its periods, looked at all at once where it can.
        self.plans = [
            (r, r.subject, r.minimum, self.periods[r.pk], MONTHS_IN[r.period] == 1, self.periods[r.pk][0][3],
             self.periods[r.pk][-1][4], _mask(self.periods[r.pk]), r.org_kind == PartyOrgKind.GROUP)
            for r in self.chosen
            if self.periods[r.pk]
        ]  # fmt: skip

    def build(self, org, own_groups, evaluator):
        """A row shown: its cells and their checks."""
        subtree_ids = [org["pk"], *(g["pk"] for g in own_groups)]
        by_column = defaultdict(list)
        for r in self.chosen:
            for target, ids, label in _targets(r, org, own_groups, subtree_ids):
                for last, check in evaluator.checks(r, target, ids, self.periods[r.pk], label).items():
                    by_column[last].append(check)
        cells = []
        for _label, first, last in self.columns:
            starts, ends = date(self.year, first, 1), month_end(month_of(self.year, last))
            cell = Cell(org_id=org["pk"], starts=starts, ends=ends, raw=by_column[last])
            cell.settle()
            cells.append(cell)
        return Row(org=org, cells=cells)

    def count_row(self, org, own_groups, evaluator, totals, due):
        """A row not shown, judged from its counts: its cells counted in ``totals``, its checks due in ``due``."""
        subtree_ids = [org["pk"], *(g["pk"] for g in own_groups)]
        worst, met = evaluator.judge(org, own_groups, subtree_ids, self.plans, due)
        for column in self.columns:
            last = column[2]
            rank = worst[last]
            totals[STATUS_OF_RANK[2 if rank < 2 and met >> last & 1 else rank]] += 1


def _judged(frame, shown):
    """Every branch in scope judged from its counts (the facts', or the kept ones when every row is built)."""
    orgs = _orgs(frame.user, frame.root)
    frame.plan()
    evaluator = frame.evaluator(orgs)
    groups = _groups_by_branch(orgs)
    branches = [o for o in orgs if o["kind"] in ROW_KINDS]
    page = shown(branches) if shown is not None else branches
    built = {o["pk"] for o in page}
    rows, totals, due = [], defaultdict(int), []
    for org in branches:
        own_groups = groups[org["path"]]
        if org["pk"] not in built:
            frame.count_row(org, own_groups, evaluator, totals, due)
            continue
        row = frame.build(org, own_groups, evaluator)
        _count_cells(row, totals, due)
        rows.append(row)
    return Matrix(
        year=frame.year, columns=frame.columns, rows=rows, rules=[], count=len(branches), totals=dict(totals),
        due=due, due_counts=_due_counts(due), page=page if page is not branches and hasattr(page, "paginator") else None,
    )  # fmt: skip


def _due_counts(due, counts=None):
    counts = defaultdict(int, counts or {})
    for _org, check in due:
        counts[check.ends] += 1
    return dict(counts)


def _count_cells(row, totals, due):
    for cell in row.cells:
        totals[cell.status] += 1
        due.extend((row.org, check) for check in cell.problems if check.status == DUE)


def _foldable(chosen, rule):
    """Whether the kept judgments answer: one branch rule's (a row per branch), or all rules' folded per
    branch (``BranchCompliance``), unless a length of period is checked by group rules only (a branch without
    groups has no check of that length, which an absent row cannot tell)."""
    if rule is not None:
        return rule.org_kind == PartyOrgKind.BRANCH
    lengths = {MONTHS_IN[r.period] for r in chosen if r.org_kind == PartyOrgKind.BRANCH}
    return all(MONTHS_IN[r.period] in lengths for r in chosen)


def _kept(frame, shown, due_keep):
    """The branches shown built from their counts; the others read from their kept judgments (the day applied
    here), except the few founded after the year began, judged from their counts. What falls due on the
    branches read is counted from the judgments of each org; the first ``due_keep`` checks are judged from the
    counts to be listed."""
    in_scope = _org_queryset(frame.user, frame.root)
    in_branches = in_scope.filter(kind__in=ROW_KINDS)
    # Every branch in scope, as (pk, path, founding day): the pages' list and the order of what is due.
    # With each branch, its kept judgment (folded, or of the one rule) in the same query.
    if frame.rule is None:
        kept = BranchCompliance.objects.filter(year=frame.year, branch_id=OuterRef("pk"))
        figures = ("clean", "ok", "short")
    else:
        kept = ComplianceMark.objects.filter(year=frame.year, rule_id=frame.rule.pk, org_id=OuterRef("pk"))
        figures = ("met", "exempt")
    annotated = in_branches.order_by("path").annotate(**{f"kept_{f}": Subquery(kept.values(f)[:1]) for f in figures})
    found = _raw(annotated.values_list("pk", "path", "founded_on", *(f"kept_{f}" for f in figures)))
    branches = [r[:3] for r in found]
    judgments = {r[0]: r[3:] for r in found if r[3] is not None}
    if len(branches) <= FEW:
        return _judged(frame, shown)
    page = shown(branches)
    built = {b[0] for b in page}
    frame.plan()
    plans = {p[0].pk: p for p in frame.plans}
    new_year = date(frame.year, 1, 1)
    live = {pk for pk, _path, founded in branches if founded and founded > new_year}  # see ``compliance_marks``
    skip = built | live
    totals, due_at, due_counts = defaultdict(int), defaultdict(list), defaultdict(int)
    read = len(skip) < len(branches) and plans
    if read and frame.rule is None:
        _read_folded(frame, in_scope, branches, judgments, skip, built, plans, totals, due_at, due_counts)
    elif read:
        _read_marks(frame, branches, judgments, skip, built, plans, totals, due_at, due_counts)
    # The branches of the first checks due (a branch's checks of a day are listed together): those read are
    # judged from their counts to list them (those shown are anyway; those founded lately, rare, not counted).
    wanted, taken = set(), 0
    for _ends, pk, n in ((ends, pk, n) for ends in sorted(due_at) for pk, n in due_at[ends]):
        if due_keep is not None and taken >= due_keep:
            break
        if pk not in built:
            wanted.add(pk)
        taken += n
    index = {b[0]: n for n, b in enumerate(branches)}
    family = _family(in_scope, [(index[pk], branches[index[pk]][1]) for pk in sorted(skip | wanted, key=index.get)])
    orgs = _raw_orgs(family) if family is not None else []
    evaluator = frame.evaluator(orgs, among=family.values("pk") if family is not None else None)
    by_group = _groups_by_branch(orgs)
    rows, due, listed = [], [], []
    for org in orgs:
        pk = org["pk"]
        if org["kind"] not in ROW_KINDS or pk not in index:
            continue
        if pk in built:
            row = frame.build(org, by_group[org["path"]], evaluator)
            _count_cells(row, totals, due)
            rows.append(row)
        elif pk in live:
            frame.count_row(org, by_group[org["path"]], evaluator, totals, due)
        elif pk in wanted:  # counted from the judgments: its checks due are listed, not counted again
            frame.count_row(org, by_group[org["path"]], evaluator, defaultdict(int), listed)
    return Matrix(
        year=frame.year, columns=frame.columns, rows=rows, rules=[], count=len(branches), totals=dict(totals),
        due=due + listed, due_counts=_due_counts(due, due_counts), page=page if hasattr(page, "paginator") else None,
    )  # fmt: skip


def _running(frame, plans):
    """{rule: (the bit of its period running today, the day it ends)} among ``plans``."""
    running = {}
    for pk, plan in plans.items():
        now = [p for p in plan[3] if p[2] >= frame.today]
        if now:
            running[pk] = (1 << now[0][0], now[0][2])
    return running


def _read_folded(frame, in_scope, branches, rows, skip, built, plans, totals, due_at, due_counts):
    """The cells of the branches not in ``skip`` counted in ``totals`` from their folded judgments ``rows``
    (``BranchCompliance``: clean, ok, short by branch), and what falls due on them: in ``due_counts`` by the day a period ends,
    and in ``due_at`` the branches with a check due then (and how many), the ``built`` ones too, which are
    counted from their cells."""
    begun = over = running = 0
    flags = 0  # the lengths a branch rule checks on every branch (what an absent row has)
    now = {}  # offset: (length, last month of the period running, the day it ends, branch rules, group rules)
    for plan in plans.values():
        size = MONTHS_IN[plan[0].period]
        offset = CLASSES[size]
        these = plan[7]
        past = these & sum(1 << p[0] for p in plan[3] if p[2] < frame.today)
        begun |= these << offset
        over |= past << offset
        running |= (these & ~past) << offset
        if these & ~past:
            period = next(p for p in plan[3] if p[2] >= frame.today)
            n_branch, n_group = now.get(offset, (0, 0, 0, 0, 0))[3:]
            now[offset] = (size, period[0], period[2], n_branch + (not plan[8]), n_group + plan[8])
        if not plan[8]:
            flags |= 1 << offset
    all_flags = sum(1 << offset for offset in CLASSES.values())
    masks = {}
    columns = sum(1 << column[2] for column in frame.columns)
    absent = (flags, 0, None)
    unkept = []  # branches without a row with a check due: every org checked failed

    def fold(x):
        return (x | x >> 13 | x >> 26 | x >> 39) & PERIOD_BITS

    for pk, path, _founded in branches:
        counted = pk not in skip
        if not counted and pk not in built:
            continue
        clean, ok, short = rows.get(pk, absent)
        checked = clean & all_flags
        mask = masks.get(checked)
        if mask is None:
            mask = masks[checked] = begun & sum(PERIOD_BITS << o for o in CLASSES.values() if checked >> o & 1)
        bad = mask & ~clean
        good = mask & clean
        missed = fold(bad & over) & columns
        due = fold(bad & running) & columns & ~missed
        met = fold(good & ok) & columns & ~(missed | due)
        exempt = fold(good & ~ok) & columns & ~(missed | due | met)
        future = columns & ~(missed | due | met | exempt)
        for status, cells in ((MISSED, missed), (DUE, due), (OK, met), (EXEMPT, exempt), (FUTURE, future)):
            if cells and counted:
                totals[status] += cells.bit_count()
        if not bad & running:
            continue
        if short is None and counted:
            unkept.append((pk, path))
        counts = short.split(",") if short is not None else None
        at = defaultdict(int)
        for offset, (size, last, ends, n_branch, _n_group) in now.items():
            if bad >> offset & running >> offset & PERIOD_BITS:
                # Not kept: every org checked failed (the party groups are counted below).
                at[ends] += int(counts[short_index(size, last)]) if counts is not None else n_branch
        for ends, n in at.items():
            due_counts[ends] += n if counted else 0
            due_at[ends].append((pk, n))
    if unkept and any(v[4] for v in now.values()):  # and their party groups, counted
        parent = Substr("path", 1, Length("path") - PartyOrg.steplen)
        under = in_scope.filter(kind=PartyOrgKind.GROUP).annotate(parent=parent)
        groups = Counter(_raw(under.filter(parent__in=[p for _pk, p in unkept]).values_list("parent")))
        for _pk, path in unkept:
            for _size, _last, ends, _n_branch, n_group in now.values():
                due_counts[ends] += groups[(path,)] * n_group


def _family(in_scope, branches):
    """The branches ``(index in the list, path)`` (in order) and what lies below them in scope, by ranges of
    paths (a page's branches in one); None for no branch."""
    if not branches:
        return None
    ranges = []
    for n, path in branches:
        if ranges and ranges[-1][2] == n - 1:
            ranges[-1] = (ranges[-1][0], path, n)
        else:
            ranges.append((path, path, n))
    family = in_scope.filter(kind__in=[PartyOrgKind.BRANCH, PartyOrgKind.GROUP])
    family = family.filter(reduce(or_, (_path_range(a, b) for a, b, _n in ranges)))
    family.wanted = {path for _n, path in branches}
    return family


def _path_range(first, last):
    """The orgs from ``first`` to ``last`` and below it, as a range of paths: up to the path after ``last``'s
    subtree (its next sibling's, in the tree's own alphabet, which every collation orders alike)."""
    alphabet, step = PartyOrg.alphabet, PartyOrg.steplen
    path = last
    while path:
        number = 0
        for char in path[-step:]:
            number = number * len(alphabet) + alphabet.index(char)
        if number + 1 < len(alphabet) ** step:
            digits = ""
            for _ in range(step):
                number, digit = divmod(number + 1 if not digits else number, len(alphabet))
                digits = alphabet[digit] + digits
            return Q(path__gte=first, path__lt=path[:-step] + digits)
        path = path[:-step]  # the last of its siblings: after its parent's subtree
    return Q(path__gte=first)


def _raw_orgs(family):
    """The branches wanted of ``family`` and their party groups, as ``_orgs`` gives them."""
    wanted, step = family.wanted, PartyOrg.steplen
    fields = ("pk", "path", "name", "label", "kind", "founded_on")
    rows = _raw(family.order_by("path").values_list(*fields))
    return [
        dict(zip(fields, r, strict=True)) for r in rows
        if r[1] in wanted or (r[4] == PartyOrgKind.GROUP and r[1][:-step] in wanted)
    ]  # fmt: skip


def _read_marks(frame, branches, rows, skip, built, plans, totals, due_at, due_counts):
    """One branch rule: the cells of the branches not in ``skip`` counted in ``totals`` from its judgments of
    them (an absent one: nothing met, nothing exempted), and in ``due_at`` those with a check due."""
    ((pk, plan),) = plans.items()
    begun = plan[7]
    over = begun & sum(1 << p[0] for p in plan[3] if p[2] < frame.today)
    running, ends = _running(frame, plans).get(pk, (0, None))
    columns = sum(1 << column[2] for column in frame.columns)
    for branch, _path, _founded in branches:
        counted = branch not in skip
        if not counted and branch not in built:
            continue
        met, exempt = rows.get(branch, (0, 0))
        bad = begun & ~(met | exempt)
        missed = bad & over & columns
        due = bad & running & columns
        ok = met & begun & columns
        exempt &= begun & columns & ~ok
        future = columns & ~(missed | due | ok | exempt)
        for status, cells in ((MISSED, missed), (DUE, due), (OK, ok), (EXEMPT, exempt), (FUTURE, future)):
            if cells and counted:
                totals[status] += cells.bit_count()
        if due:
            due_at[ends].append((branch, 1))
            due_counts[ends] += 1 if counted else 0


def cell_html(cell, column, marks, base):
    """One cell as HTML, built directly (a company matrix has thousands): a problem cell says in words
    which rule failed (a phone has no tooltip); every cell links (``?cell=org.column``) to the meetings
    behind it."""
    title = f' title="{escape(cell.title)}"' if cell.status in (MISSED, DUE, EXEMPT) else ""
    reasons = ""
    problems = cell.problems
    if problems:
        shown = [p for p in problems if p.status == cell.status] or problems
        lines = "".join(f"<div>{escape(p.reason)}</div>" for p in shown[:REASONS_SHOWN])
        more = len(problems) - min(len(shown), REASONS_SHOWN)
        lines += f"<div>等另 {more} 项</div>" if more > 0 else ""
        reasons = f'<div class="vg-reason" data-testid="cell-reason">{lines}</div>'
    return (
        f'<td class="vg-cell vg-cell-{cell.status}{" vg-cell-explained" if reasons else ""}" data-status="{cell.status}">'
        f'<a href="?{base}cell={cell.org_id}.{column}"{title}>{marks[cell.status]}{reasons}</a></td>'
    )


def cell_query(*, org_id, year, column, rule=None):
    """The meeting-list filters behind a cell given by org and column (see ``cell_html``)."""
    label, first, last = _columns(rule)[column]
    params = (
        f"org={org_id}&date_from={month_of(year, first):%Y-%m-%d}&date_to={month_end(month_of(year, last)):%Y-%m-%d}"
    )
    if rule is not None and rule.subject != Subject.REVIEW:
        params += f"&kind={rule.subject}"
    return params


def _due_window(today, horizon, rules):
    """The months of the current periods that end by ``horizon``, or None when none does."""
    spans = []
    for period in {r.period for r in rules}:
        size = MONTHS_IN[period]
        last = ((today.month - 1) // size + 1) * size
        if month_end(month_of(today.year, last)) <= horizon:
            spans.append((last - size + 1, last))
    if not spans:
        return None
    return min(a for a, _ in spans), max(b for _, b in spans)


class DueList(list):
    """The first checks due, in order; ``total``: how many are due in all."""

    def __init__(self, items=(), total=0):
        super().__init__(items)
        self.total = total


def due_this_week(
    *, user: User, root: PartyOrg | None = None, today: date | None = None, days: int = 7, matrix: Matrix | None = None,
    limit: int | None = None,
) -> DueList:  # fmt: skip
    """What falls due within ``days``: the rules of the current periods not yet met, per org, the first ``limit``
    of them (all by default) and how many in all (``.total``).

    Pass the all-rules ``matrix`` of this year when the page has it already (made with ``due_keep`` ≥ ``limit``);
    otherwise only the periods ending within ``days`` are read, and no row is built.
    """
    today = today or timezone.localdate()
    horizon = today + timedelta(days=days)
    if matrix is None or matrix.rule is not None or matrix.year != today.year:
        rules = active_rules()
        window = _due_window(today, horizon, rules)
        if window is None:
            return DueList()
        matrix = compliance_matrix(
            user=user, year=today.year, root=root, today=today, months=window, shown=_none, due_keep=limit, rules=rules
        )
    items = [
        {"org": org, "check": check, "ends": check.ends, "query": check_query(org_id=org["pk"], check=check)}
        for org, check in matrix.due
        if check.ends <= horizon
    ]
    total = sum(n for ends, n in matrix.due_counts.items() if ends <= horizon)
    return DueList(items[:limit], total)


def _none(branches):
    return []


def check_query(*, org_id, check):
    """The meeting-list filters behind one check: the org's meetings of the rule's kind in its period."""
    params = f"org={org_id}&date_from={check.starts:%Y-%m-%d}&date_to={check.ends:%Y-%m-%d}"
    if check.rule.subject != Subject.REVIEW:
        params += f"&kind={check.rule.subject}"
    return params
