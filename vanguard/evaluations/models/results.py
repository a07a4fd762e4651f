"""评分与结果: the signed ratings of named evaluators (评分, each shows who gave it), the cases of a veto (一票否决)
or of a bonus or penalty item (加减分) recorded against a subject, and the stars a branch holds each year
(星级支部, with its promotion or demotion against the year before)."""

from django.conf import settings
from django.db import models

from vanguard.core.limits import NOTE_MAX
from vanguard.core.scope import RestrictedQuerySet
from vanguard.org.models import PartyOrg

from .rounds import EvaluationRound, RoundEvaluator, RoundSubject
from .schemes import SCORE_DIGITS, AdjustmentItem, Criterion, VetoRule


class Rating(models.Model):
    """一项署名评分: what one evaluator gave one subject on one rating criterion (0 … ``scale_max``)."""

    round = models.ForeignKey(EvaluationRound, verbose_name="轮次", on_delete=models.CASCADE, related_name="ratings")
    criterion = models.ForeignKey(Criterion, verbose_name="指标", on_delete=models.CASCADE, related_name="+")
    subject = models.ForeignKey(RoundSubject, verbose_name="考评对象", on_delete=models.CASCADE, related_name="ratings")
    evaluator = models.ForeignKey(
        RoundEvaluator, verbose_name="评价人", on_delete=models.CASCADE, related_name="ratings"
    )
    score = models.DecimalField("评分", **SCORE_DIGITS)
    comment = models.CharField("评语", max_length=200, blank=True)
    updated_at = models.DateTimeField("评分时间", auto_now=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "评分"
        ordering = ["round_id", "subject_id", "criterion_id", "evaluator_id"]
        constraints = [
            models.UniqueConstraint(fields=["evaluator", "subject", "criterion"], name="rating_once"),
        ]
        indexes = [models.Index(fields=["round", "subject"], name="rating_round_subject")]

    def __str__(self):
        return f"{self.evaluator}:{self.score:g}"


class VetoCase(models.Model):
    """一起否决事项 of a subject in a round (a serious safety accident, a discipline case): caps its grade at the
    rule's ``max_grade``."""

    round = models.ForeignKey(EvaluationRound, verbose_name="轮次", on_delete=models.CASCADE, related_name="veto_cases")
    subject = models.ForeignKey(
        RoundSubject, verbose_name="考评对象", on_delete=models.CASCADE, related_name="veto_cases"
    )
    rule = models.ForeignKey(VetoRule, verbose_name="否决事项", on_delete=models.PROTECT, related_name="+")
    note = models.TextField("情况说明", max_length=NOTE_MAX)
    evidence = models.CharField("依据(文号或链接)", max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "一票否决记录"
        ordering = ["round_id", "subject_id", "pk"]

    def __str__(self):
        return f"{self.subject}:{self.rule}"


class AdjustmentCase(models.Model):
    """一次加分或扣分 of a subject in a round, by one of the scheme's items; the scheme's cap bounds their sum."""

    round = models.ForeignKey(
        EvaluationRound, verbose_name="轮次", on_delete=models.CASCADE, related_name="adjustment_cases"
    )
    subject = models.ForeignKey(
        RoundSubject, verbose_name="考评对象", on_delete=models.CASCADE, related_name="adjustment_cases"
    )
    item = models.ForeignKey(AdjustmentItem, verbose_name="加减分事项", on_delete=models.PROTECT, related_name="+")
    note = models.TextField("情况说明", max_length=NOTE_MAX)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "加减分记录"
        ordering = ["round_id", "subject_id", "pk"]

    def __str__(self):
        return f"{self.subject}:{self.item}"


class BranchStar(models.Model):
    """A branch's stars for a year (星级支部), written when a round of a scheme with star bands is published.
    ``change``: +1 promoted, −1 demoted, 0 kept, against the year before (at most one step, unless vetoed)."""

    branch = models.ForeignKey(PartyOrg, verbose_name="党支部", on_delete=models.PROTECT, related_name="stars")
    year = models.PositiveSmallIntegerField("年度")
    stars = models.PositiveSmallIntegerField("星级")
    score = models.DecimalField("得分", **SCORE_DIGITS)
    round = models.ForeignKey(EvaluationRound, verbose_name="轮次", on_delete=models.PROTECT, related_name="+")
    change = models.SmallIntegerField("升降", default=0)
    note = models.CharField("说明", max_length=200, blank=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "支部星级"
        ordering = ["branch_id", "-year"]
        constraints = [models.UniqueConstraint(fields=["branch", "year"], name="branch_star_once")]

    def __str__(self):
        return f"{self.branch} {self.year}:{self.stars}星"
