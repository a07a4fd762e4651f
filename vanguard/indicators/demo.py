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


# The data migrations that seed the app's rules: (name ending, function).
SEEDING_MIGRATIONS = (("_values_defaults", "seed"), ("_talent_titles", "seed_titles"))


def indicator_defaults_ensure():
    """The standard indicators and talent titles as their data migrations seed them (found by name, whatever
    their number), for a database emptied since it migrated (the live-server tests empty the tables between
    tests). The seeds add only what is missing."""
    from django.apps import apps

    from . import migrations

    for module in pkgutil.iter_modules(migrations.__path__):
        for ending, function in SEEDING_MIGRATIONS:
            if module.name.endswith(ending):
                getattr(importlib.import_module(f"{migrations.__name__}.{module.name}"), function)(apps, None)


@transaction.atomic
def build_values_demo(size, stdout=None, today=None):
    demo = ValuesDemo(size, stdout=stdout, today=today)
    demo.build()
    return demo


# ---- competitions
# Demo competitions: two of each kind (劳动竞赛, 技术比武, 青年文明号, 青安岗, 五小, 自定义): the labour
# competition company-wide and in the largest plant, the others in the two largest plants; with categories,
# rules on whatever indicators exist (their values are the indicators demo's), size bands, bonus items, veto rules and a few vetoes, prizes; the judged kinds with a panel and its signed
# scores, a leader that changes month by month so the red flag moves; the periods past published but the last
# (the office's home page shows it as due). Then the standings are computed by the same code as for users.
#
# Deterministic for a size and a day; bulk writes only.

from django.db import transaction  # noqa: E402

from .choices import (  # noqa: E402
    CompetitionKind,
    Granularity,
    IncidentLevel,
    IndicatorKind,
    Normalisation,
    ScoringMethod,
    VetoKind,
)
from .models import (  # noqa: E402
    BonusAward,
    BonusItem,
    Competition,
    CompetitionCategory,
    CompetitionEntry,
    CompetitionResult,
    Judge,
    JudgeScore,
    Prize,
    RuleTier,
    ScoringRule,
    SizeBand,
    Veto,
    VetoRule,
)
from .services.competitions import entry_names  # noqa: E402
from .services.standings import recompute, started_periods  # noqa: E402

K = CompetitionKind
# (kind, name, granularity, method, person entries, at most entries (None: every team), rules by indicator kind)
SPECS = (
    (K.LABOUR, "班组劳动竞赛", Granularity.MONTH, ScoringMethod.INDICATORS, False, None,
     (IndicatorKind.OUTPUT, IndicatorKind.QUALITY, IndicatorKind.COST)),
    (K.SKILLS, "技术比武", Granularity.QUARTER, ScoringMethod.JUDGES, True, {"tiny": 6, "small": 20, "large": 40}, ()),
    (K.YOUTH_BRAND, "青年文明号创建评比", Granularity.MONTH, ScoringMethod.JUDGES, False,
     {"tiny": 4, "small": 12, "large": 30}, ()),
    (K.SAFETY_POST, "青安岗评比", Granularity.MONTH, ScoringMethod.INDICATORS, False, None,
     (IndicatorKind.SAFETY, IndicatorKind.EQUIPMENT, IndicatorKind.FIVE_DEFENCE)),
    (K.FIVE_SMALL, "五小创新竞赛", Granularity.QUARTER, ScoringMethod.INDICATORS, False, None,
     (IndicatorKind.COST, IndicatorKind.OUTPUT)),
    (K.CUSTOM, "合同兑现竞赛", Granularity.YEAR, ScoringMethod.INDICATORS, False, None,
     (IndicatorKind.CONTRACT, IndicatorKind.OUTPUT)),
)  # fmt: skip
CATEGORIES = ("生产班组", "辅助班组")
JUDGES = 5
PRIZES = ((1, "一等奖", 3000), (2, "二等奖", 2000), (3, "三等奖", 1000))


class CompetitionsDemo:
    def __init__(self, size, stdout=None, today=None):
        self.size, self.stdout = size, stdout
        self.today = today or timezone.localdate()
        self.year, self.month = self.today.year, month_number(self.today)
        self.rng = random.Random(f"competitions-{size}-{self.today}")
        self.now = timezone.now()

    def log(self, text):
        if self.stdout is not None:
            self.stdout.write(text)

    @transaction.atomic
    def build(self):
        started = time.monotonic()
        root = Unit.objects.get_root_nodes().first()
        if root is None or Competition.objects.exists():
            return
        plants = list(Unit.objects.filter(kind=UnitKind.PLANT).order_by("-numchild", "path")[:2]) or [root]
        first, second = plants[0], plants[-1]
        indicators = self._indicators()
        competitions = []
        for n, spec in enumerate(SPECS):
            # The labour competition runs company-wide and in a plant; the others in two plants.
            for unit in (root, first) if spec[0] == K.LABOUR else (first, second):
                competitions.append(self._competition(spec, unit, n, indicators))
        self._publish(competitions)
        for competition in competitions:
            for period in started_periods(competition, self.today):
                recompute(competition, period)
        self.log(f"竞赛:{len(competitions)} 项,{time.monotonic() - started:.1f} 秒")

    def _indicators(self):
        """The first active indicator of each kind (the indicators demo's), by kind."""
        found = {}
        for indicator in Indicator.objects.filter(active=True).order_by("order", "pk"):
            found.setdefault(indicator.kind, indicator)
        return found

    def _competition(self, spec, unit, n, indicators):
        kind, name, granularity, method, personal, cap, rule_kinds = spec
        prefix = "公司" if unit.depth == 1 else unit.name
        competition = Competition.objects.create(
            name=f"{self.year}年{prefix}{name}", kind=kind, year=self.year, unit=unit, granularity=granularity,
            method=method, min_judges=3, description=f"{prefix}{name}:按{dict(Granularity.choices)[granularity]}评比,"
            f"各类别第一名达到 90 分的授予流动红旗。",
        )  # fmt: skip
        categories = CompetitionCategory.objects.bulk_create(
            [CompetitionCategory(competition=competition, name=c, order=i) for i, c in enumerate(CATEGORIES)]
        )
        entries = self._entries(competition, categories, personal, cap[self.size] if cap else None)
        Prize.objects.bulk_create([Prize(competition=competition, rank=r, title=t, amount=a) for r, t, a in PRIZES])
        self._veto_rules(competition)
        self._bonus(competition, entries)
        if method == ScoringMethod.JUDGES:
            self._judges(competition, entries, personal)
        else:
            self._rules(competition, [indicators[k] for k in rule_kinds if k in indicators])
        self._vetoes(competition, entries)
        return competition

    def _entries(self, competition, categories, personal, cap):
        unit = competition.unit
        if personal:
            people = Person.objects.filter(unit__path__startswith=unit.path, user__isnull=True, is_active=True)
            rows = [
                CompetitionEntry(competition=competition, category=categories[i % 2], person=p, name=p.name)
                for i, p in enumerate(people.order_by("pk")[JUDGES : JUDGES + cap])
            ]
        else:
            teams = list(Unit.objects.filter(kind=UnitKind.TEAM, path__startswith=unit.path).order_by("path"))
            if cap:
                teams = teams[:: max(1, len(teams) // cap)][:cap]
            names = entry_names(teams)
            # Every other process does auxiliary work here: teams of similar work are ranked together.
            processes = {path: i for i, path in enumerate(sorted({t.path[: -Unit.steplen] for t in teams}))}
            rows = [
                CompetitionEntry(competition=competition, category=categories[processes[t.path[: -Unit.steplen]] % 2],
                                 unit=t, name=names[t.pk])
                for t in teams
            ]  # fmt: skip
        return CompetitionEntry.objects.bulk_create(rows, batch_size=1000)

    def _rules(self, competition, indicators):
        if not indicators:
            return
        weight = Decimal(100 // len(indicators))
        for i, indicator in enumerate(indicators):
            normalisation = (Normalisation.PER_HEAD, Normalisation.SIZE_BAND, Normalisation.NONE)[i % 3]
            rule = ScoringRule.objects.create(competition=competition, indicator=indicator, weight=weight,
                                              normalisation=normalisation, order=i)  # fmt: skip
            RuleTier.objects.bulk_create([RuleTier(rule=rule, beyond_percent=Decimal(5), points=Decimal(2)),
                                          RuleTier(rule=rule, beyond_percent=Decimal(10), points=Decimal(4))])  # fmt: skip
        SizeBand.objects.bulk_create([
            SizeBand(competition=competition, min_size=0, max_size=10, divisor=Decimal(1)),
            SizeBand(competition=competition, min_size=11, max_size=25, divisor=Decimal("1.8")),
            SizeBand(competition=competition, min_size=26, max_size=100000, divisor=Decimal("3")),
        ])  # fmt: skip

    def _veto_rules(self, competition):
        VetoRule.objects.bulk_create([
            VetoRule(competition=competition, kind=VetoKind.SAFETY, level=IncidentLevel.GENERAL,
                     label="发生一般及以上安全事故"),
            VetoRule(competition=competition, kind=VetoKind.QUALITY, label="发生质量事故"),
            VetoRule(competition=competition, kind=VetoKind.ATTENDANCE, threshold=Decimal(95),
                     label="出勤率低于95%"),
        ])  # fmt: skip

    def _periods_past(self, competition):
        return [p for p in competition.periods() if p.last < self.month]

    def _vetoes(self, competition, entries):
        rule = competition.veto_rules.get(kind=VetoKind.SAFETY)
        past = self._periods_past(competition)
        if not past or not entries:
            return
        rows = []
        for _ in range(2):
            period, entry = self.rng.choice(past), self.rng.choice(entries)
            rows.append(Veto(entry=entry, rule=rule, level=IncidentLevel.GENERAL, first_month=period.first,
                             last_month=period.last, reason="发生一般安全事故(轻伤一人)",
                             evidence=f"安监通报〔{self.year}〕{self.rng.randint(3, 40)}号", recorded_at=self.now))  # fmt: skip
        Veto.objects.bulk_create(rows)

    def _bonus(self, competition, entries):
        items = BonusItem.objects.bulk_create([
            BonusItem(competition=competition, name="合理化建议被采纳", max_points=Decimal(3)),
            BonusItem(competition=competition, name="获上级表彰", max_points=Decimal(5)),
        ])  # fmt: skip
        past = self._periods_past(competition)
        if not past or not entries:
            return
        rows = [
            BonusAward(
                item=self.rng.choice(items),
                entry=self.rng.choice(entries),
                first_month=p.first,
                last_month=p.last,
                points=Decimal(self.rng.choice((1, 2, 3))),
                reason="建议被采纳实施",
                recorded_at=self.now,
            )  # fmt: skip
            for p in past
            for _ in range(2)
        ]
        BonusAward.objects.bulk_create(rows)

    def _judges(self, competition, entries, personal):
        """A panel of five; every judge scores every entry of the periods past (his own habit: some harsh, some
        lenient), and three of them the running period so far. Each period another entry shines, so the red
        flag moves."""
        people = Person.objects.filter(unit__path__startswith=competition.unit.path, user__isnull=True,
                                       is_active=True).order_by("-cadre_level", "pk")  # fmt: skip
        judges = Judge.objects.bulk_create([Judge(competition=competition, person=p) for p in people[:JUDGES]])
        if len(judges) < 3 or not entries:
            return
        habits = [self.rng.uniform(-12, 4) for _ in judges]
        talent = {e.pk: self.rng.uniform(70, 86) for e in entries}
        rows = []
        for index, period in enumerate(started_periods(competition, self.today)):
            star = entries[(index * 7 + len(entries) // 3) % len(entries)].pk
            running = period.last >= self.month
            for judge, habit in zip(judges[:3] if running else judges, habits, strict=False):
                for entry in entries:
                    base = 97 if entry.pk == star else talent[entry.pk] + self.rng.uniform(-5, 5)
                    score = Decimal(str(round(min(max(base + habit * (0.3 if entry.pk == star else 1), 0), 100), 1)))
                    rows.append(JudgeScore(judge=judge, entry=entry, first_month=period.first, last_month=period.last,
                                           score=score, signed_at=self.now))  # fmt: skip
        JudgeScore.objects.bulk_create(rows, batch_size=2000)

    def _publish(self, competitions):
        """Every period past is final but the last one (the office has still to publish it)."""
        rows = []
        for competition in competitions:
            for period in self._periods_past(competition)[:-1]:
                rows.append(CompetitionResult(competition=competition, first_month=period.first,
                                              last_month=period.last, published_at=self.now))  # fmt: skip
        CompetitionResult.objects.bulk_create(rows)


def build_competitions_demo(size, stdout=None, today=None):
    demo = CompetitionsDemo(size, stdout=stdout, today=today)
    demo.build()
    return demo


# ---- end competitions

# ---- talent
from datetime import date  # noqa: E402

from django.db import transaction  # noqa: E402

# A talent pool of holders over the three channels (some past their term, some re-assessed), nominations in
# every state, two plans with their ledgers, and innovation studios with yearly projects and 复核.
TALENT_HOLDERS = {"tiny": 24, "small": 150, "large": 1500}
TALENT_OPEN = {"tiny": 6, "small": 30, "large": 200}  # nominations per open or concluded state
STUDIOS = {"tiny": 4, "small": 12, "large": 80}


class TalentDemo:
    """Built in bulk: a handful of queries to read the company, then ``bulk_create`` per table."""

    def __init__(self, size, stdout=None, today=None):
        from vanguard.core.access import system_actor

        self.size = size if size in TALENT_HOLDERS else "tiny"
        self.stdout = stdout
        self.today = today or timezone.localdate()
        self.rng = random.Random(f"vanguard-talent-{size}")
        self.actor = system_actor()

    def load(self):
        from vanguard.org.models import Person, Unit, User

        from .models import TalentTitle

        self.titles = defaultdict(list)
        for title in TalentTitle.objects.filter(active=True).prefetch_related("criteria").order_by("order", "pk"):
            self.titles[title.channel].append(title)
        people = Person.objects.filter(is_active=True).exclude(channel="").order_by("employee_no")
        self.people = list(people.values_list("pk", "channel", "unit_id"))
        personas = dict(User.objects.filter(username__in=("zhigong", "banzhang", "dangyuan", "gonghui", "shuji"))
                        .values_list("username", "person__pk"))  # fmt: skip
        self.personas = {k: v for k, v in personas.items() if v}
        self.plants = list(Unit.objects.filter(depth=2).order_by("path").values_list("pk", flat=True))
        self.company = Unit.objects.filter(depth=1).values_list("pk", flat=True).first()

    def build(self):
        self.load()
        if not self.people or not self.titles:
            return
        holders = self.pick_holders()
        awards = self.build_awards(holders)
        self.build_open_nominations(holders)
        self.build_plans()
        self.build_studios()
        if self.stdout:
            self.stdout.write(f"  talent: {awards} awards, studios and plans\n")

    def pick_holders(self):
        n = min(TALENT_HOLDERS[self.size], len(self.people))
        chosen = self.rng.sample(self.people, n)
        by_pk = {p[0]: p for p in self.people}
        # The worker persona holds a title, so his own page and the pool show one.
        zhigong = by_pk.get(self.personas.get("zhigong"))
        if zhigong and zhigong not in chosen:
            chosen[0] = zhigong
        return [p for p in chosen if self.titles.get(p[1])]

    def assessors(self, exclude, k=3):
        found = []
        while len(found) < k:
            pk = self.rng.choice(self.people)[0]
            if pk != exclude and pk not in found:
                found.append(pk)
        return found

    def assess(self, n, mean):
        """The panel and its score sheets near ``mean`` (a share of full marks), kept on the unsaved nomination
        with the mean total they give: written after it (``save_panels``), so no row is updated later."""
        from .choices import NominationStatus

        panel = self.assessors(n.person_id, n.title.min_assessors)
        leader = self.personas.get("banzhang")
        # The team leader persona sits on the panels under assessment (his score sheet to fill).
        if n.status == NominationStatus.ASSESSING and leader and n.person_id != leader and leader not in panel:
            panel[-1] = leader
        sheet = []
        for assessor in panel:
            for c in n.title.criteria.all():
                share = min(1.0, max(0.0, mean + self.rng.uniform(-0.05, 0.05)))
                sheet.append((assessor, c, Decimal(round(float(c.max_score) * share * 2) / 2)))
        if n.status == NominationStatus.ASSESSING:
            sheet = [row for row in sheet if row[0] == panel[0]]  # one sheet in, the others to come
        else:
            n.mean_score = (sum(score for _, _, score in sheet) / len(panel)).quantize(Decimal("0.01"))
        n.demo_panel, n.demo_sheet = panel, sheet
        return n

    def save_panels(self, nominations):
        from .models import TalentNomination, TalentScore

        Panel = TalentNomination.panel.through
        now = timezone.now()
        panels, scores = [], []
        for n in nominations:
            panels += [Panel(talentnomination_id=n.pk, person_id=a) for a in n.demo_panel]
            scores += [TalentScore(nomination_id=n.pk, assessor_id=a, criterion=c, score=v, at=now)
                       for a, c, v in n.demo_sheet]  # fmt: skip
        Panel.objects.bulk_create(panels, batch_size=2000)
        TalentScore.objects.bulk_create(scores, batch_size=2000)

    def build_awards(self, holders):
        """Each holder's award (from an awarded nomination with its panel's scores); a third of those past their
        term were re-assessed and continue, the rest wait for re-assessment or have lapsed."""
        from .choices import AwardStatus, NominationStatus
        from .models import TalentAward, TalentNomination
        from .services.talent import term_end

        rng, today = self.rng, self.today
        plans = []  # (person, title, from, renewed?)
        for pk, channel, _unit in holders:
            title = rng.choice(self.titles[channel])
            start = today - timedelta(days=rng.randint(30, 365 * (title.term_years + 2)))
            if pk == self.personas.get("zhigong"):
                start = today - timedelta(days=200)
            renewed = term_end(start, title.term_years) < today and rng.random() < 0.35
            plans.append((pk, title, start, renewed))
        firsts = [self.assess(self.nomination(pk, title, start.year, NominationStatus.AWARDED), 0.9)
                  for pk, title, start, _renewed in plans]  # fmt: skip
        TalentNomination.objects.bulk_create(firsts, batch_size=1000)
        awards = [
            TalentAward(person_id=pk, title=title, nomination=n, year=start.year, valid_from=start,
                        valid_to=term_end(start, title.term_years),
                        status=AwardStatus.RENEWED if renewed else AwardStatus.ACTIVE)
            for n, (pk, title, start, renewed) in zip(firsts, plans, strict=True)
        ]  # fmt: skip
        TalentAward.objects.bulk_create(awards, batch_size=1000)
        # The re-assessments of the terms that ended: a nomination renewing the old award, and the new award.
        again = [(self.assess(self.nomination(old.person_id, old.title, old.valid_to.year, NominationStatus.AWARDED,
                                              note="聘期届满复评", renews=old), 0.9), old)
                 for old in awards if old.status == AwardStatus.RENEWED]  # fmt: skip
        TalentNomination.objects.bulk_create([n for n, _ in again], batch_size=1000)
        renewed = [
            TalentAward(person_id=old.person_id, title=old.title, nomination=n, year=old.valid_to.year + 1,
                        valid_from=old.valid_to + timedelta(days=1),
                        valid_to=term_end(old.valid_to + timedelta(days=1), old.title.term_years))
            for n, old in again
        ]  # fmt: skip
        TalentAward.objects.bulk_create(renewed, batch_size=1000)
        self.save_panels([*firsts, *(n for n, _ in again)])
        return len(awards) + len(renewed)

    def nomination(self, pk, title, year, status, note="", renews=None):
        from .models import TalentNomination

        return TalentNomination(
            person_id=pk, title=title, year=year, nominated_by=self.actor, nominator_name="所在单位工会",
            reasons="岗位业绩突出,在技术攻关和传帮带中发挥骨干作用", evidence="近三年考核优秀;攻关项目验收报告",
            status=status, note=note, renews=renews,
        )  # fmt: skip

    def build_open_nominations(self, holders):
        """Nominations in each state of the year (none for a person already holding a title)."""
        from .choices import NominationStatus
        from .models import TalentNomination

        held = {p[0] for p in holders}
        free = [p for p in self.people if p[0] not in held and self.titles.get(p[1])]
        self.rng.shuffle(free)
        k = TALENT_OPEN[self.size]
        means = {NominationStatus.ASSESSING: 0.85, NominationStatus.PASSED: 0.92, NominationStatus.FAILED: 0.62}
        states = [NominationStatus.NOMINATED, NominationStatus.ASSESSING, NominationStatus.PASSED,
                  NominationStatus.FAILED, NominationStatus.WITHDRAWN]  # fmt: skip
        rows = []
        for i, (pk, channel, _unit) in enumerate(free[: k * len(states)]):
            state = states[i % len(states)]
            n = self.nomination(pk, self.rng.choice(self.titles[channel]), self.today.year, state,
                                note="本人申请撤回" if state == NominationStatus.WITHDRAWN else "")  # fmt: skip
            rows.append(self.assess(n, means[state]) if state in means else n)
        TalentNomination.objects.bulk_create(rows, batch_size=1000)
        self.save_panels([n for n in rows if n.status in means])

    def build_plans(self):
        """Two plans of the year: the company's for the three channels, and a plant's for skilled operators."""
        from vanguard.org.choices import Channel

        from .choices import PlanRecordKind
        from .models import TalentPlan, TalentPlanRecord

        year = self.today.year
        plant = self.plants[0] if self.plants else self.company
        plans = TalentPlan.objects.bulk_create([
            TalentPlan(year=year, unit_id=self.company, name=f"{year}年公司人才培养使用规划",
                       measures="一、专家和首席技师年度考核与复评;二、尖子人才导师带徒;三、技能等级晋升培训;四、按聘期发放津贴",
                       training_hours_goal=Decimal(2000), budget=Decimal(600000)),
            TalentPlan(year=year, unit_id=plant, channel=Channel.SKILLED, name=f"{year}年技能操作人才培养计划",
                       measures="一、技术比武赛前集训;二、首席技师工作室带徒;三、技能尖子轮岗锻炼",
                       training_hours_goal=Decimal(600), budget=Decimal(120000)),
        ])  # fmt: skip
        records = []
        months = max(self.today.month, 1)
        for i in range(24):
            plan = plans[i % 2]
            day = date(year, 1 + i % months, 1 + (i * 3) % 27)
            person = self.rng.choice(self.people)[0]
            if i % 3:
                records.append(TalentPlanRecord(plan=plan, kind=PlanRecordKind.TRAINING, date=day, person_id=person,
                                                content="技能提升培训班", hours=Decimal(8 + i % 3 * 8)))  # fmt: skip
            else:
                records.append(TalentPlanRecord(plan=plan, kind=PlanRecordKind.INCENTIVE, date=day, person_id=person,
                                                content="人才津贴(季度)", amount=Decimal(1500 + i * 100)))  # fmt: skip
        TalentPlanRecord.objects.bulk_create(records)

    def build_studios(self):
        """Studios in the plants, led by title holders or others, with three years of projects (some the 五小
        projects of the ``projects`` app, linked not retyped) and their 复核 (one overdue)."""
        from vanguard.org.models import Unit
        from vanguard.projects.choices import ProjectKind
        from vanguard.projects.models import Project

        from .choices import StudioLevel, StudioReviewOutcome
        from .models import InnovationStudio, StudioProject, StudioReview
        from .services.talent import term_end

        rng, today = self.rng, self.today
        by_plant = defaultdict(list)
        units = dict(Unit.objects.values_list("pk", "path"))
        plant_paths = dict(Unit.objects.filter(pk__in=self.plants).values_list("path", "pk"))
        for pk, _channel, unit in self.people:
            plant = plant_paths.get(units.get(unit, "")[: 2 * Unit.steplen])
            if plant:
                by_plant[plant].append((pk, unit))
        plants = [p for p in self.plants if by_plant[p]]
        if not plants:
            return
        five_small = list(Project.objects.filter(kind=ProjectKind.INNOVATION).order_by("pk").values_list("pk", "title",
                                                                                                       "start_date"))  # fmt: skip
        studios, members = [], []
        levels = [
            StudioLevel.COMPANY,
            StudioLevel.PLANT,
            StudioLevel.CITY,
            StudioLevel.PROVINCIAL,
            StudioLevel.NATIONAL,
        ]
        for i in range(STUDIOS[self.size]):
            plant = plants[i % len(plants)]
            lead, unit = rng.choice(by_plant[plant])
            founded = today - timedelta(days=rng.randint(200, 365 * 7))
            studio = InnovationStudio(
                name=f"{['轧管', '精整', '设备', '热处理', '质检', '能源'][i % 6]}创新工作室{i + 1:03d}", unit_id=unit,
                lead_id=lead, founded=founded, level=levels[i % len(levels)], focus="工艺改进与设备攻关",
                reconfirm_years=3, reconfirm_due=term_end(founded, 3),
            )  # fmt: skip
            studios.append(studio)
        InnovationStudio.objects.bulk_create(studios, batch_size=1000)
        Members = InnovationStudio.members.through
        reviews, projects = [], []
        for i, studio in enumerate(studios):
            pool = [pk for pk, _ in by_plant[plants[i % len(plants)]] if pk != studio.lead_id]
            members += [
                Members(innovationstudio_id=studio.pk, person_id=pk) for pk in rng.sample(pool, min(5, len(pool)))
            ]
            # Confirmed at each 复核 that fell due, except every fifth studio, left overdue.
            due = studio.reconfirm_due
            while due < today and i % 5:
                reviews.append(StudioReview(studio=studio, reviewed_on=due, outcome=StudioReviewOutcome.CONFIRMED,
                                            reviewer=self.actor))  # fmt: skip
                due = term_end(due, 3)
            studio.reconfirm_due = due
            for year in range(max(studio.founded.year, today.year - 2), today.year + 1):
                linked = five_small.pop() if five_small and rng.random() < 0.4 else None
                projects.append(StudioProject(
                    studio=studio, year=year, title=linked[1] if linked else f"{year}年度攻关:降低设备故障停机",
                    project_id=linked[0] if linked else None, funding=Decimal(rng.randrange(2, 30) * 5000),
                    outputs="形成作业标准 1 项;申报专利 1 件", benefit=Decimal(rng.randrange(5, 80) * 10000),
                ))  # fmt: skip
        Members.objects.bulk_create(members, batch_size=2000, ignore_conflicts=True)
        StudioReview.objects.bulk_create(reviews, batch_size=1000)
        StudioProject.objects.bulk_create(projects, batch_size=1000)
        InnovationStudio.objects.bulk_update(studios, ["reconfirm_due"], batch_size=1000)


@transaction.atomic
def build_talent_demo(size, stdout=None, today=None):
    demo = TalentDemo(size, stdout=stdout, today=today)
    demo.build()
    return demo


# ---- end talent
