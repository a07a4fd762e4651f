"""劳动竞赛, 技术比武, 青年文明号, 青安岗, 五小: a competition, its categories of teams doing similar work, the
entries, the rules that turn values or judges' scores into points, the vetoes, and what is computed from
them — the standings of each period and the red flag (流动红旗) of each category.

Periods are runs of month numbers (``first_month``…``last_month``, ``vanguard.indicators.periods``), one
granularity per competition (a month, a quarter or the year). The standings are computed (``services.
scoring``) and kept as rows, so a leaderboard reads one page of an index; every point of them is traced in
``CompetitionStanding.breakdown``.
"""

import secrets
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from vanguard.core.limits import NOTE_MAX, NameField
from vanguard.core.models import BaseModel
from vanguard.core.scope import RestrictedQuerySet
from vanguard.org.models import Person, Unit

from ..choices import CompetitionKind, Granularity, IncidentLevel, Normalisation, ScoringMethod, VetoKind
from ..periods import Period
from .indicators import VALUE_DIGITS, Indicator

POINTS = {"max_digits": 9, "decimal_places": 2}
MONEY = {"max_digits": 12, "decimal_places": 2}


def new_screen_token():
    return secrets.token_urlsafe(24)


class CompetitionQuerySet(RestrictedQuerySet):
    def of_year(self, year):
        return self.filter(year=year)


class Competition(BaseModel):
    """一项竞赛: who organises it (``unit``: the scope of its organisers), how long a round runs, and how its
    points are made — from indicator values by rules, or from a panel of judges.

    ``screen_token`` opens this competition's board on a workshop screen without a login; regenerating it
    revokes every screen that had the old one."""

    name = NameField("竞赛名称", max_length=100)
    kind = models.CharField("竞赛类型", max_length=20, choices=CompetitionKind.choices)
    year = models.PositiveSmallIntegerField("年度", validators=[MinValueValidator(2000), MaxValueValidator(2999)])
    unit = models.ForeignKey(Unit, verbose_name="组织单位", on_delete=models.PROTECT, related_name="competitions")
    granularity = models.CharField("评比周期", max_length=10, choices=Granularity.choices, default=Granularity.MONTH)
    method = models.CharField(
        "计分方式", max_length=12, choices=ScoringMethod.choices, default=ScoringMethod.INDICATORS
    )
    min_judges = models.PositiveSmallIntegerField("最少评委人数", default=3, validators=[MinValueValidator(1)])
    judge_scale = models.DecimalField("评委打分满分", default=Decimal(100), **POINTS)
    red_flag_threshold = models.DecimalField("流动红旗分数线", default=Decimal(90), **POINTS)
    bonus_cap = models.DecimalField("加分上限", default=Decimal(10), **POINTS)
    screen_token = models.CharField("大屏令牌", max_length=64, unique=True, default=new_screen_token, editable=False)
    description = models.TextField("竞赛说明", max_length=NOTE_MAX, blank=True)

    objects = CompetitionQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "竞赛"
        ordering = ["-year", "kind", "pk"]

    def __str__(self):
        return self.name

    @property
    def judged(self):
        return self.method == ScoringMethod.JUDGES

    def periods(self):
        """The competition's periods of its year, in order."""
        if self.granularity == Granularity.YEAR:
            return [Period.year(self.year)]
        if self.granularity == Granularity.QUARTER:
            return [Period.quarter(self.year, q) for q in range(1, 5)]
        return [Period.month(self.year * 12 + m) for m in range(12)]

    def period_of(self, month):
        """The period of this competition that ``month`` falls in; None outside its year."""
        return next((p for p in self.periods() if p.first <= month <= p.last), None)


class CompetitionCategory(models.Model):
    """一个评比类别: teams of similar work ranked together (轧制班组, 检修班组, 辅助班组)."""

    competition = models.ForeignKey(
        Competition, verbose_name="竞赛", on_delete=models.CASCADE, related_name="categories"
    )
    name = NameField("类别名称", max_length=60)
    order = models.PositiveSmallIntegerField("排序", default=0)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "竞赛类别"
        ordering = ["order", "pk"]
        constraints = [models.UniqueConstraint(fields=["competition", "name"], name="competition_category_once")]

    def __str__(self):
        return self.name


class CompetitionEntry(models.Model):
    """一个参赛单位或个人, in one category. A team's size is its headcount on the roster
    (``org.UnitHeadcount``), read when the points are made, so per-head figures follow the roster."""

    competition = models.ForeignKey(Competition, verbose_name="竞赛", on_delete=models.CASCADE, related_name="entries")
    category = models.ForeignKey(
        CompetitionCategory, verbose_name="类别", on_delete=models.CASCADE, related_name="entries"
    )
    unit = models.ForeignKey(
        Unit, verbose_name="参赛班组", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    person = models.ForeignKey(
        Person, verbose_name="参赛个人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField("名称", max_length=100)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "参赛单位"
        ordering = ["category", "name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["competition", "unit"], name="competition_entry_unit_once"),
            models.UniqueConstraint(fields=["competition", "person"], name="competition_entry_person_once"),
            models.CheckConstraint(
                condition=models.Q(unit__isnull=False, person__isnull=True)
                | models.Q(unit__isnull=True, person__isnull=False),
                name="competition_entry_team_or_person",
            ),
        ]

    def __str__(self):
        return self.name


class SizeBand(models.Model):
    """A size band (规模档次) for ``size_band`` normalisation: a team of ``min_size``…``max_size`` people has
    its figures divided by ``divisor`` (a reference headcount), so a team of 40 is not measured against one
    of 8 by raw totals."""

    competition = models.ForeignKey(Competition, verbose_name="竞赛", on_delete=models.CASCADE, related_name="bands")
    min_size = models.PositiveIntegerField("人数自")
    max_size = models.PositiveIntegerField("人数至")
    divisor = models.DecimalField("折算基数", validators=[MinValueValidator(Decimal("0.01"))], **POINTS)

    class Meta:
        verbose_name = verbose_name_plural = "规模档次"
        ordering = ["min_size"]

    def __str__(self):
        return f"{self.min_size}–{self.max_size}人"


class ScoringRule(models.Model):
    """An indicator counted into the points: up to ``weight`` points for reaching the target (the team's
    ``IndicatorTarget`` for the period, or ``target`` here in the normalised measure), pro rata below it;
    beyond it the tiers (``RuleTier``) add more. Without any target a team is measured against the best
    of its category."""

    competition = models.ForeignKey(Competition, verbose_name="竞赛", on_delete=models.CASCADE, related_name="rules")
    indicator = models.ForeignKey(Indicator, verbose_name="指标", on_delete=models.PROTECT, related_name="+")
    weight = models.DecimalField("分值", validators=[MinValueValidator(Decimal(0))], **POINTS)
    normalisation = models.CharField(
        "折算方式", max_length=10, choices=Normalisation.choices, default=Normalisation.NONE
    )
    target = models.DecimalField(
        "目标值(折算后)", null=True, blank=True, help_text="不填则取班组本期的指标目标", **VALUE_DIGITS
    )
    order = models.PositiveSmallIntegerField("排序", default=0)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "计分规则"
        ordering = ["order", "pk"]
        constraints = [models.UniqueConstraint(fields=["competition", "indicator"], name="scoring_rule_once")]

    def __str__(self):
        return f"{self.indicator.name} {self.weight}分"


class RuleTier(models.Model):
    """A tier (档次) of a rule: ``beyond_percent`` past the target earns ``points`` more; the highest tier
    reached counts (超额 5% 加 2 分, 超额 10% 加 5 分)."""

    rule = models.ForeignKey(ScoringRule, verbose_name="计分规则", on_delete=models.CASCADE, related_name="tiers")
    beyond_percent = models.DecimalField("超出目标(%)", validators=[MinValueValidator(Decimal(0))], **POINTS)
    points = models.DecimalField("加分", validators=[MinValueValidator(Decimal(0))], **POINTS)

    class Meta:
        verbose_name = verbose_name_plural = "超额档次"
        ordering = ["beyond_percent"]
        constraints = [models.UniqueConstraint(fields=["rule", "beyond_percent"], name="rule_tier_once")]

    def __str__(self):
        return f"超{self.beyond_percent}% +{self.points}"


class BonusItem(models.Model):
    """A bonus item (加分项: 合理化建议被采纳, 获上级表彰), each capped at ``max_points`` per period; all bonus
    together is capped by the competition's ``bonus_cap``."""

    competition = models.ForeignKey(
        Competition, verbose_name="竞赛", on_delete=models.CASCADE, related_name="bonus_items"
    )
    name = NameField("加分项", max_length=60)
    max_points = models.DecimalField("本项上限", validators=[MinValueValidator(Decimal(0))], **POINTS)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "加分项"
        ordering = ["pk"]

    def __str__(self):
        return self.name


class BonusAward(models.Model):
    """Bonus points awarded to an entry in a period, with the reason (the evidence of the bonus)."""

    item = models.ForeignKey(BonusItem, verbose_name="加分项", on_delete=models.CASCADE, related_name="awards")
    entry = models.ForeignKey(
        CompetitionEntry, verbose_name="参赛单位", on_delete=models.CASCADE, related_name="bonuses"
    )
    first_month = models.PositiveIntegerField("起始月份")
    last_month = models.PositiveIntegerField("截止月份")
    points = models.DecimalField("加分", validators=[MinValueValidator(Decimal(0))], **POINTS)
    reason = models.CharField("加分事由", max_length=200)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="记录人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField("记录时间")

    class Meta:
        verbose_name = verbose_name_plural = "加分记录"
        ordering = ["-recorded_at", "-pk"]

    def __str__(self):
        return f"{self.item.name} +{self.points}"


class VetoRule(models.Model):
    """一票否决 as data: a safety incident at or above ``level``, a quality incident, an attendance rate below
    ``threshold``. With an ``indicator`` the rule applies itself from the period's value (an incident count
    at or above ``threshold``, or for attendance a rate below it); without one it is recorded by hand."""

    competition = models.ForeignKey(
        Competition, verbose_name="竞赛", on_delete=models.CASCADE, related_name="veto_rules"
    )
    kind = models.CharField("否决情形", max_length=12, choices=VetoKind.choices)
    level = models.PositiveSmallIntegerField("事故等级(及以上)", choices=IncidentLevel.choices, null=True, blank=True)
    indicator = models.ForeignKey(
        Indicator, verbose_name="依据指标", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    threshold = models.DecimalField("阈值", null=True, blank=True, **VALUE_DIGITS)
    label = models.CharField("说明", max_length=100)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "否决规则"
        ordering = ["pk"]

    def __str__(self):
        return self.label


class Veto(models.Model):
    """A veto recorded against an entry for a period (by the office or the union): the entry is out of that
    period's ranking, and its breakdown says why."""

    entry = models.ForeignKey(
        CompetitionEntry, verbose_name="参赛单位", on_delete=models.CASCADE, related_name="vetoes"
    )
    rule = models.ForeignKey(
        VetoRule, verbose_name="否决规则", null=True, blank=True, on_delete=models.PROTECT, related_name="vetoes"
    )
    level = models.PositiveSmallIntegerField("事故等级", choices=IncidentLevel.choices, null=True, blank=True)
    first_month = models.PositiveIntegerField("起始月份")
    last_month = models.PositiveIntegerField("截止月份")
    reason = models.CharField("否决原因", max_length=300)
    evidence = models.TextField("证据(事故报告编号、通报文号等)", max_length=NOTE_MAX)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="记录人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField("记录时间")

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "一票否决"
        ordering = ["-recorded_at", "-pk"]
        indexes = [models.Index(fields=["entry", "first_month"], name="veto_entry_period")]

    def __str__(self):
        return self.reason


class Judge(models.Model):
    """A judge (评委) of a competition's panel."""

    competition = models.ForeignKey(Competition, verbose_name="竞赛", on_delete=models.CASCADE, related_name="judges")
    person = models.ForeignKey(Person, verbose_name="评委", on_delete=models.PROTECT, related_name="judge_seats")

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "评委"
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["competition", "person"], name="judge_once")]

    def __str__(self):
        return self.person.name


class JudgeScore(models.Model):
    """评委评分: one judge's signed score of one entry for one period, once. The points use it normalised by
    the judge's own mean and spread (``services.scoring``), so a harsh judge does not decide the result."""

    judge = models.ForeignKey(Judge, verbose_name="评委", on_delete=models.PROTECT, related_name="scores")
    entry = models.ForeignKey(
        CompetitionEntry, verbose_name="参赛单位", on_delete=models.CASCADE, related_name="scores"
    )
    first_month = models.PositiveIntegerField("起始月份")
    last_month = models.PositiveIntegerField("截止月份")
    score = models.DecimalField("评分", validators=[MinValueValidator(Decimal(0))], **POINTS)
    note = models.CharField("评语", max_length=300, blank=True)
    signed_at = models.DateTimeField("签名时间")

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "评委评分"
        ordering = ["entry", "judge"]
        constraints = [
            models.UniqueConstraint(fields=["judge", "entry", "first_month", "last_month"], name="judge_score_once")
        ]

    def __str__(self):
        return f"{self.judge} → {self.entry}: {self.score}"


class StandingQuerySet(RestrictedQuerySet):
    def of_period(self, period):
        return self.filter(first_month=period.first, last_month=period.last)


class CompetitionStanding(models.Model):
    """An entry's points and rank in a period, computed from the values, judges' scores, bonuses and vetoes
    (never typed): kept as a row so a board reads one page. ``breakdown`` lists every component with the
    value, target, judge score or veto behind it. ``rank`` is None for a vetoed entry and for one whose
    result does not stand yet (fewer judges than the competition needs)."""

    entry = models.ForeignKey(
        CompetitionEntry, verbose_name="参赛单位", on_delete=models.CASCADE, related_name="standings"
    )
    competition = models.ForeignKey(Competition, verbose_name="竞赛", on_delete=models.CASCADE, related_name="+")
    category = models.ForeignKey(CompetitionCategory, verbose_name="类别", on_delete=models.CASCADE, related_name="+")
    first_month = models.PositiveIntegerField("起始月份")
    last_month = models.PositiveIntegerField("截止月份")
    points = models.DecimalField("得分", null=True, **POINTS)
    rank = models.PositiveIntegerField("名次", null=True)
    # The row's place on its board (1, 2, …): the ranked by rank, then the unranked by name. An index on it
    # pages a board of any size without sorting it.
    position = models.PositiveIntegerField("排列序号", default=0)
    vetoed = models.BooleanField("被否决", default=False)
    stands = models.BooleanField("结果成立", default=True)
    note = models.CharField("说明", max_length=300, blank=True)
    breakdown = models.JSONField("得分明细", default=list)
    computed_at = models.DateTimeField("计算时间")

    objects = StandingQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "竞赛排名"
        constraints = [
            models.UniqueConstraint(fields=["entry", "first_month", "last_month"], name="competition_standing_once")
        ]
        # The board: one category's period in its order (unranked after the ranked).
        indexes = [
            models.Index(fields=["category", "first_month", "last_month", "position"], name="standing_board"),
            models.Index(fields=["competition", "first_month", "last_month"], name="standing_period"),
        ]

    def __str__(self):
        return f"{self.entry} {self.points}"

    @property
    def period(self):
        return Period(self.first_month, self.last_month)


class RedFlag(models.Model):
    """流动红旗: a category's flag for one closed period, to the leader if it reaches the competition's
    threshold (``entry`` None: nobody earned it). One row per category and period; the rows in order are
    the flag's history, so no entry holds it for good."""

    competition = models.ForeignKey(
        Competition, verbose_name="竞赛", on_delete=models.CASCADE, related_name="red_flags"
    )
    category = models.ForeignKey(
        CompetitionCategory, verbose_name="类别", on_delete=models.CASCADE, related_name="red_flags"
    )
    first_month = models.PositiveIntegerField("起始月份")
    last_month = models.PositiveIntegerField("截止月份")
    entry = models.ForeignKey(
        CompetitionEntry,
        verbose_name="获得者",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="red_flags",
    )
    points = models.DecimalField("得分", null=True, blank=True, **POINTS)
    decided_at = models.DateTimeField("评定时间")

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "流动红旗"
        ordering = ["category", "-first_month"]
        constraints = [
            models.UniqueConstraint(fields=["category", "first_month", "last_month"], name="red_flag_once"),
        ]

    def __str__(self):
        return f"{self.category} {self.entry or '空缺'}"

    @property
    def period(self):
        return Period(self.first_month, self.last_month)


class Prize(models.Model):
    """A prize by rank in a category (一等奖 ¥3,000 for first place): what the final results pay out."""

    competition = models.ForeignKey(Competition, verbose_name="竞赛", on_delete=models.CASCADE, related_name="prizes")
    rank = models.PositiveSmallIntegerField("名次", validators=[MinValueValidator(1)])
    title = models.CharField("奖项", max_length=40)
    amount = models.DecimalField("奖金(元)", validators=[MinValueValidator(Decimal(0))], **MONEY)

    class Meta:
        verbose_name = verbose_name_plural = "奖项"
        ordering = ["rank"]
        constraints = [models.UniqueConstraint(fields=["competition", "rank"], name="prize_once")]

    def __str__(self):
        return f"{self.title} ¥{self.amount}"


class CompetitionResult(models.Model):
    """The results of a period made final (公布): from then on they are what notices and honours read; the
    standings stay computed and a later correction shows against them."""

    competition = models.ForeignKey(Competition, verbose_name="竞赛", on_delete=models.CASCADE, related_name="results")
    first_month = models.PositiveIntegerField("起始月份")
    last_month = models.PositiveIntegerField("截止月份")
    published = models.BooleanField("已公布", default=True)
    published_at = models.DateTimeField("公布时间")
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="公布人", null=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "竞赛结果"
        constraints = [
            models.UniqueConstraint(fields=["competition", "first_month", "last_month"], name="competition_result_once")
        ]

    def __str__(self):
        return f"{self.competition} {Period(self.first_month, self.last_month).label}"
