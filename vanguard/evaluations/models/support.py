"""帮促: the grounds of a 不合格 or 基本合格 result (the reverse situations, 不合格党员的情形, kept as data), and the
support plan (帮促计划) of a member so graded: the support group (帮促小组), the improvement measures, the
follow-up reviews (回访) and the closure (转化 / 限期改正 / 组织处置). A shortcoming found during the support is
raised as a finding of the rectification loop (``voices.Finding``); ``SupportFinding`` ties it to the plan."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from vanguard.core.limits import NOTE_MAX, WORK_DATE, NameField
from vanguard.core.models import BaseModel
from vanguard.core.scope import RestrictedQuerySet
from vanguard.org.models import PartyOrg, Person

from ..choices import SupportOrigin, SupportOutcome, SupportStatus
from .rounds import EvaluationRound, RoundResult


class ReverseSituation(BaseModel):
    """一种不合格情形 (反向情形): a ground commonly listed for grading a member 不合格 in 民主评议 (理想信念动摇,
    无正当理由不参加组织生活 …). Kept by the office; a retired one stays on the results that cite it."""

    code = models.SlugField("代码", max_length=40, unique=True)
    category = models.CharField("类别", max_length=20)
    name = NameField("情形", max_length=200)
    description = models.TextField("说明", max_length=NOTE_MAX, blank=True)
    order = models.PositiveSmallIntegerField("排序", default=0)
    is_active = models.BooleanField("启用", default=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "不合格情形"
        ordering = ["order", "pk"]

    def __str__(self):
        return self.name


class ResultGround(models.Model):
    """A reverse situation the organiser recorded as a ground of one 不合格 or 基本合格 result, before publishing."""

    result = models.ForeignKey(RoundResult, verbose_name="考评结果", on_delete=models.CASCADE, related_name="grounds")
    situation = models.ForeignKey(
        ReverseSituation, verbose_name="情形", on_delete=models.PROTECT, related_name="grounds"
    )
    note = models.TextField("具体表现", max_length=NOTE_MAX, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="记录人", on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField("记录时间")

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "情形依据"
        ordering = ["result_id", "situation__order", "pk"]
        constraints = [models.UniqueConstraint(fields=["result", "situation"], name="ground_once_per_result")]

    def __str__(self):
        return f"{self.result_id}:{self.situation_id}"


class SupportPlanQuerySet(RestrictedQuerySet):
    def open(self):
        return self.filter(status=SupportStatus.OPEN)

    def review_due_by(self, day):
        """Open plans whose next follow-up review falls on or before ``day``."""
        return self.open().filter(review_due__lte=day)


class SupportPlan(BaseModel):
    """帮促计划 of one member after one result: what falls short (``shortcomings``), the aim, the support group,
    the measures and the follow-up reviews. ``org`` is the round's org (the branch), so the plan is seen where
    the result is. ``review_due``: the next follow-up review (the secretary's home counts those due)."""

    round = models.ForeignKey(
        EvaluationRound, verbose_name="轮次", on_delete=models.PROTECT, related_name="support_plans"
    )
    result = models.OneToOneField(
        RoundResult, verbose_name="考评结果", on_delete=models.PROTECT, related_name="support_plan"
    )
    org = models.ForeignKey(PartyOrg, verbose_name="党组织", on_delete=models.PROTECT, related_name="+")
    member = models.ForeignKey(Person, verbose_name="帮促对象", on_delete=models.PROTECT, related_name="support_plans")
    origin = models.CharField("来源", max_length=20, choices=SupportOrigin.choices)
    status = models.CharField("状态", max_length=20, choices=SupportStatus.choices, default=SupportStatus.OPEN)
    shortcomings = models.TextField("存在的主要问题", max_length=NOTE_MAX, blank=True)
    goal = models.TextField("帮促目标", max_length=NOTE_MAX, blank=True)
    opened_on = models.DateField("建立日期", validators=[WORK_DATE])
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="建立人", on_delete=models.PROTECT, related_name="+"
    )
    review_due = models.DateField("下次回访", null=True, blank=True, validators=[WORK_DATE])
    outcome = models.CharField("处置结果", max_length=20, choices=SupportOutcome.choices, blank=True)
    outcome_note = models.TextField("处置说明", max_length=NOTE_MAX, blank=True)
    rectify_by = models.DateField("改正期限", null=True, blank=True, validators=[WORK_DATE])
    closed_on = models.DateField("结束日期", null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="结束人", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip

    objects = SupportPlanQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "帮促计划"
        ordering = ["-opened_on", "-pk"]
        indexes = [
            models.Index(fields=["org", "status"], name="support_org_status"),
            models.Index(fields=["status", "review_due"], name="support_status_due"),
        ]

    def __str__(self):
        return f"{self.member.name} 帮促计划"

    @property
    def closed(self):
        return self.status == SupportStatus.CLOSED


class SupportHelper(models.Model):
    """A member of the support group (帮促小组), one of them its leader (组长)."""

    plan = models.ForeignKey(SupportPlan, verbose_name="帮促计划", on_delete=models.CASCADE, related_name="helpers")
    person = models.ForeignKey(Person, verbose_name="帮促人", on_delete=models.PROTECT, related_name="+")
    leader = models.BooleanField("组长", default=False)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "帮促小组成员"
        ordering = ["plan_id", "-leader", "pk"]
        indexes = [models.Index(fields=["person", "plan"], name="support_helper_person")]
        constraints = [
            models.UniqueConstraint(fields=["plan", "person"], name="support_helper_once"),
            models.UniqueConstraint(fields=["plan"], condition=Q(leader=True), name="support_one_leader"),
        ]

    def __str__(self):
        return self.person.name


class SupportMeasure(BaseModel):
    """一条改进措施: what is to be done, by when and by whom (the member or a helper); ``done_on`` once done."""

    plan = models.ForeignKey(SupportPlan, verbose_name="帮促计划", on_delete=models.CASCADE, related_name="measures")
    content = models.TextField("措施", max_length=NOTE_MAX)
    due_date = models.DateField("完成时限", validators=[WORK_DATE])
    responsible = models.ForeignKey(Person, verbose_name="落实人", on_delete=models.PROTECT, related_name="+")
    done_on = models.DateField("完成日期", null=True, blank=True, validators=[WORK_DATE])

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "帮促措施"
        ordering = ["plan_id", "due_date", "pk"]

    def __str__(self):
        return self.content[:30]


class SupportReview(models.Model):
    """一次回访 (follow-up review): the day, what has changed, who reviewed."""

    plan = models.ForeignKey(SupportPlan, verbose_name="帮促计划", on_delete=models.CASCADE, related_name="reviews")
    held_on = models.DateField("回访日期", validators=[WORK_DATE])
    change = models.TextField("转变情况", max_length=NOTE_MAX)
    reviewer = models.ForeignKey(
        Person, verbose_name="回访人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="记录人", on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField("记录时间")

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "帮促回访"
        ordering = ["plan_id", "-held_on", "-pk"]

    def __str__(self):
        return f"{self.held_on}:{self.change[:20]}"


class SupportFinding(models.Model):
    """A shortcoming of the plan raised as a finding (问题清单): one record in voices, seen from both sides."""

    plan = models.ForeignKey(
        SupportPlan, verbose_name="帮促计划", on_delete=models.CASCADE, related_name="finding_links"
    )
    finding = models.OneToOneField(
        "voices.Finding", verbose_name="问题", on_delete=models.PROTECT, related_name="support_link"
    )

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "帮促计划的问题"
        ordering = ["plan_id", "pk"]

    def __str__(self):
        return f"{self.plan_id}:{self.finding_id}"
