"""Demo data of the indicators app, built in bulk (no per-row services): registered in ``apps.py`` in the
order they depend on each other (values, then competitions scored from them, then talent).

Demo indicator values, targets and pledges: 36 months of the eight standard indicators on every team, ending
last month. Each team has a level (a few star teams clearly better), its figures drift the right way over the
years with a dip at the Spring Festival, and noise. The months before last are closed (a few values corrected
after closing); last month is being entered (some teams have not yet). Targets and breakthrough targets per team
and plant and year; star teams pledge a quarter's figure, some met, some missed, the current quarter open.

Deterministic for a size and a day. Written with raw multi-row inserts (432,000 values at the large scale);
the roll-ups are rebuilt once at the end by ``core.demo`` (the summary rebuild).
"""

import importlib
import pkgutil
import random
import time
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone

from vanguard.core.access import system_actor
from vanguard.org.choices import CadreLevel, Role, UnitKind
from vanguard.org.models import Person, RoleAssignment, Unit

from .choices import Aggregation, Direction, ValueSource
from .models import Indicator, IndicatorPeriod, IndicatorTarget, IndicatorValue, Pledge, ValueCorrection
from .periods import Period, month_number, month_of

# ---------------------------------------------------------------- indicators, values, targets and pledges

MONTHS = 36
STAR_SHARE = 0.06  # of the teams: clearly better, and they pledge
LATE_SHARE = 0.12  # of the teams: last month not entered yet
BATCH = 5000


@dataclass(frozen=True)
class Curve:
    """How an indicator's monthly value is drawn: a level between ``worst`` and ``best`` by the team's
    standing, a yearly drift toward better, noise, and bounds."""

    worst: float
    best: float
    drift: float  # share of the level per year, in the better direction
    noise: float  # share of the level (or points, for a percentage)
    cap: float | None = None
    festival: float = 0.0  # share of the level lost (output) or added (cost) in February


CURVES = {
    "output": Curve(700, 2600, 0.04, 0.06, festival=-0.18),
    "cost-per-ton": Curve(3400, 2850, 0.02, 0.025, festival=0.05),
    "quality-pass-rate": Curve(96.2, 99.6, 0.002, 0.004, cap=100),
    "equipment-availability": Curve(93.0, 99.2, 0.003, 0.008, cap=100),
    "equipment-downtime": Curve(34, 4, 0.08, 0.25),
    "safety-violations": Curve(3.2, 0.2, 0.10, 0.6),
    "five-defence-hazards": Curve(88, 100, 0.01, 0.02, cap=100),
    "contract-fulfilment": Curve(93.5, 99.8, 0.003, 0.008, cap=100),
}


def _better(indicator, figure, share):
    """``figure`` moved ``share`` of itself in the indicator's better direction."""
    return figure * (1 + share if indicator.direction == Direction.HIGHER else 1 - share)


class ValuesDemo:
    def __init__(self, size, stdout=None, today=None):
        self.size, self.stdout = size, stdout
        self.today = today or timezone.localdate()
        self.rng = random.Random(f"indicators-values-{size}-{self.today.isoformat()}")
        self.last = month_number(self.today) - 1
        self.first = self.last - MONTHS + 1
        self.actor = system_actor()
        self.now = timezone.now()

    def log(self, text):
        if self.stdout:
            self.stdout.write(f"  indicators: {text}")

    def build(self):
        if IndicatorValue.objects.exists():
            return
        indicator_defaults_ensure()
        started = time.perf_counter()
        self.indicators = [i for i in Indicator.objects.filter(active=True, code__in=CURVES).order_by("order")]
        teams = list(Unit.objects.filter(kind=UnitKind.TEAM).order_by("path").values_list("pk", "path"))
        if not teams or not self.indicators:
            return
        self.teams = teams
        self.standing = {pk: self.rng.random() ** 1.3 for pk, _ in teams}
        stars = self.rng.sample([pk for pk, _ in teams], max(2, round(len(teams) * STAR_SHARE)))
        for pk in stars:
            self.standing[pk] = 0.92 + self.rng.random() * 0.08
        self.stars = sorted(stars)
        others = [pk for pk, _ in teams if pk not in set(stars)]
        self.late = set(self.rng.sample(others, round(len(teams) * LATE_SHARE)))
        count = self.values()
        self.close_months()
        self.corrections()
        targets = self.targets()
        pledges = self.pledges()
        self.log(
            f"{count} values, {targets} targets, {pledges} pledges in {time.perf_counter() - started:.1f} s "
            f"(roll-ups with the summaries)"
        )

    # ---------------------------------------------------------------- values

    def expected(self, indicator, team, month):
        """The team's level for the month without noise."""
        curve = CURVES[indicator.code]
        level = curve.worst + (curve.best - curve.worst) * self.standing[team]
        years = (month - self.last) / 12  # negative: the past was a little worse
        level = _better(indicator, level, curve.drift * years)
        if month % 12 == 1 and curve.festival:
            level *= 1 + curve.festival
        return level

    def draw(self, indicator, team, month):
        curve = CURVES[indicator.code]
        level = self.expected(indicator, team, month)
        if indicator.unit_of_measure == "%":
            value = level + self.rng.gauss(0, curve.noise * 100)
        elif indicator.code == "safety-violations":
            value = round(max(0.0, self.rng.gauss(level, level * curve.noise + 0.4)))
        else:
            value = level * (1 + self.rng.gauss(0, curve.noise))
        if curve.cap is not None:
            value = min(value, curve.cap)
        return round(max(value, 0.0), indicator.decimals)

    def values(self):
        rows = [
            (indicator.pk, team, month, self.draw(indicator, team, month), ValueSource.IMPORT.value, self.actor.pk, 1)
            for team, _ in self.teams
            for month in range(self.first, (self.last - 1 if team in self.late else self.last) + 1)
            for indicator in self.indicators
        ]
        columns = ("indicator_id", "unit_id", "month", "value", "source", "entered_by_id", "version")
        self._insert(IndicatorValue, columns, rows, updated=True)
        return len(rows)

    def _insert(self, model, columns, rows, *, updated=False, stamped=False):
        """Multi-row inserts past the ORM (a value row costs microseconds, not the ORM's tenths of a millisecond);
        ``updated``/``stamped`` add ``updated_at`` (and ``created_at``) as now."""
        at = connection.ops.adapt_datetimefield_value(self.now)
        extra = ("created_at", "updated_at") if stamped else ("updated_at",) if updated else ()
        names = ", ".join((*columns, *extra))
        sql = f"INSERT INTO {model._meta.db_table} ({names}) VALUES ({', '.join(['%s'] * (len(columns) + len(extra)))})"
        tail = (at,) * len(extra)
        with connection.cursor() as cursor:
            for start in range(0, len(rows), BATCH):
                cursor.executemany(sql, [(*row, *tail) for row in rows[start : start + BATCH]])

    def close_months(self):
        """Every month before last is closed, ten days into the next one."""
        closed = []
        for month in range(self.first, self.last):
            year, number = month_of(month + 1)
            at = timezone.make_aware(datetime(year, number, 10, 17, 0))
            closed.append(IndicatorPeriod(month=month, closed_at=at, closed_by=self.actor))
        IndicatorPeriod.objects.bulk_create(closed)

    def corrections(self):
        """A few values corrected after their month closed (a meter recalibrated, a late scrap return)."""
        reasons = ("计量表校准后重新核定", "质检部门复检后更正", "月底报废量补报", "财务结账后成本重新分摊")
        picks = sorted(self.rng.sample([pk for pk, _ in self.teams], min(4, len(self.teams))))
        values = list(
            IndicatorValue.objects.filter(unit_id__in=picks, month=self.last - 2, indicator=self.indicators[0])
        )
        fixes = []
        for n, value in enumerate(values):
            old = value.value
            value.value = (old * Decimal("0.98")).quantize(Decimal("0.1"))
            value.version = 2
            fixes.append(
                ValueCorrection(
                    value=value,
                    old_value=old,
                    new_value=value.value,
                    reason=reasons[n % len(reasons)],
                    actor=self.actor,
                    at=self.now - timedelta(days=20),
                )  # fmt: skip
            )
        IndicatorValue.objects.bulk_update(values, ["value", "version"])
        ValueCorrection.objects.bulk_create(fixes)

    # ---------------------------------------------------------------- targets and pledges

    def _year_figure(self, indicator, teams, year):
        """The year's expected figure for ``teams`` (a team or a plant's teams) by the indicator's aggregation:
        each team's level at mid-year (the drift is linear), twelve of them for a summed indicator."""
        middle = year * 12 + 6
        levels = [self.expected(indicator, t, middle) for t in teams]
        if indicator.aggregation == Aggregation.SUM:
            return 12 * sum(levels)
        return sum(levels) / len(levels)

    def targets(self):
        plants = list(Unit.objects.filter(kind=UnitKind.PLANT).values_list("pk", "path"))
        by_plant = defaultdict(list)
        for team, path in self.teams:
            for plant, plant_path in plants:
                if path.startswith(plant_path):
                    by_plant[plant].append(team)
        first_year, last_year = month_of(self.first)[0], month_of(self.last + 1)[0]
        rows = []
        for year in range(first_year, last_year + 1):
            period = Period.year(year)
            for unit, teams in [*((t, [t]) for t, _ in self.teams), *by_plant.items()]:
                for indicator in self.indicators:
                    figure = self._year_figure(indicator, teams, year)
                    breakthrough = _better(indicator, figure, 0.03)
                    if indicator.maximum is not None:
                        breakthrough = min(breakthrough, float(indicator.maximum) - 0.1)
                    rows.append((indicator.pk, unit, period.first, period.last,
                                 round(_better(indicator, figure, -0.01), indicator.decimals),
                                 round(breakthrough, indicator.decimals), f"{year}年经济责任制考核指标", 1))  # fmt: skip
        self._insert(IndicatorTarget, ("indicator_id", "unit_id", "first_month", "last_month", "target",
                                       "breakthrough", "note", "version"), rows, stamped=True)  # fmt: skip
        return len(rows)

    @staticmethod
    def _decimal(indicator, figure):
        return Decimal(str(round(figure, indicator.decimals)))

    def pledges(self):
        """Each star team pledges two indicators for each of the last four quarters and the current one."""
        leaders = dict(
            Person.objects.filter(unit_id__in=self.stars, cadre_level=CadreLevel.TEAM_LEADER).values_list(
                "unit_id", "pk"
            )
        )
        union = RoleAssignment.objects.filter(role=Role.UNION_CADRE, unit__isnull=False).select_related("unit").first()
        follower = getattr(getattr(union, "user", None), "person", None) if union else None
        paths = dict(self.teams)
        year, month = month_of(self.last + 1)
        current = Period.quarter(year, (month - 1) // 3 + 1)
        quarters = [current]
        for _ in range(4):
            first = quarters[-1].first - 3
            quarters.append(Period(first, first + 2))
        rows = []
        for team in self.stars:
            if team not in leaders:
                continue
            for indicator in self.rng.sample(self.indicators, 2):
                for period in quarters:
                    months = list(period.months)
                    levels = [self.expected(indicator, team, m) for m in months]
                    figure = sum(levels) if indicator.aggregation == Aggregation.SUM else sum(levels) / len(levels)
                    stretch = self.rng.choice((-0.02, -0.01, 0.0, 0.015, 0.03))
                    value = _better(indicator, figure, stretch)
                    if indicator.maximum is not None:  # nobody pledges a perfect 100 %
                        value = min(value, float(indicator.maximum) - 0.2)
                    followed = follower is not None and paths[team].startswith(union.unit.path)
                    rows.append(
                        Pledge(indicator=indicator, unit_id=team, pledger_id=leaders[team], first_month=period.first,
                               last_month=period.last, value=self._decimal(indicator, value), star_team=True,
                               content=f"{period.label}{indicator.name}确保达到承诺值",
                               follower=follower if followed and period != current else None,
                               follow_up="已到班组核实进度,措施落实。" if followed and period != current else "")
                    )  # fmt: skip
        Pledge.objects.bulk_create(rows, batch_size=BATCH)
        return len(rows)


def indicator_defaults_ensure():
    """The standard indicators as their data migration seeds them (found by its name, whatever its number), for
    a database emptied since it migrated (the live-server tests empty the tables between tests)."""
    from django.apps import apps

    from . import migrations

    for module in pkgutil.iter_modules(migrations.__path__):
        if module.name.endswith("_values_defaults"):
            importlib.import_module(f"{migrations.__name__}.{module.name}").seed(apps, None)


@transaction.atomic
def build_values_demo(size, stdout=None, today=None):
    demo = ValuesDemo(size, stdout=stdout, today=today)
    demo.build()
    return demo


# ---- competitions
# ---- end competitions

# ---- talent
# ---- end talent
