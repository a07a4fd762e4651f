"""The summary tables of organisational life (``core.summaries``): held meetings per org, kind and month, and
reviews per org and month, what the compliance matrix counts.

A row holds a year of one org (and kind), a column per month: the matrix of a company's 2,000 orgs reads
some 10,000 rows instead of 30,000 meetings and 140,000 reviews. The services that write meetings and
reviews call ``refresh_meetings`` / ``refresh_reviews`` with the orgs and days they touched (before and
after an edit) in their own transaction. A scope is keyword filters on the key fields: ``org_id`` or
``org_id__in``, ``year`` or ``year__gte``/``year__lte``, ``kind``; the bulk writes pass the orgs and the
span of years they wrote, whose product covers every row touched (recomputing an untouched one is
harmless: it is recomputed exactly).

The compliance judgments (``ComplianceMark``, one row per org, year and rule: the periods met and the periods
exempted, as bits) are read from those counts and refreshed with them, for the orgs written for and the
branches of the party groups among them (a group's reviews count for its branch); a rule's change refreshes
its judgments, an exemption's the org's, a move in the org tree those of the orgs moved and of the branches
they left and joined. The matrix applies the day (periods begun, periods over) and founding days when read.

Class hours are not summarised: the pages that read them (a member's year, the hours short page) add
up one person's or one org's members' year, never a per-org, per-month figure.
"""

from collections import defaultdict
from datetime import date
from functools import reduce
from operator import or_

from django.db.models import Count, Q

from vanguard.core.dates import month_end, month_of
from vanguard.core.summaries import Summary, get_summary, refresh, register_summary
from vanguard.org.choices import PartyOrgKind
from vanguard.org.models import PartyOrg
from vanguard.org.services.trees import follow_party_orgs

from .choices import HELD_STATUSES, MONTHS_IN, Subject
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

MEETINGS = "orglife.meetings"
REVIEWS = "orglife.reviews"
MARKS = "orglife.compliance"
BRANCHES = "orglife.compliance_branches"
WHOLE_TREE = 200  # orgs changed at once past which every judgment is recomputed


def _filters(scope, field):
    """A scope as filters on the facts: orgs as they are, years as ranges of the fact's ``field`` (no date
    function per row)."""
    filters = {k: v for k, v in scope.items() if k in ("org_id", "org_id__in")}
    first, last = scope.get("year", scope.get("year__gte")), scope.get("year", scope.get("year__lte"))
    if first is not None:
        filters[f"{field}__gte"] = date(first, 1, 1)
    if last is not None:
        filters[f"{field}__lte"] = date(last, 12, 31)
    return filters


def _rows(counts, key):
    """{(key…, year): [12 counts]} as the summary's rows."""
    return [{**dict(zip(key, k, strict=True)), **dict(zip(MONTH_FIELDS, v, strict=True))} for k, v in counts.items()]


def meeting_counts(**scope):
    """Held meetings per (org, year, kind) and month in ``scope``: grouped by day in the database, by month here."""
    meetings = Meeting.objects.filter(status__in=HELD_STATUSES, **_filters(scope, "date"))
    if "kind" in scope:
        meetings = meetings.filter(kind=scope["kind"])
    counts = defaultdict(lambda: [0] * 12)
    for org_id, kind, day, n in meetings.order_by().values_list("org_id", "kind", "date").annotate(n=Count("id")):
        counts[(org_id, day.year, kind)][day.month - 1] += n
    return _rows(counts, ("org_id", "year", "kind"))


def review_counts(**scope):
    """Reviews per (org, year) and month in ``scope`` (a review's month is the month's first day)."""
    reviews = Review.objects.filter(**_filters(scope, "month"))
    counts = defaultdict(lambda: [0] * 12)
    for org_id, month, n in reviews.order_by().values_list("org_id", "month").annotate(n=Count("id")):
        counts[(org_id, month.year)][month.month - 1] += n
    return _rows(counts, ("org_id", "year"))


register_summary(
    Summary(
        name=MEETINGS,
        model=MeetingCount,
        key=("org_id", "year", "kind"),
        figures=MONTH_FIELDS,
        compute=meeting_counts,
        label="已召开会议(组织×月×类型)",
    )
)
register_summary(
    Summary(
        name=REVIEWS,
        model=ReviewCount,
        key=("org_id", "year"),
        figures=MONTH_FIELDS,
        compute=review_counts,
        label="讲评人次(组织×月)",
    )
)


def _wanted(scope):
    if "org_id" in scope:
        return {scope["org_id"]}
    return set(scope["org_id__in"]) if "org_id__in" in scope else None


def _targets(wanted, *, with_groups=False):
    """{org: (its branch, its kind, the orgs whose reviews count for it, its founding day)} of the orgs that
    rules check among ``wanted`` (all when None; ``with_groups``: and the party groups of the branches among
    them): every branch (its reviews and its party groups'), every party group under a branch (its own)."""
    orgs = PartyOrg.objects.filter(kind__in=[PartyOrgKind.BRANCH, PartyOrgKind.GROUP]).order_by()
    fields, step = ("pk", "path", "kind", "founded_on"), PartyOrg.steplen
    if wanted is None:
        chosen = family = {r[0]: r for r in orgs.values_list(*fields)}
    else:
        chosen = {r[0]: r for r in orgs.filter(pk__in=wanted).values_list(*fields)}
        if not chosen:
            return {}
        near = [Q(path__in={r[1][:-step] for r in chosen.values()})]
        near += [
            Q(path__startswith=r[1], depth=len(r[1]) // step + 1, kind=PartyOrgKind.GROUP)
            for r in chosen.values()
            if r[2] == PartyOrgKind.BRANCH
        ]
        family = {**{r[0]: r for r in orgs.filter(reduce(or_, near)).values_list(*fields)}, **chosen}
    by_path = {r[1]: r for r in family.values()}
    groups = defaultdict(list)
    for pk, path, kind, _founded in family.values():
        if kind == PartyOrgKind.GROUP:
            groups[path[:-step]].append(pk)
    if with_groups and wanted is not None:
        branches = {r[1] for r in chosen.values() if r[2] == PartyOrgKind.BRANCH}
        chosen.update({pk: r for pk, r in family.items() if r[2] == PartyOrgKind.GROUP and r[1][:-step] in branches})
    targets = {}
    for pk, path, kind, founded in chosen.values():
        parent = by_path.get(path[:-step])
        if kind == PartyOrgKind.BRANCH:
            targets[pk] = (pk, kind, [pk, *groups[path]], founded)
        elif parent is not None and parent[2] == PartyOrgKind.BRANCH:
            targets[pk] = (parent[0], kind, [pk], founded)
    return targets


def judge(rule, year, series, exemptions, founded=None):
    """(periods met, periods exempted) of ``rule`` in ``year`` as bits of their last months, from the twelve
    monthly counts of ``series``, the org's ``exemptions`` ((rule id or None, first day, last day)) and its
    founding day (a period begun before it is exempt)."""
    size, met, exempt = MONTHS_IN[rule.period], 0, 0
    for last in range(size, 13, size):
        if sum(series[last - size : last]) >= rule.minimum:
            met |= 1 << last
            continue
        starts, ends = month_of(year, last - size + 1), month_end(month_of(year, last))
        if (founded and founded > starts) or any(
            r in (None, rule.pk) and a <= ends and b >= starts for r, a, b in exemptions
        ):
            exempt |= 1 << last
    return met, exempt


def _judgments(targets, rules, scope):
    """{(org, year, rule): (met, exempted)} for ``targets`` and ``rules``, each year in ``scope`` in which the
    org has a count of the rule's subject, an exemption, or its founding."""
    if not targets or not rules:
        return {}
    first, last = scope.get("year", scope.get("year__gte", 1)), scope.get("year", scope.get("year__lte", 9999))
    first, last = max(first, 1), min(last, 9999)
    years = {"year__gte": first, "year__lte": last}
    ids = {i for t in targets.values() for i in t[2]}
    by_id = {"org_id__in": ids} if scope.get("_some") else {}
    kinds = {r.subject for r in rules} - {Subject.REVIEW}
    meetings = MeetingCount.objects.filter(kind__in=kinds, **years, **by_id).order_by()
    series = {(r[0], r[1], r[2]): r[3:] for r in meetings.values_list("org_id", "year", "kind", *MONTH_FIELDS)}
    if Subject.REVIEW in {r.subject for r in rules}:
        reviews = ReviewCount.objects.filter(**years, **by_id).order_by()
        series.update(
            ((r[0], r[1], Subject.REVIEW), r[2:]) for r in reviews.values_list("org_id", "year", *MONTH_FIELDS)
        )
    exemptions = defaultdict(list)
    found = ComplianceExemption.objects.filter(starts_on__lte=date(last, 12, 31), ends_on__gte=date(first, 1, 1))
    for org_id, rule_id, a, b in found.filter(**by_id).values_list("org_id", "rule_id", "starts_on", "ends_on"):
        exemptions[org_id].append((rule_id, a, b))
    years_of = defaultdict(set)  # (org, subject): the years with counts
    for org_id, year, subject in series:
        years_of[(org_id, subject)].add(year)
    judged = {}
    for org_id, (_branch_id, kind, counted, founded) in targets.items():
        own = exemptions.get(org_id, ())
        for rule in rules:
            if rule.org_kind != kind:
                continue
            ids_counted = counted if rule.subject == Subject.REVIEW else [org_id]
            kept = set().union(*(years_of.get((i, rule.subject), ()) for i in ids_counted))
            kept |= {y for r, a, b in own if r in (None, rule.pk) for y in range(a.year, b.year + 1)}
            kept |= {founded.year} if founded else set()
            for year in sorted(y for y in kept if first <= y <= last):
                parts = [series.get((i, year, rule.subject)) for i in ids_counted]
                monthly = [sum(m) for m in zip(*(p for p in parts if p), strict=True)] or [0] * 12
                judged[(org_id, year, rule.pk)] = judge(rule, year, monthly, own, founded)
    return judged


def _rules(**filters):
    return list(ComplianceRule.objects.filter(org_kind__in=[PartyOrgKind.BRANCH, PartyOrgKind.GROUP], **filters))


def compliance_marks(**scope):
    """The judgments of every rule for the branches and party groups in ``scope`` (``org_id``/``org_id__in``,
    ``year``/``year__gte``/``year__lte``, ``rule_id``), read from the kept counts, for each year in which an
    org has a count of the rule's subject, an exemption or its founding (a year before its founding is not
    kept: the matrix judges an org founded after a year began from its counts)."""
    rules = _rules(pk=scope["rule_id"]) if "rule_id" in scope else _rules()
    wanted = _wanted(scope)
    targets = _targets(wanted) if rules else {}
    judged = _judgments(targets, rules, {**scope, "_some": wanted is not None})
    return [
        {"org_id": org_id, "year": year, "rule_id": rule_id, "branch_id": targets[org_id][0], "met": m, "exempt": e}
        for (org_id, year, rule_id), (m, e) in judged.items()
        if m or e
    ]


# Class sizes (months a period lasts) and where each keeps its 13 bits in a branch's figures; bit 0 of each
# says the class checks something on the branch.
CLASSES = {1: 0, 3: 13, 6: 26, 12: 39}
PERIOD_BITS = 0x1FFE  # bits 1..12: the last months of periods
# Where a branch's ``short`` counts each period: 12 months, 4 quarters, 2 halves, the year.
SHORT_AT = {1: 0, 3: 12, 6: 16, 12: 18}
SHORT_SIZE = 19


def short_index(size, last):
    """The place in ``short`` of the period of ``size`` months ending in month ``last``."""
    return SHORT_AT[size] + last // size - 1


def founded_mask(rule, year, founded):
    """The periods of ``rule`` in ``year`` begun before ``founded`` (exempt unless met)."""
    size = MONTHS_IN[rule.period]
    if not founded or founded <= date(year, 1, 1):
        return 0
    return sum(1 << last for last in range(size, 13, size) if month_of(year, last - size + 1) < founded)


def branch_compliance(**scope):
    """Per branch and year, the active rules' judgments of it and its party groups folded by the length of
    their periods (``CLASSES``): ``clean``, the periods in which no org checked failed (and a bit per class
    checked), ``ok``, those in which one met its rule, ``short``: how many checks (org × rule) failed in each
    period (``SHORT_AT``), what falls due. ``scope``: ``branch_id``/``branch_id__in``, years."""
    rules = _rules(is_active=True)
    wanted = {scope["branch_id"]} if "branch_id" in scope else scope.get("branch_id__in")
    targets = _targets(None if wanted is None else set(wanted), with_groups=True) if rules else {}
    targets = {pk: t for pk, t in targets.items() if wanted is None or t[0] in wanted}
    judged = _judgments(targets, rules, {**scope, "_some": wanted is not None})
    years = defaultdict(set)
    for org_id, year, _rule_id in judged:
        years[targets[org_id][0]].add(year)
    by_branch = defaultdict(list)
    for org_id, target in targets.items():
        by_branch[target[0]].append((org_id, target))
    rows = []
    for branch_id, kept in years.items():
        for year in sorted(kept):
            clean, ok, checked, short = 0, 0, 0, [0] * SHORT_SIZE
            for offset in CLASSES.values():
                clean |= PERIOD_BITS << offset
            for org_id, (_b, kind, _counted, founded) in by_branch[branch_id]:
                for rule in rules:
                    if rule.org_kind != kind:
                        continue
                    size = MONTHS_IN[rule.period]
                    offset = CLASSES[size]
                    met, exempt = judged.get((org_id, year, rule.pk)) or (0, founded_mask(rule, year, founded))
                    failed = PERIOD_BITS & ~(met | exempt)
                    clean &= ~(failed << offset)
                    ok |= met << offset
                    checked |= 1 << offset
                    for last in range(size, 13, size):
                        if failed >> last & 1:
                            short[short_index(size, last)] += 1
            rows.append(
                {
                    "branch_id": branch_id,
                    "year": year,
                    "clean": clean | checked,
                    "ok": ok,
                    "short": ",".join(map(str, short)),
                }
            )
    return rows


register_summary(
    Summary(
        name=MARKS,
        model=ComplianceMark,
        key=("org_id", "year", "rule_id"),
        figures=("branch_id", "met", "exempt"),
        compute=compliance_marks,
        label="组织生活考核结果(组织×年×规则)",
    )
)
register_summary(
    Summary(
        name=BRANCHES,
        model=BranchCompliance,
        key=("branch_id", "year"),
        figures=("clean", "ok", "short"),
        compute=branch_compliance,
        label="组织生活考核汇总(支部×年)",
    )
)


def refresh_marks(org_ids, *, branches=True, **years):
    """The judgments of ``org_ids`` over ``years`` (``year=``, or ``year__gte``/``year__lte``; every year when
    none), with ``branches`` those of the branches of the party groups among them too (a group's reviews
    count for its branch); and the folded judgments of the branches they belong to."""
    org_ids = set(org_ids)
    rows = list(PartyOrg.objects.filter(pk__in=org_ids).values_list("pk", "path", "kind"))
    parents = {path[: -PartyOrg.steplen] for _pk, path, kind in rows if kind == PartyOrgKind.GROUP}
    parents = set(PartyOrg.objects.filter(path__in=parents).values_list("pk", flat=True)) if parents else set()
    judged = org_ids | parents if branches else org_ids
    if judged:
        refresh(get_summary(MARKS), org_id__in=sorted(judged), **years)
    folded = {pk for pk, _path, kind in rows if kind == PartyOrgKind.BRANCH} | parents
    if folded:
        refresh(get_summary(BRANCHES), branch_id__in=sorted(folded), **(years or {"year__gte": 0}))


def refresh_rule(rule):
    """After a rule is set or changed: its judgments everywhere, and every branch's folded ones."""
    refresh(get_summary(MARKS), rule_id=rule.pk)
    refresh(get_summary(BRANCHES), year__gte=0)


def refresh_rules():
    """After rules were written (or deleted) past the services: every judgment."""
    refresh(get_summary(MARKS), year__gte=0)
    refresh(get_summary(BRANCHES), year__gte=0)


@follow_party_orgs
def refresh_orgs(org_ids):
    """After orgs were created, moved in the tree, or changed kind or founding day: their judgments (and their
    branches') of every year; all of them after a tree was loaded at once."""
    if len(org_ids) > WHOLE_TREE:
        refresh(get_summary(MARKS), year__gte=0)
        refresh(get_summary(BRANCHES), year__gte=0)
    else:
        refresh_marks(org_ids)


def _refresh(name, places):
    """Refresh each distinct (org, year) of ``places`` once (an edit that moves nothing names one)."""
    summary = get_summary(name)
    scopes = sorted({(org_id, day.year) for org_id, day in places})
    for org_id, year in scopes:
        refresh(summary, org_id=org_id, year=year)
    for year in sorted({year for _org_id, year in scopes}):
        refresh_marks({org_id for org_id, y in scopes if y == year}, branches=name == REVIEWS, year=year)


def refresh_meetings(*places):
    """After a meeting's write: ``places`` are (org_id, date) pairs, before and after the change."""
    _refresh(MEETINGS, places)


def refresh_reviews(*places):
    """After a review's write: ``places`` are (org_id, month) pairs, before and after the change."""
    _refresh(REVIEWS, places)


def refresh_span(name, objects, field):
    """After a bulk write: every org written for, over the span of years written (one recomputation)."""
    objects = list(objects)
    if not objects:
        return
    years = [getattr(o, field).year for o in objects]
    org_ids = sorted({o.org_id for o in objects})
    refresh(get_summary(name), org_id__in=org_ids, year__gte=min(years), year__lte=max(years))
    refresh_marks(org_ids, branches=name == REVIEWS, year__gte=min(years), year__lte=max(years))
