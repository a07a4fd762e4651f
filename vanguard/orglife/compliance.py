"""The compliance matrix: orgs × periods, green when the rules were met, computed with grouped SQL.

One query reads the orgs, one the held meetings grouped by (org, kind, month), one the
reviews grouped by (org, month), one the rules and one the exemptions, whatever the number
of orgs and months; the rest is arithmetic in Python. A party group's meetings and
reviews count for its branch's row; a rule for party groups fails a branch's cell when
any of its groups missed it.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property

from django.db.models import Count
from django.db.models.functions import ExtractMonth
from django.utils import timezone

from vanguard.org.choices import PartyOrgKind
from vanguard.org.models import PartyOrg

from .choices import HELD_STATUSES, MONTHS_IN, VIEW_ROLES, Subject
from .defaults import ensure_defaults
from .models import ComplianceExemption, ComplianceRule, Meeting, Review

OK, MISSED, DUE, EXEMPT, FUTURE = "ok", "missed", "due", "exempt", "future"
ROW_KINDS = (PartyOrgKind.BRANCH,)


def month_end(year, month):
    return date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1)


@dataclass
class Check:
    """One rule for one org over one period."""

    rule: ComplianceRule
    org_name: str
    starts: date
    ends: date
    count: int
    status: str

    @property
    def text(self):
        label = self.rule.get_subject_display()
        if self.status == EXEMPT:
            return f"{self.org_name}{label}:免于考核"
        return f"{self.org_name}{label} {self.count}/{self.rule.minimum} 次"


@dataclass
class Cell:
    org_id: int
    starts: date
    ends: date
    checks: list = field(default_factory=list)
    kinds: tuple = ()

    @cached_property
    def status(self):
        statuses = {c.status for c in self.checks}
        for status in (MISSED, DUE, OK, EXEMPT):
            if status in statuses:
                return status
        return FUTURE

    @property
    def problems(self):
        return [c for c in self.checks if c.status in (MISSED, DUE)]

    @property
    def title(self):
        shown = self.problems or self.checks
        return ";".join(c.text for c in shown) or "无到期事项"

    @property
    def query(self):
        """Filters of the meeting list behind this cell."""
        params = f"org={self.org_id}&date_from={self.starts:%Y-%m-%d}&date_to={self.ends:%Y-%m-%d}"
        if len(self.kinds) == 1 and self.kinds[0] != Subject.REVIEW:
            params += f"&kind={self.kinds[0]}"
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
    year: int
    columns: list  # (label, first month, last month)
    rows: list
    rules: list
    rule: ComplianceRule | None = None

    @property
    def totals(self):
        counts = defaultdict(int)
        for row in self.rows:
            for cell in row.cells:
                counts[cell.status] += 1
        return dict(counts)

    @property
    def rate(self):
        t = self.totals
        judged = t.get(OK, 0) + t.get(MISSED, 0)
        return round(t.get(OK, 0) * 100 / judged) if judged else None


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


def _orgs(user, root):
    qs = PartyOrg.objects.filter(kind__in=[PartyOrgKind.BRANCH, PartyOrgKind.GROUP])
    qs = qs.restrict(user, "view") if user is not None else qs
    if root is not None:
        qs = qs.filter(path__startswith=root.path)
    return list(qs.order_by("path").values("pk", "path", "name", "kind", "founded_on"))


def _scoped(queryset, user, prefix, root):
    if user is not None:
        from vanguard.core.scope import get_scope

        scope = get_scope(user)
        if not scope.is_global_admin:
            queryset = queryset.filter(scope.party_org_q(prefix, VIEW_ROLES))
    if root is not None:
        queryset = queryset.filter(**{f"{prefix}path__startswith": root.path})
    return queryset


def _counts(user, root, year, subjects):
    """{(org_id, subject, month): count} for the year, meetings and reviews, in two grouped queries."""
    counts = {}
    meeting_kinds = [s for s in subjects if s != Subject.REVIEW]
    if meeting_kinds:
        meetings = Meeting.objects.filter(
            date__gte=date(year, 1, 1), date__lte=date(year, 12, 31), status__in=HELD_STATUSES, kind__in=meeting_kinds
        )
        rows = (
            _scoped(meetings, user, "org__", root)
            .order_by()
            .values_list("org_id", "kind", ExtractMonth("date"))
            .annotate(n=Count("id"))
        )
        for org_id, kind, month, n in rows:
            counts[(org_id, kind, month)] = n
    if Subject.REVIEW in subjects:
        reviews = Review.objects.filter(month__gte=date(year, 1, 1), month__lte=date(year, 12, 31))
        rows = (
            _scoped(reviews, user, "org__", root)
            .order_by()
            .values_list("org_id", ExtractMonth("month"))
            .annotate(n=Count("id"))
        )
        for org_id, month, n in rows:
            counts[(org_id, Subject.REVIEW, month)] = n
    return counts


def _exemptions(year):
    by_org = defaultdict(list)
    rows = ComplianceExemption.objects.filter(starts_on__lte=date(year, 12, 31), ends_on__gte=date(year, 1, 1))
    for e in rows.values("org_id", "rule_id", "starts_on", "ends_on"):
        by_org[e["org_id"]].append(e)
    return by_org


def compliance_matrix(*, user, year=None, root=None, rule=None, today=None):
    """The matrix for the branches ``user`` may see (below ``root`` if given), one year, all rules or one."""
    today = today or timezone.localdate()
    year = year or today.year
    rules = list(ComplianceRule.objects.filter(is_active=True, org_kind__in=[*ROW_KINDS, PartyOrgKind.GROUP]))
    if not rules and not ComplianceRule.objects.exists():
        ensure_defaults()
        return compliance_matrix(user=user, year=year, root=root, rule=rule, today=today)
    chosen = [r for r in rules if rule is None or r.pk == rule.pk]
    orgs = _orgs(user, root)
    counts = _counts(user, root, year, {r.subject for r in chosen})
    exemptions = _exemptions(year)
    by_path = {o["path"]: o for o in orgs}
    groups = defaultdict(list)
    for o in orgs:
        if o["kind"] == PartyOrgKind.GROUP and o["path"][: -PartyOrg.steplen] in by_path:
            groups[o["path"][: -PartyOrg.steplen]].append(o)
        # Meetings and reviews of a group count for its branch as well (e.g. the monthly review).
    columns = _columns(rule)
    rows = []
    for org in orgs:
        if org["kind"] not in ROW_KINDS:
            continue
        subtree_ids = [org["pk"], *(g["pk"] for g in groups[org["path"]])]
        cells = []
        for _label, first, last in columns:
            cell = Cell(org_id=org["pk"], starts=date(year, first, 1), ends=month_end(year, last))
            for r in chosen:
                size = MONTHS_IN[r.period]
                if last % size:
                    continue  # the rule's period does not end in this column
                starts, ends = date(year, last - size + 1, 1), month_end(year, last)
                targets = groups[org["path"]] if r.org_kind == PartyOrgKind.GROUP else [org]
                for target in targets:
                    ids = (
                        [target["pk"]]
                        if r.org_kind == PartyOrgKind.GROUP or r.subject != Subject.REVIEW
                        else subtree_ids
                    )
                    n = sum(counts.get((i, r.subject, m), 0) for i in ids for m in range(last - size + 1, last + 1))
                    status = _status(r, target, starts, ends, n, today, exemptions)
                    if status != FUTURE:
                        prefix = target["name"] if target is not org else ""
                        cell.checks.append(Check(r, prefix, starts, ends, n, status))
            cell.kinds = tuple({c.rule.subject for c in cell.checks})
            cells.append(cell)
        rows.append(Row(org=org, cells=cells))
    return Matrix(year=year, columns=columns, rows=rows, rules=rules, rule=rule)


def _status(rule, org, starts, ends, count, today, exemptions):
    if starts > today:
        return FUTURE
    if count >= rule.minimum:
        return OK
    founded = org["founded_on"]
    if founded and founded > starts:
        return EXEMPT  # founded during (or after the start of) the period
    for e in exemptions.get(org["pk"], ()):
        if e["rule_id"] in (None, rule.pk) and e["starts_on"] <= ends and e["ends_on"] >= starts:
            return EXEMPT
    return DUE if ends >= today else MISSED


def due_this_week(*, user, root=None, today=None, days=7, matrix=None):
    """What falls due within ``days``: the rules of the current periods not yet met, per org.

    Pass the all-rules ``matrix`` of this year when the page has it already.
    """
    today = today or timezone.localdate()
    if matrix is None or matrix.rule is not None or matrix.year != today.year:
        matrix = compliance_matrix(user=user, year=today.year, root=root, today=today)
    horizon = today + timedelta(days=days)
    items = []
    for row in matrix.rows:
        for cell in row.cells:
            for check in cell.checks:
                if check.status == DUE and check.ends <= horizon:
                    items.append({"org": row.org, "check": check, "ends": check.ends, "query": cell.query})
    items.sort(key=lambda i: (i["ends"], i["org"]["path"]))
    return items
