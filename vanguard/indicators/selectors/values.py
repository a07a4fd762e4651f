"""Reads of indicator values for a user: the units he may see, a team's or unit's figures by month (a team's from
its values, a unit's from the roll-up), targets and how far off a figure is, pledges met or missed.

Competitions read a unit's figures through ``unit_figures`` and the months closed through ``closed_months``.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Q

from vanguard.core.choices import Action
from vanguard.core.scope import get_scope
from vanguard.org.access import ROSTER_VIEW_ROLES
from vanguard.org.choices import UnitKind
from vanguard.org.models import Unit

from ..access import VALUE_ROLES, value_units_q
from ..aggregation import aggregate, better
from ..choices import Aggregation, Direction
from ..models import (
    Indicator,
    IndicatorPeriod,
    IndicatorRollup,
    IndicatorTarget,
    IndicatorValue,
    Pledge,
    ValueCorrection,
    rollup_figure,
)

NEAR = 0.05  # short of the target by at most this share: amber, not red
GREEN, AMBER, RED = "green", "amber", "red"
IN_PROGRESS, MET, MISSED = "进行中", "已兑现", "未兑现"


def number_param(value, digits=18):
    """A whole number from a query parameter (an id, a page start, a year), or None: ASCII digits only and short
    enough for the database's integers."""
    value = str(value or "")
    return int(value) if value.isascii() and value.isdigit() and len(value) <= digits else None


def indicators():
    """The active indicators in their order (one query)."""
    return list(Indicator.objects.filter(active=True).select_related("weight_by").order_by("order", "pk"))


def visible_units(*, user, action=Action.VIEW):
    """The units whose values ``user`` may see (or enter, for ``Action.CHANGE``)."""
    return Unit.objects.filter(value_units_q(get_scope(user), action))


def home_unit(*, user):
    """The unit a board opens on: the user's own team, else the widest unit he may see."""
    scope = get_scope(user)
    if scope is None:
        return None
    granted = Unit.objects.filter(scope.unit_q("", ROSTER_VIEW_ROLES | VALUE_ROLES)).order_by("depth", "path").first()
    if granted is not None:
        return granted
    return Unit.objects.filter(path=scope.unit_path).first() if scope.unit_path else None


def closed_months(first, last):
    return set(IndicatorPeriod.objects.filter(month__gte=first, month__lte=last).values_list("month", flat=True))


def unit_figures(units, first, last, indicator_ids=None, aggregations=None):
    """``{(unit id, indicator id, month): figure}`` for ``units`` over a month range: a team's from its values,
    a unit above from the roll-up by the indicator's aggregation (``aggregations``: {indicator id: aggregation},
    read when not given). Two queries at most, whatever the units; rows read as tuples."""
    teams = [u.pk for u in units if u.kind == UnitKind.TEAM]
    above = [u.pk for u in units if u.kind != UnitKind.TEAM]
    figures = {}
    if teams:
        rows = IndicatorValue.objects.filter(unit_id__in=teams, month__gte=first, month__lte=last)
        if indicator_ids is not None:
            rows = rows.filter(indicator_id__in=indicator_ids)
        for unit, indicator, month, value in rows.values_list("unit_id", "indicator_id", "month", "value"):
            figures[(unit, indicator, month)] = float(value)
    if above:
        if aggregations is None:
            aggregations = dict(Indicator.objects.values_list("pk", "aggregation"))
        rows = IndicatorRollup.objects.filter(unit_id__in=above, month__gte=first, month__lte=last)
        if indicator_ids is not None:
            rows = rows.filter(indicator_id__in=indicator_ids)
        columns = ("unit_id", "indicator_id", "month", "total", "count", "weighted_total", "weight_total")
        for unit, indicator, month, *sums in rows.values_list(*columns):
            figures[(unit, indicator, month)] = rollup_figure(aggregations.get(indicator), *sums)
    return figures


def figure_text(figure, decimals):
    """A figure as the tables show it (thousands separated, the indicator's decimals); "—" for none."""
    return "—" if figure is None else f"{figure:,.{decimals}f}"


@dataclass
class TargetFigure:
    target: float | None
    breakthrough: float | None
    period: str


def month_targets(unit, month):
    """``{indicator id: TargetFigure}`` for one unit's month: the shortest target period holding the month; a
    summed indicator's target shared out evenly over its months (a year's output target is a twelfth a month)."""
    rows = IndicatorTarget.objects.filter(unit=unit, first_month__lte=month, last_month__gte=month).select_related(
        "indicator"
    )
    chosen = {}
    for row in sorted(rows, key=lambda r: r.last_month - r.first_month, reverse=True):
        chosen[row.indicator_id] = row
    result = {}
    for pk, row in chosen.items():
        share = 1 / (row.last_month - row.first_month + 1) if row.indicator.aggregation == Aggregation.SUM else 1
        result[pk] = TargetFigure(
            float(row.target) * share,
            None if row.breakthrough is None else float(row.breakthrough) * share,
            _period_label(row),
        )
    return result


def _period_label(row):
    from ..periods import Period

    return Period(row.first_month, row.last_month).label


def colour(direction, figure, target):
    """Green at or beyond the target, amber short of it by at most ``NEAR``, red beyond that; None without both."""
    if figure is None or target is None:
        return None
    if better(direction, figure, target):
        return GREEN
    gap = abs(figure - target) / abs(target) if target else 1
    return AMBER if gap <= NEAR else RED


def reaches_breakthrough(direction, figure, breakthrough):
    return figure is not None and breakthrough is not None and better(direction, figure, breakthrough)


def ancestors(unit):
    """The units above ``unit``, the top first (one query by the path's prefixes)."""
    paths = [unit.path[:end] for end in range(Unit.steplen, len(unit.path), Unit.steplen)]
    return list(Unit.objects.filter(path__in=paths).order_by("depth")) if paths else []


def children_page(unit, *, start=0, size=50):
    """The unit's children from ``start`` (``size`` of them) and how many there are (two queries)."""
    children = Unit.objects.filter(path__startswith=unit.path, depth=unit.depth + 1).order_by("path")
    return list(children[start : start + size]), children.count()


def value_rows(*, user, unit=None, below=False, indicator=None, first=None, last=None, search=""):
    """The values ``user`` may see, filtered: a unit (and with ``below`` the teams under it), an indicator, a
    month range. For the list, its export and the API."""
    rows = IndicatorValue.objects.restrict(user, Action.VIEW)
    if unit is not None:
        rows = rows.filter(unit__path__startswith=unit.path) if below else rows.filter(unit=unit)
    if indicator is not None:
        rows = rows.filter(indicator=indicator)
    if first is not None:
        rows = rows.filter(month__gte=first)
    if last is not None:
        rows = rows.filter(month__lte=last)
    if search:
        rows = rows.filter(Q(unit__name__icontains=search) | Q(unit__code=search))
    # The order of the (month, unit, indicator) index, read backwards: a page without a sort of the table.
    return rows.order_by("-month", "-unit_id", "-indicator_id")


def corrections(*, user):
    return (
        ValueCorrection.objects.filter(value__in=IndicatorValue.objects.restrict(user, Action.VIEW))
        .select_related("value__indicator", "value__unit", "actor")
        .order_by("-at", "-pk")
    )


# ---------------------------------------------------------------- pledges


def pledge_states(pledges):
    """``{pledge id: (state, figure)}``: 进行中 until every month of its period has closed; then 已兑现 or 未兑现 by
    the team's values over the period, added up by the indicator's aggregation and compared by its direction.
    Two queries for a page of pledges."""
    pledges = list(pledges)
    if not pledges:
        return {}
    first, last = min(p.first_month for p in pledges), max(p.last_month for p in pledges)
    closed = closed_months(first, last)
    done = [p for p in pledges if all(m in closed for m in range(p.first_month, p.last_month + 1))]
    series = _team_series(done, first, last)
    states = {}
    for pledge in pledges:
        if pledge not in done:
            states[pledge.pk] = (IN_PROGRESS, None)
            continue
        figure = _period_figure(pledge.indicator, pledge.unit_id, pledge.first_month, pledge.last_month, series)
        met = figure is not None and better(pledge.indicator.direction, figure, pledge.value)
        states[pledge.pk] = (MET if met else MISSED, figure)
    return states


def _team_series(pledges, first, last):
    if not pledges:
        return {}
    ids = {p.indicator_id for p in pledges} | {p.indicator.weight_by_id for p in pledges if p.indicator.weight_by_id}
    rows = IndicatorValue.objects.filter(
        unit_id__in={p.unit_id for p in pledges}, indicator_id__in=ids, month__gte=first, month__lte=last
    ).values_list("unit_id", "indicator_id", "month", "value")
    return {(unit, indicator, month): value for unit, indicator, month, value in rows}


def _period_figure(indicator, unit_id, first, last, series):
    pairs = [(series.get((unit_id, indicator.pk, m)), series.get((unit_id, indicator.weight_by_id, m)))
             for m in range(first, last + 1)]  # fmt: skip
    pairs = [(value, weight) for value, weight in pairs if value is not None]
    weights = [weight for _, weight in pairs] if indicator.weight_by_id else None
    return aggregate(indicator.aggregation, [value for value, _ in pairs], weights)


def pledge_rows(*, user, unit=None, indicator=None, state="", search=""):
    rows = Pledge.objects.restrict(user, Action.VIEW).select_related(
        "indicator__weight_by", "unit", "pledger", "follower"
    )
    if unit is not None:
        rows = rows.filter(unit__path__startswith=unit.path)
    if indicator is not None:
        rows = rows.filter(indicator=indicator)
    if search:
        rows = rows.filter(Q(unit__name__icontains=search) | Q(pledger__name__icontains=search))
    return rows.order_by("-last_month", "unit__path", "pk")


def target_rows(*, user, params):
    """The targets of the list's filters (``unit``, ``indicator`` code, ``year``) and the year: the page and its
    export read the same."""
    from django.utils import timezone

    rows = IndicatorTarget.objects.restrict(user, Action.VIEW)
    if (pk := number_param(params.get("unit"))) is not None:
        rows = rows.filter(unit_id=pk)
    code = str(params.get("indicator") or "")[:40].replace("\x00", "")
    if code:
        rows = rows.filter(indicator__code=code)
    year = number_param(params.get("year"), 4)
    year = year if year is not None and 1900 <= year <= 2999 else timezone.localdate().year
    rows = rows.filter(first_month__gte=year * 12, last_month__lte=year * 12 + 11)
    return rows.order_by("unit__path", "indicator__order", "first_month"), year


def pledge_list_rows(*, user, params):
    """The pledges of the list's filters (``unit`` and below, ``indicator`` code, ``q``, ``pending``)."""
    from django.utils import timezone

    from ..periods import month_number

    unit = None
    if (pk := number_param(params.get("unit"))) is not None:
        unit = visible_units(user=user).filter(pk=pk).first()
    code = str(params.get("indicator") or "")[:40].replace("\x00", "")
    indicator = Indicator.objects.filter(code=code).first() if code else None
    rows = pledge_rows(user=user, unit=unit, indicator=indicator, search=str(params.get("q") or "")[:50])
    if params.get("pending"):  # the home item's list: ended, not yet followed up, by those who follow
        rows = rows.filter(last_month__lt=month_number(timezone.localdate()), follow_up="").filter(
            pk__in=Pledge.objects.restrict(user, Action.REVIEW).values("pk")
        )
    return rows


def trend_options(indicator, months, figures, *, target=None):
    """ECharts options of one indicator's monthly figures (a line) and its target (a dashed line)."""
    from ..periods import month_key

    data = [None if figures.get(m) is None else round(figures[m], indicator.decimals) for m in months]
    series = [{"type": "line", "name": indicator.name, "data": data, "smooth": True, "connectNulls": False}]
    if target is not None:
        series.append({"type": "line", "name": "目标", "data": [round(target, 2)] * len(months),
                       "lineStyle": {"type": "dashed"}, "symbol": "none"})  # fmt: skip
    return {
        "tooltip": {"trigger": "axis"},
        "grid": {"left": 48, "right": 12, "top": 24, "bottom": 24},
        "xAxis": {"type": "category", "data": [month_key(m) for m in months]},
        "yAxis": {"type": "value", "scale": True, "inverse": False},
        "series": series,
    }


def direction_word(indicator):
    return "↑" if indicator.direction == Direction.HIGHER else "↓"


def group_by_unit(figures):
    by = defaultdict(dict)
    for (unit, indicator, month), figure in figures.items():
        by[unit][(indicator, month)] = figure
    return by
