"""The indicators' summary table, which a unit's trend and board read instead of its teams' values.

``indicators.rollup`` (``IndicatorRollup``): per unit above the teams × indicator × month, the teams' values
added up (``total``, ``count``) and, for an indicator weighted by output, the value × weight and the weights
(``weighted_total``, ``weight_total``). A team's own figures are its values; a unit's are read from here by
the indicator's aggregation (``IndicatorRollup.figure``). Only values entered for teams count, so a figure
entered for a plant itself never adds to what its teams entered.

Computed in SQL over the materialised path: each team value is joined to its ancestors by the prefixes of the
team's path (an indexed equality per level, not a LIKE scan), and grouped by ancestor, indicator and month, so
a refresh of one month of all teams is one query. ``indicator_values_upsert`` refreshes the units, months and
indicators it touched in its own transaction, before it emits ``INDICATOR_VALUES_CHANGED``.
"""

from django.db import connection

from vanguard.core.summaries import Summary, _take_turns, register_summary
from vanguard.org.choices import UnitKind
from vanguard.org.models import Unit

from .choices import Aggregation
from .models import Indicator, IndicatorRollup, IndicatorValue

MAX_DEPTH = 12  # deeper than any unit tree: the ancestor levels a team's path is cut at
# Past this many touched teams a refresh recomputes the months whole instead of naming every ancestor.
ALL_UNITS_ABOVE = 200
FIGURES = ("total", "count", "weighted_total", "weight_total")
# Sums are taken over whole numbers (values have four decimals), so a figure does not depend on the order the
# database adds the rows in: a refresh and a rebuild give the same float to the last bit.
SCALE, WEIGHTED_SCALE = 10_000, 1_000_000


def _sql(scope):
    """The grouped query for ``scope`` (``unit_id__in``, ``month__in``, ``indicator_id__in``; none for all)."""
    value, unit, indicator = (m._meta.db_table for m in (IndicatorValue, Unit, Indicator))
    levels = " UNION ALL ".join(f"SELECT {n} AS depth" for n in range(1, MAX_DEPTH))
    where, params = ["u.kind = %s"], [UnitKind.TEAM.value]
    for name, column in (("unit_id__in", "a.id"), ("month__in", "v.month"), ("indicator_id__in", "v.indicator_id")):
        if name in scope:
            ids = sorted(scope[name])
            if not ids:
                return None, None
            where.append(f"{column} IN ({', '.join(['%s'] * len(ids))})")
            params.extend(ids)
    unknown = set(scope) - {"unit_id__in", "month__in", "indicator_id__in"}
    if unknown:
        raise ValueError(f"the roll-up is refreshed by units, months and indicators, not {sorted(unknown)}")
    sql = f"""
        SELECT a.id, v.indicator_id, v.month, SUM(CAST(ROUND(v.value * {SCALE}) AS BIGINT)), COUNT(*),
               SUM(CASE WHEN i.aggregation = %s THEN CAST(ROUND(v.value * w.value * {WEIGHTED_SCALE}) AS BIGINT) END),
               SUM(CASE WHEN i.aggregation = %s THEN CAST(ROUND(w.value * {SCALE}) AS BIGINT) END)
        FROM {value} v
        JOIN {unit} u ON u.id = v.unit_id
        JOIN {indicator} i ON i.id = v.indicator_id
        LEFT JOIN {value} w ON w.unit_id = v.unit_id AND w.indicator_id = i.weight_by_id AND w.month = v.month
        JOIN ({levels}) d ON d.depth < u.depth
        JOIN {unit} a ON a.path = SUBSTR(u.path, 1, d.depth * {Unit.steplen})
        WHERE {" AND ".join(where)}
        GROUP BY a.id, v.indicator_id, v.month
    """
    return sql, [Aggregation.WEIGHTED.value, Aggregation.WEIGHTED.value, *params]


def indicator_rollups(**scope):
    """Rows of ``IndicatorRollup`` for ``scope``: one grouped query."""
    sql, params = _sql(scope)
    if sql is None:
        return []
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [
            {
                "unit_id": unit,
                "indicator_id": indicator,
                "month": month,
                "total": int(total or 0) / SCALE,
                "count": count,
                "weighted_total": int(weighted or 0) / WEIGHTED_SCALE,
                "weight_total": int(weights or 0) / SCALE,
            }
            for unit, indicator, month, total, count, weighted, weights in cursor.fetchall()
        ]


ROLLUP = register_summary(
    Summary(
        name="indicators.rollup",
        model=IndicatorRollup,
        key=("unit_id", "indicator_id", "month"),
        figures=FIGURES,
        compute=indicator_rollups,
        label="指标月度汇总",
    )
)


def _ancestor_ids(unit_ids):
    """The units above the teams among ``unit_ids`` (two queries: the teams' paths, then their ancestors)."""
    paths = Unit.objects.filter(pk__in=unit_ids, kind=UnitKind.TEAM).values_list("path", flat=True)
    step = Unit.steplen
    above = {path[:end] for path in paths for end in range(step, len(path), step)}
    return list(Unit.objects.filter(path__in=above).values_list("pk", flat=True)) if above else []


def indicator_rollups_refresh(*, unit_ids, months, indicator_ids) -> None:
    """Recompute what a write of values touched: the teams' ancestors in those months, for the indicators
    written and those weighted by them (a team's output weighs its cost per ton). Inside the write's
    transaction."""
    indicator_ids = set(indicator_ids)
    indicator_ids |= set(Indicator.objects.filter(weight_by_id__in=indicator_ids).values_list("pk", flat=True))
    scope = {"month__in": sorted(months), "indicator_id__in": sorted(indicator_ids)}
    if len(unit_ids) <= ALL_UNITS_ABOVE:
        units = _ancestor_ids(unit_ids)
        if not units:
            return
        scope["unit_id__in"] = units
    _replace(scope)


def _replace(scope):
    """``core.summaries.refresh`` for this table with the rows written past the ORM (a month of a large company
    is ~8,000 roll-up rows: a tenth of a second as one multi-row statement, a second as model instances)."""
    _take_turns()
    rows = indicator_rollups(**scope)
    IndicatorRollup.objects.filter(**scope).delete()
    columns = ("unit_id", "indicator_id", "month", *FIGURES)
    sql = (f"INSERT INTO {IndicatorRollup._meta.db_table} ({', '.join(columns)}) "
           f"VALUES ({', '.join(['%s'] * len(columns))})")  # fmt: skip
    with connection.cursor() as cursor:
        cursor.executemany(sql, [tuple(row[c] for c in columns) for row in rows])
