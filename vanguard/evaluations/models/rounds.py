"""评议轮次: a scheme applied to one period by one party org: its subjects (the members of a branch, the branches
of a committee, the section-level cadres …), its named evaluators and voters, its state (筹备 → 已启动 →
评分中 → 投票中 → 已计算 → 已公布) and, once computed, one result per subject (``RoundResult``)."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from vanguard.core.limits import NOTE_MAX
from vanguard.core.models import BaseModel
from vanguard.core.scope import RestrictedQuerySet
from vanguard.org.models import PartyOrg, Person, Unit

from ..choices import EvaluatorKind, RoundStatus
from .schemes import SCORE_DIGITS, EvaluationScheme, GradeBand


class EvaluationRoundQuerySet(RestrictedQuerySet):
    def voting(self):
        return self.filter(status=RoundStatus.VOTING)

    def published(self):
        return self.filter(status=RoundStatus.PUBLISHED)


class EvaluationRound(BaseModel):
    """一轮考评 of ``scheme`` over ``period_start``–``period_end``, organised by ``org`` (a branch for its members'
    民主评议, the committee for its branches' 四佳). Ballots are cast between ``voting_opens`` and
    ``voting_closes``; the round is valid only if more than ``quorum`` of the voters due took part."""

    scheme = models.ForeignKey(EvaluationScheme, verbose_name="方案", on_delete=models.PROTECT, related_name="rounds")
    name = models.CharField("轮次名称", max_length=100)
    org = models.ForeignKey(
        PartyOrg, verbose_name="组织单位", on_delete=models.PROTECT, related_name="evaluation_rounds"
    )
    period_start = models.DateField("考评期起")
    period_end = models.DateField("考评期止")
    status = models.CharField("状态", max_length=20, choices=RoundStatus.choices, default=RoundStatus.DRAFT)
    voting_opens = models.DateTimeField("投票开始", null=True, blank=True)
    voting_closes = models.DateTimeField("投票截止", null=True, blank=True)
    quorum = models.DecimalField(
        "有效参与比例", default=Decimal("0.5"), max_digits=4, decimal_places=3,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(1))],
        help_text="参与投票者须超过应到人数的这一比例,轮次方为有效",
    )  # fmt: skip
    # A group's tally is shown only when at least this many of it voted: a smaller one would reveal a vote.
    min_tally_group = models.PositiveSmallIntegerField("分组计票最少人数", default=3, validators=[MinValueValidator(2)])
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="创建人", on_delete=models.PROTECT, related_name="+"
    )
    computed_at = models.DateTimeField("计算时间", null=True, blank=True)
    published_at = models.DateTimeField("公布时间", null=True, blank=True)

    objects = EvaluationRoundQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "评议轮次"
        ordering = ["-period_end", "-pk"]
        indexes = [models.Index(fields=["status", "voting_closes"], name="round_status_closes")]

    def __str__(self):
        return self.name


class RoundSubject(models.Model):
    """一个考评对象 of a round: a person (干部, 党员, 职工), a party org (领导班子, 支部) or a unit (班组), by the
    scheme's subject kind. ``graded`` false: takes part but gets no grade (a probationary member in 民主评议).
    ``business_score`` is the business result (经营业绩, 0–100) combined with the party score."""

    round = models.ForeignKey(EvaluationRound, verbose_name="轮次", on_delete=models.CASCADE, related_name="subjects")
    person = models.ForeignKey(
        Person, verbose_name="人员", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    party_org = models.ForeignKey(
        PartyOrg, verbose_name="党组织", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        Unit, verbose_name="单位", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    graded = models.BooleanField("参与定等", default=True)
    business_score = models.DecimalField("经营业绩得分", null=True, blank=True, **SCORE_DIGITS)
    # 一人一策: this subject's own targets and measures, written before the rating (schemes with
    # ``individual_plans``); the evaluators rate against them.
    plan = models.TextField("个人目标与措施", max_length=NOTE_MAX, blank=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "考评对象"
        ordering = ["round_id", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "person"], name="subject_person_once", condition=Q(person__isnull=False)
            ),
            models.UniqueConstraint(
                fields=["round", "party_org"], name="subject_org_once", condition=Q(party_org__isnull=False)
            ),
            models.UniqueConstraint(
                fields=["round", "unit"], name="subject_unit_once", condition=Q(unit__isnull=False)
            ),
            models.CheckConstraint(
                name="subject_is_one_thing",
                condition=(
                    Q(person__isnull=False, party_org__isnull=True, unit__isnull=True)
                    | Q(person__isnull=True, party_org__isnull=False, unit__isnull=True)
                    | Q(person__isnull=True, party_org__isnull=True, unit__isnull=False)
                ),
            ),
        ]

    def __str__(self):
        return str(self.subject)

    @property
    def subject(self):
        return self.person or self.party_org or self.unit


class RoundEvaluator(models.Model):
    """A named evaluator or a voter of a round, in one of the scheme's groups. ``rates``: gives signed ratings
    (评分) on the rating criteria; ``votes``: gets one anonymous ballot. ``subject`` empty: evaluates every
    subject of the round; set: that one only (a cadre's superior)."""

    round = models.ForeignKey(EvaluationRound, verbose_name="轮次", on_delete=models.CASCADE, related_name="evaluators")
    person = models.ForeignKey(Person, verbose_name="评价人", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("评价群体", max_length=20, choices=EvaluatorKind.choices)
    subject = models.ForeignKey(
        RoundSubject,
        verbose_name="评价对象",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="evaluators",
    )
    rates = models.BooleanField("署名评分", default=False)
    votes = models.BooleanField("无记名投票", default=False)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "评价人"
        ordering = ["round_id", "kind", "pk"]
        indexes = [models.Index(fields=["person", "round"], name="evaluator_person_round")]

    def __str__(self):
        return f"{self.person}({self.get_kind_display()})"


class RoundResult(models.Model):
    """The computed result of one subject: the party score (the criteria tree), the business result, the
    total after combination and capped adjustments, the grade after quotas and vetoes, and the rank.
    ``explanation`` holds each criterion's score and where it came from (records, raters, the ballot tally)."""

    round = models.ForeignKey(EvaluationRound, verbose_name="轮次", on_delete=models.CASCADE, related_name="results")
    subject = models.OneToOneField(
        RoundSubject, verbose_name="考评对象", on_delete=models.CASCADE, related_name="result"
    )
    party_score = models.DecimalField("党建得分", **SCORE_DIGITS)
    business_score = models.DecimalField("经营业绩得分", null=True, blank=True, **SCORE_DIGITS)
    adjustment = models.DecimalField("加减分", default=0, **SCORE_DIGITS)
    total = models.DecimalField("总分", **SCORE_DIGITS)
    grade = models.ForeignKey(
        GradeBand, verbose_name="等次", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    rank = models.PositiveIntegerField("名次", null=True, blank=True)
    vetoed = models.BooleanField("一票否决", default=False)
    explanation = models.JSONField("得分说明", default=dict, blank=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "考评结果"
        ordering = ["round_id", "rank", "pk"]

    def __str__(self):
        return f"{self.subject}:{self.total}"
