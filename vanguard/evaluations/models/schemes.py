"""考评方案: what is assessed (四好领导班子, 四佳支部, 四强干部, 四优党员, 四赛职工, 德能勤绩廉, 民主评议党员,
一人一策, 星级支部), on which criteria with which weights, scored how, by whom, graded into which bands with which
quotas, with which vetoes (一票否决) and capped bonus and penalty items, and how the party score meets the
business results. A scheme is data the office keeps; rounds (``rounds.py``) apply it to a period."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from vanguard.core.limits import NOTE_MAX, NameField
from vanguard.core.models import BaseModel
from vanguard.core.scope import RestrictedQuerySet
from vanguard.org.models import PartyOrg

from ..choices import Combination, EvaluatorKind, Method, SubjectKind

SCORE_DIGITS = {"max_digits": 7, "decimal_places": 2}
WEIGHT_DIGITS = {"max_digits": 5, "decimal_places": 2}  # a percentage, 0–100
PERCENT = [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))]


class EvaluationScheme(BaseModel):
    """一套考评方案. ``owner`` empty: a company scheme kept by the office; set: an org's own scheme, kept by its
    secretary and the office. ``code`` is stable (seeded schemes: ``four-good-leadership`` …)."""

    code = models.SlugField("代码", max_length=50, unique=True)
    name = NameField("方案名称", max_length=60)
    subject_kind = models.CharField("考评对象", max_length=20, choices=SubjectKind.choices)
    owner = models.ForeignKey(
        PartyOrg, verbose_name="制定组织", null=True, blank=True, on_delete=models.PROTECT,
        related_name="evaluation_schemes", help_text="空:公司党委统一制定",
    )  # fmt: skip
    description = models.TextField("说明", max_length=NOTE_MAX, blank=True)
    # The choices a ballot offers, each worth points (0–100): [{"code": "excellent", "label": "优秀", "points": 100}].
    ballot_choices = models.JSONField("投票选项", default=list, blank=True)
    # Self-assessment (自评) and mutual assessment (互评) come before the vote in 民主评议党员.
    self_assessment = models.BooleanField("要求个人自评", default=False)
    combination = models.CharField(
        "与经营业绩结合", max_length=20, choices=Combination.choices, default=Combination.NONE
    )
    business_weight = models.DecimalField(
        "经营业绩权重(%)", default=0, validators=PERCENT, **WEIGHT_DIGITS,
        help_text="加权相加时经营业绩所占百分比",
    )  # fmt: skip
    party_floor = models.DecimalField(
        "党建权重下限(%)", default=0, validators=PERCENT, **WEIGHT_DIGITS, help_text="如不低于 12%"
    )
    # Bonus and penalty items together move a score by at most this much either way.
    adjustment_cap = models.DecimalField("加减分上限", default=10, validators=[MinValueValidator(0)], **SCORE_DIGITS)
    # A score may pass 100 with bonuses (星级支部: base 100 plus additions and deductions).
    base_score = models.DecimalField("基础分", null=True, blank=True, **SCORE_DIGITS, help_text="空:按指标加权计分")
    # Members on probation take part in 民主评议 but are not graded.
    grade_probationary = models.BooleanField("预备党员参与定等", default=True)
    active = models.BooleanField("启用", default=True)
    order = models.PositiveSmallIntegerField("排序", default=0)
    # 一人一策: each subject has his own targets and measures (``RoundSubject.plan``), rated against them.
    individual_plans = models.BooleanField("一人一策(每人目标与措施)", default=False)

    class Meta:
        verbose_name = verbose_name_plural = "考评方案"
        ordering = ["order", "pk"]

    def __str__(self):
        return self.name


class Criterion(models.Model):
    """一项考评指标 of a scheme's tree (德/能/勤/绩/廉 → their items). A leaf is scored by ``method``; a parent is
    the weighted sum of its children. The weights of a parent's children sum to 100."""

    scheme = models.ForeignKey(EvaluationScheme, verbose_name="方案", on_delete=models.CASCADE, related_name="criteria")
    parent = models.ForeignKey(
        "self", verbose_name="上级指标", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    code = models.SlugField("代码", max_length=50)
    name = models.CharField("指标名称", max_length=100)
    weight = models.DecimalField("权重(%)", validators=PERCENT, **WEIGHT_DIGITS)
    method = models.CharField("评分方式", max_length=20, choices=Method.choices, default=Method.RATING, blank=True)
    # For ``auto``: the code of a registered source (``evaluations.sources``) and its parameters.
    source = models.CharField("数据来源", max_length=50, blank=True)
    params = models.JSONField("来源参数", default=dict, blank=True)
    # For ``rating``: the scale's top (a rating of ``scale_max`` is 100 points).
    scale_max = models.PositiveSmallIntegerField("评分满分", default=100, validators=[MinValueValidator(1)])
    standard = models.TextField("评分标准", max_length=NOTE_MAX, blank=True)
    order = models.PositiveSmallIntegerField("排序", default=0)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "考评指标"
        ordering = ["scheme_id", "parent_id", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["scheme", "code"], name="criterion_code_once")]

    def __str__(self):
        return f"{self.name}({self.weight:g}%)"


class EvaluatorGroup(models.Model):
    """An evaluator group of a scheme and its weight: ratings and ballots of superiors, peers, subordinates and
    the masses are averaged within the group, then weighted (weights of a scheme's groups sum to 100)."""

    scheme = models.ForeignKey(
        EvaluationScheme, verbose_name="方案", on_delete=models.CASCADE, related_name="evaluator_groups"
    )
    kind = models.CharField("评价群体", max_length=20, choices=EvaluatorKind.choices)
    weight = models.DecimalField("权重(%)", validators=PERCENT, **WEIGHT_DIGITS)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "评价群体"
        ordering = ["scheme_id", "pk"]
        constraints = [models.UniqueConstraint(fields=["scheme", "kind"], name="evaluator_group_once")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.weight:g}%"


class GradeBand(models.Model):
    """一个等次 (优秀/合格/基本合格/不合格, 五星…一星): the lowest score that reaches it and its quota, the largest
    share of the graded subjects it may hold (优秀 ≤ 1/3). Bands are tried from the highest ``min_score`` down;
    a subject over quota falls to the next band."""

    scheme = models.ForeignKey(EvaluationScheme, verbose_name="方案", on_delete=models.CASCADE, related_name="grades")
    code = models.SlugField("代码", max_length=30)
    label = models.CharField("等次", max_length=20)
    min_score = models.DecimalField("最低分", **SCORE_DIGITS)
    quota = models.DecimalField(
        "名额比例上限", null=True, blank=True, max_digits=5, decimal_places=4,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(1))], help_text="如 0.3333;空:不限",
    )  # fmt: skip
    # Stars of a 星级支部 band (5 for 五星); 0 for schemes without stars.
    stars = models.PositiveSmallIntegerField("星级", default=0, validators=[MaxValueValidator(5)])

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "考评等次"
        ordering = ["scheme_id", "-min_score"]
        constraints = [models.UniqueConstraint(fields=["scheme", "code"], name="grade_band_once")]

    def __str__(self):
        return self.label


class VetoRule(models.Model):
    """一票否决: a case of this kind (a serious safety accident, a discipline case) caps the subject's grade at
    ``max_grade`` (empty: no grade at all)."""

    scheme = models.ForeignKey(EvaluationScheme, verbose_name="方案", on_delete=models.CASCADE, related_name="vetoes")
    name = models.CharField("否决事项", max_length=100)
    max_grade = models.ForeignKey(
        GradeBand, verbose_name="最高可评等次", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "一票否决事项"
        ordering = ["scheme_id", "pk"]

    def __str__(self):
        return self.name


class AdjustmentItem(models.Model):
    """一项加分或扣分: ``points`` each time it applies (negative for a penalty); the scheme's ``adjustment_cap``
    bounds their sum."""

    scheme = models.ForeignKey(
        EvaluationScheme, verbose_name="方案", on_delete=models.CASCADE, related_name="adjustment_items"
    )
    name = models.CharField("加减分事项", max_length=100)
    points = models.DecimalField("分值", **SCORE_DIGITS)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "加减分事项"
        ordering = ["scheme_id", "pk"]

    def __str__(self):
        return f"{self.name}({self.points:+g})"
