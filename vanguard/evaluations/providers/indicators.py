"""Sources read from the indicators app: team indicators against their targets (指标完成, 突破性指标) and the
placings of published competition results (劳动竞赛、技术比武名次)."""

from collections import defaultdict
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import FloatField
from django.db.models.functions import Cast

from vanguard.core.dates import month_number
from vanguard.indicators.choices import Aggregation, Direction
from vanguard.indicators.models import (
    CompetitionResult,
    CompetitionStanding,
    Indicator,
    IndicatorTarget,
    IndicatorValue,
)
from vanguard.indicators.periods import Period as CompetitionPeriod
from vanguard.org.choices import UnitKind
from vanguard.org.models import Unit

from ..choices import ORG_SUBJECTS, PERSON_SUBJECTS, SubjectKind
from ..sources import SourceValue
from .base import HUNDRED, Param, among, automatic, common_prefix, link, places, subject_keys
from .voices import _unit_links, _units_of

# ---------------------------------------------------------------- indicators against targets


def _indicator(code):
    """The indicator named by the ``indicator`` param, or a message when there is none of that code."""
    if not code:
        return None
    found = Indicator.objects.filter(code=code).first()
    if found is None:
        raise ValidationError(f"参数「指标代码」(indicator)的指标“{code}”不存在。")
    return found


def _targets(prefix, first, last, indicator):
    """{(team, indicator): [(first month, last month, target a month, breakthrough a month, higher is better)]},
    the shortest period first, for the teams under ``prefix`` with a target in the months ``first``–``last``: a
    summed indicator's target shared out evenly over its months (as ``indicators.selectors.values.month_targets``
    reads one unit's month), and {team: path}. One query."""
    rows = IndicatorTarget.objects.filter(
        unit__path__startswith=prefix, unit__kind=UnitKind.TEAM, first_month__lte=last, last_month__gte=first
    )
    if indicator is not None:
        rows = rows.filter(indicator=indicator)
    columns = ("unit_id", "unit__path", "indicator_id", "first_month", "last_month", "target", "breakthrough")
    targets, paths = defaultdict(list), {}
    for unit, path, ind, a, b, target, beyond, aggregation, direction in rows.values_list(
        *columns, "indicator__aggregation", "indicator__direction"
    ):
        paths[unit] = path
        share = 1 / (b - a + 1) if aggregation == Aggregation.SUM else 1
        beyond = None if beyond is None else float(beyond) * share
        targets[(unit, ind)].append((a, b, float(target) * share, beyond, direction == Direction.HIGHER))
    for periods in targets.values():
        periods.sort(key=lambda t: t[1] - t[0])
    return targets, paths


def _month_target(periods, month):
    return next((t for t in periods if t[0] <= month <= t[1]), None)


@automatic(
    code="indicator-results",
    label="指标完成情况",
    kinds=(SubjectKind.TEAM, SubjectKind.BRANCH, SubjectKind.LEADERSHIP),
    doc=(
        "考评期内(截至本月)有目标、有数值的班组指标月中达到目标的比例 × 100,达到突破性目标的每个指标月"
        "另加 突破加分 ÷ 指标月数 × 100(合计不超过 100)。支部、领导班子按其覆盖单位下的全部班组计算。"
        "可用参数 indicator 只看一个指标(指标代码);breakthrough 为突破加分比例,默认 0.2。"
    ),
    params={
        "indicator": Param("指标代码", "", text=True),
        "breakthrough": Param("突破加分比例", Decimal("0.2"), minimum=Decimal(0), maximum=Decimal(1)),
    },
)
def indicator_results(round_, subjects, params, *, kind, period):
    keys = subject_keys(subjects, kind)
    indicator = _indicator(params["indicator"])
    units = _units_of(keys, kind)
    tops = {path: pk for found in units.values() for pk, path in found}
    prefix = common_prefix(tops, Unit.steplen)
    first, last = period.first_month, min(period.last_month, month_number(period.until))
    targets, paths = _targets(prefix, first, last, indicator)
    values = IndicatorValue.objects.filter(
        **among("unit_id", paths), month__gte=first, month__lte=last,
        indicator_id__in=sorted({ind for _unit, ind in targets}),
    ).annotate(figure=Cast("value", FloatField())).values_list("unit_id", "indicator_id", "month", "figure")  # fmt: skip
    with connection.cursor() as cursor:  # 150,000 rows of a large company: plain tuples, no per-row converters
        cursor.execute(*values.query.sql_with_params())
        values = cursor.fetchall()
    owners = {unit: [path[:end] for end in range(Unit.steplen, len(path) + 1, Unit.steplen) if path[:end] in tops]
              for unit, path in paths.items()}  # fmt: skip
    counted, met, beyond = defaultdict(int), defaultdict(int), defaultdict(int)
    for unit, ind, month, value in values:
        periods = targets.get((unit, ind))
        if not periods:
            continue
        target = periods[0] if len(periods) == 1 else _month_target(periods, month)
        if target is None or not target[0] <= month <= target[1]:
            continue
        _a, _b, goal, breakthrough, higher = target
        ok = value >= goal if higher else value <= goal
        hit = breakthrough is not None and (value >= breakthrough if higher else value <= breakthrough)
        for owner in owners[unit]:
            counted[owner] += 1
            met[owner] += ok
            beyond[owner] += hit
    links = _unit_links(units)
    result = {}
    for subject_pk, key in keys.items():
        found = units.get(key) or []
        n = sum(counted[p] for _pk, p in found)
        if not n:
            continue
        ok, bt = sum(met[p] for _pk, p in found), sum(beyond[p] for _pk, p in found)
        score = min(HUNDRED, (Decimal(ok) + Decimal(bt) * params["breakthrough"]) / n * HUNDRED)
        which = f"“{indicator.name}”" if indicator else ""
        result[subject_pk] = SourceValue(
            score=places(score), value=places(Decimal(ok) / n * HUNDRED), unit="%",
            detail=f"{period.label}{which}指标月 {n} 个,达到目标 {ok} 个,其中达到突破性目标 {bt} 个",
            url=link(
                "indicator-values", unit=links.get(key), below="on" if kind in ORG_SUBJECTS else "",
                indicator=indicator.pk if indicator else "", first=_month_text(first), last=_month_text(last),
            ),
        )  # fmt: skip
    return result


def _month_text(number):
    return f"{number // 12}-{number % 12 + 1:02d}"


# ---------------------------------------------------------------- competition placings

PLACING_POINTS = {"1": Decimal(100), "2": Decimal(90), "3": Decimal(80), "other": Decimal(70)}


@automatic(
    code="competition-placings",
    label="劳动竞赛名次",
    kinds=(SubjectKind.TEAM, SubjectKind.WORKER, SubjectKind.MEMBER),
    doc=(
        "考评期内已公布的劳动竞赛、技术比武结果中的最好名次:第 1 名 100、第 2 名 90、第 3 名 80、其他名次 70"
        "(分值可在参数 points 中按名次调整,other 为其余名次)。被否决或结果不成立的不计,没有名次的不计分。"
    ),
    params={"points": Param("名次分值", PLACING_POINTS, mapping=True)},
)
def competition_placings(round_, subjects, params, *, kind, period):
    keys = subject_keys(subjects, kind)
    points = params["points"]
    published = set(
        CompetitionResult.objects.filter(
            published=True, first_month__gte=period.first_month, last_month__lte=period.last_month
        ).values_list("competition_id", "first_month", "last_month")
    )
    column = "entry__person_id" if kind in PERSON_SUBJECTS else "entry__unit_id"
    rows = CompetitionStanding.objects.filter(
        **among(column, keys.values()), competition_id__in={c for c, _f, _l in published}, rank__isnull=False,
        vetoed=False, stands=True, first_month__gte=period.first_month, last_month__lte=period.last_month,
    ).values_list(column, "entry_id", "competition_id", "competition__name", "first_month", "last_month", "rank")  # fmt: skip
    best, placings = {}, defaultdict(int)
    for owner, entry, competition, name, first, last, rank in rows:
        if (competition, first, last) not in published:
            continue
        placings[owner] += 1
        earned = points.get(str(rank), points.get("other", Decimal(70)))
        if owner not in best or (earned, -rank) > (best[owner][0], -best[owner][1]):
            best[owner] = (earned, rank, entry, name, CompetitionPeriod(first, last))
    result = {}
    for subject_pk, key in keys.items():
        if key not in best:
            continue
        earned, rank, entry, name, when = best[key]
        url = link("competition-entry-breakdown", entry, period=f"{when.first}-{when.last}")
        result[subject_pk] = SourceValue(
            score=places(earned), value=Decimal(rank), unit="名",
            detail=f"{period.label}已公布名次 {placings[key]} 个,最好:{name} {when.label} 第 {rank} 名",
            url=url,
        )  # fmt: skip
    return result
