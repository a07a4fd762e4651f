"""Demo data of the indicators app, built in bulk (no per-row services): registered in ``apps.py`` in the
order they depend on each other (values, then competitions scored from them, then talent)."""

# ---------------------------------------------------------------- indicators, values, targets and pledges

# ---- competitions
# Demo competitions: two of each kind (劳动竞赛, 技术比武, 青年文明号, 青安岗, 五小, 自定义): the labour
# competition company-wide and in the largest plant, the others in the two largest plants; with categories,
# rules on whatever indicators exist (their values are the indicators demo's), size bands, bonus items, veto rules and a few vetoes, prizes; the judged kinds with a panel and its signed
# scores, a leader that changes month by month so the red flag moves; the periods past published but the last
# (the office's home page shows it as due). Then the standings are computed by the same code as for users.
#
# Deterministic for a size and a day; bulk writes only.
import random  # noqa: E402
import time  # noqa: E402
from decimal import Decimal  # noqa: E402

from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from vanguard.org.choices import UnitKind  # noqa: E402
from vanguard.org.models import Person, Unit  # noqa: E402

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
    Indicator,
    Judge,
    JudgeScore,
    Prize,
    RuleTier,
    ScoringRule,
    SizeBand,
    Veto,
    VetoRule,
)
from .periods import month_number  # noqa: E402
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
# ---- end talent
