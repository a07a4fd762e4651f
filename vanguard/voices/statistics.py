"""Reads of the participation statistics (合理化建议统计): a unit and its children for a year or a month.

Everything comes from the kept rows (``voices.summaries``, ``org.headcounts``), a fixed number of
queries whatever the number of suggestions: the rows of the units shown, for the months shown.
Every figure names the ledger filter that lists its suggestions (``ledger_query``): the ledger
(``suggestion-list``) reads ``unit`` (the unit and everything below it), ``year``, ``month`` (1–12, of
the submission), ``category`` and ``status`` (repeated for several states).
"""

from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import urlencode

from django.core.cache import cache
from django.db.models import Sum

from vanguard.core.models import AuditHead
from vanguard.org.models import Unit, User
from vanguard.org.selectors import node_and_children_counts, tree_children, tree_children_page, unit_counts

from .choices import ADOPTED_STATES, SuggestionCategory
from .models import ParticipationTarget, SuggestionFigures, SuggestionParticipation
from .summaries import BENEFIT_STATES, IMPLEMENTED_STATES, REWARDED_STATES, WHOLE_YEAR

ROWS_PER_PAGE = 40
HEADCOUNT_SECONDS = 300
FIGURES = ("suggestions", "adopted", "implemented", "benefit", "rewarded", "reward_paid")
# The states behind each figure, as the ledger filters them.
FIGURE_STATES = {
    "suggestions": (),
    "adopted": ADOPTED_STATES,
    "implemented": IMPLEMENTED_STATES,
    "benefit": BENEFIT_STATES,
    "rewarded": REWARDED_STATES,
    "reward_paid": REWARDED_STATES,
}


def ledger_query(*, unit_id=None, year=None, month=None, category=None, states=()) -> str:
    """The ledger's query string for a figure's suggestions (see the module's note for the parameters)."""
    params = [("unit", unit_id), ("year", year), ("month", month), ("category", category)]
    params += [("status", str(s)) for s in states]
    return urlencode([(k, v) for k, v in params if v not in (None, "")])


def _ratio(part, whole):
    return None if not whole else Decimal(part) / Decimal(whole)


@dataclass
class Target:
    per_head: Decimal  # suggestions per head and year
    participation: Decimal  # percent
    implementation: Decimal  # percent
    own: bool  # set on the unit itself, not inherited


@dataclass
class Row:
    """A unit's subtree in the period: the kept sums, its headcount and the target it answers to."""

    unit: Unit
    people: int = 0
    participants: int = 0
    target: Target | None = None
    expected_share: Decimal = Decimal(1)  # the part of the yearly per-head target due in the period
    whole_year: bool = True
    by_category: dict = field(default_factory=dict)
    suggestions: int = 0
    adopted: int = 0
    implemented: int = 0
    benefit: Decimal = Decimal(0)
    rewarded: int = 0
    reward_paid: Decimal = Decimal(0)

    @property
    def per_head(self):
        return _ratio(self.suggestions, self.people)

    @property
    def participation(self):
        return _ratio(self.participants, self.people)

    @property
    def adoption_rate(self):
        return _ratio(self.adopted, self.suggestions)

    @property
    def implementation_rate(self):
        return _ratio(self.implemented, self.adopted)

    @property
    def per_head_expected(self):
        return None if self.target is None else self.target.per_head * self.expected_share

    @property
    def per_head_met(self):
        """None when there is nothing to judge (no people, no target)."""
        if self.per_head is None or self.target is None:
            return None
        return self.per_head >= self.per_head_expected

    @property
    def participation_met(self):
        """Judged on the year to date only: one month's share of the headcount is not the year's target."""
        if self.participation is None or self.target is None or not self.whole_year:
            return None
        return self.participation * 100 >= self.target.participation

    @property
    def implementation_met(self):
        if self.implementation_rate is None or self.target is None:
            return None
        return self.implementation_rate * 100 >= self.target.implementation

    @property
    def missed(self):
        return False in (self.per_head_met, self.participation_met, self.implementation_met)

    def query(self, year, month, *, category=None, figure="suggestions"):
        return ledger_query(
            unit_id=self.unit.pk, year=year, month=month, category=category, states=FIGURE_STATES[figure]
        )


@dataclass
class Statistics:
    year: int
    month: int | None
    node: Unit | None  # the unit whose children are listed; None: the user's top units
    total: Row | None
    rows: list
    count: int  # rows on every page
    start: int
    trend: list  # per month of the year, the node's (or the shown rows') figures
    categories: list = field(default_factory=lambda: list(SuggestionCategory.choices))

    @property
    def next_start(self):
        end = self.start + len(self.rows)
        return end if end < self.count else None

    @property
    def previous_start(self):
        return max(self.start - ROWS_PER_PAGE, 0) if self.start else None


def _targets(units):
    """Each unit's target: its own, else its nearest ancestor's, else the company default. One query."""
    kept = list(ParticipationTarget.objects.select_related("unit").order_by("id"))
    default = next((t for t in kept if t.unit_id is None), None)
    by_path = {t.unit.path: t for t in kept if t.unit_id is not None}
    result = {}
    for unit in units:
        found = default
        own = False
        for end in range(len(unit.path), 0, -Unit.steplen):
            hit = by_path.get(unit.path[:end])
            if hit is not None:
                found, own = hit, end == len(unit.path)
                break
        if found is not None:
            result[unit.pk] = Target(found.per_head, found.participation, found.implementation, own)
    return result


def _months(year, month):
    if month:
        return year * 12 + month - 1, year * 12 + month - 1
    return year * 12, year * 12 + 11


def _expected_share(year, month, today):
    """The part of a yearly per-head target due by the end of the period (the year to date for this year)."""
    if month:
        return Decimal(1) / 12
    if year == today.year:
        return Decimal(today.month) / 12
    return Decimal(1)


def statistics(
    *,
    user: User,
    year: int,
    month: int | None,
    today,
    node: Unit | None = None,
    start: int = 0,
    page_size=ROWS_PER_PAGE,
) -> Statistics:
    """``node`` and a page of its children (the user's top units when no node is given and he has several)."""
    if node is None:
        tops = tree_children(model=Unit, user=user)
        if len(tops) == 1:
            node = tops[0]
    if node is not None:
        page = tree_children_page(model=Unit, user=user, parent=node, start=start, size=page_size)
        shown, count, start = page.nodes, page.total, page.start
    else:
        count = len(tops)
        shown = tops[start : start + page_size]
    rows = [Row(unit=unit) for unit in shown]
    total = Row(unit=node) if node is not None else None
    everyone = [*rows, *([total] if total else [])]
    people = _headcounts(node, shown)
    _fill(everyone, people=people, year=year, month=month, today=today)
    trend = _trend([r.unit for r in everyone] if total is None else [node], year)
    return Statistics(year=year, month=month, node=node, total=total, rows=rows, count=count, start=start, trend=trend)


def _headcounts(node, shown):
    """People in the subtree of ``node`` and of each unit shown, by path.

    Summed from the kept head counts (``org.headcounts``), a row per unit of the subtree: at the company that
    is every unit, so the sums are kept in the cache until the next audited write (every change of people is
    audited), and a page reads one small row instead. A node and its children are read in one grouped query
    (``unit_counts`` of a node beside its own children would take the people placed on the node itself for its
    whole subtree).
    """
    # The chain's last hash, not its length: a write rolled back and another made instead leave the same length.
    head = AuditHead.objects.values_list("last_hash", flat=True).first() or ""
    units = f"n{node.pk}" if node is not None else ",".join(str(u.pk) for u in shown)
    key = f"voices-heads:{units}:{head}"
    counts = cache.get(key)
    if counts is None:
        counts = node_and_children_counts(model=Unit, node=node) if node is not None else unit_counts(shown)
        cache.set(key, counts, HEADCOUNT_SECONDS)
    return counts


def _fill(rows, *, people, year, month, today):
    """Kept figures, participants and targets of ``rows`` (``people``: the headcounts by path): three queries."""
    units = [r.unit for r in rows]
    by_id = {r.unit.pk: r for r in rows}
    sums = (
        SuggestionFigures.objects.filter(unit_id__in=by_id, month__range=_months(year, month))
        .order_by()
        .values("unit_id", "category")
        .annotate(**{name: Sum(name) for name in FIGURES})
    )
    for s in sums:
        row = by_id[s["unit_id"]]
        row.by_category[s["category"]] = s["suggestions"]
        for name in FIGURES:
            setattr(row, name, getattr(row, name) + s[name])
    participation = SuggestionParticipation.objects.filter(
        unit_id__in=by_id, year=year, month_of_year=month or WHOLE_YEAR
    ).values_list("unit_id", "participants")
    for unit_id, n in participation:
        by_id[unit_id].participants = n
    targets = _targets(units)
    share = _expected_share(year, month, today)
    for row in rows:
        row.people = people.get(row.unit.path, {}).get("people") or 0
        row.target = targets.get(row.unit.pk)
        row.expected_share, row.whole_year = share, not month


def _trend(units, year):
    """Per month of ``year``, summed over ``units``: suggestions, adopted, participants and the participation
    ratio (over the units' headcount now). Two queries."""
    ids = [u.pk for u in units]
    months = {
        m["month"]: m
        for m in SuggestionFigures.objects.filter(unit_id__in=ids, month__range=_months(year, None))
        .order_by()
        .values("month")
        .annotate(suggestions=Sum("suggestions"), adopted=Sum("adopted"), benefit=Sum("benefit"))
    }
    takers = dict(
        SuggestionParticipation.objects.filter(unit_id__in=ids, year=year, month_of_year__gt=0)
        .order_by()
        .values("month_of_year")
        .annotate(n=Sum("participants"))
        .values_list("month_of_year", "n")
    )
    trend = []
    for n in range(1, 13):
        row = months.get(year * 12 + n - 1, {})
        trend.append(
            {
                "month": n,
                "suggestions": row.get("suggestions") or 0,
                "adopted": row.get("adopted") or 0,
                "benefit": row.get("benefit") or Decimal(0),
                "participants": takers.get(n) or 0,
            }
        )
    return trend
