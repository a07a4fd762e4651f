"""合理化建议: a suggestion from anyone, its co-proposers, and the figures its workflow records."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from vanguard.core.limits import NARRATIVE_MAX, NOTE_MAX, NameField
from vanguard.core.models import BaseModel
from vanguard.core.scope import RestrictedQuerySet
from vanguard.org.models import Person, Unit

from ..choices import WAITING_STATES, SuggestionCategory, SuggestionStatus


class SuggestionQuerySet(RestrictedQuerySet):
    def waiting(self):
        """Those someone owes an answer."""
        return self.filter(status__in=WAITING_STATES)

    def overdue(self, today):
        """Waiting past their reply deadline."""
        return self.waiting().filter(due_date__lt=today)


class Suggestion(BaseModel):
    """一条合理化建议: what the proposer saw and proposes, and what became of it.

    ``unit`` is the proposer's unit when it was submitted (the unit that reviews it and whose
    statistics count it); ``month`` is the submission month as ``core.dates.month_number`` so
    the statistics group on a stored column. ``due_date`` is the reply deadline of the step it
    waits for (empty when nobody owes an answer).
    """

    number = models.CharField("编号", max_length=30, blank=True, default="")
    title = NameField("建议名称", max_length=200)
    content = models.TextField("建议内容", max_length=NARRATIVE_MAX)
    category = models.CharField("类别", max_length=20, choices=SuggestionCategory.choices)
    expected_benefit = models.DecimalField("预期效益(元/年)", max_digits=14, decimal_places=2, null=True, blank=True)
    proposer = models.ForeignKey(Person, verbose_name="建议人", on_delete=models.PROTECT, related_name="suggestions")
    unit = models.ForeignKey(Unit, verbose_name="所在单位", on_delete=models.PROTECT, related_name="suggestions")
    status = models.CharField(
        "状态", max_length=20, choices=SuggestionStatus.choices, default=SuggestionStatus.SUBMITTED
    )
    submitted_on = models.DateField("提交日期")
    month = models.PositiveIntegerField("提交月序", default=0, editable=False)
    due_date = models.DateField("答复期限", null=True, blank=True)
    duplicate_of = models.ForeignKey(
        "self", verbose_name="与之重复的建议", null=True, blank=True, on_delete=models.PROTECT,
        related_name="duplicates",
    )  # fmt: skip
    implementation_cost = models.DecimalField("实施费用(元)", max_digits=14, decimal_places=2, null=True, blank=True)
    verified_benefit = models.DecimalField(
        "核定年净效益(元)", max_digits=14, decimal_places=2, null=True, blank=True,
        help_text="自首次产生效益之月起 12 个月的效益,扣除实施费用",
    )  # fmt: skip
    benefit_from = models.DateField("效益起算月", null=True, blank=True)
    benefit_evidence = models.TextField("核定依据", max_length=NOTE_MAX, blank=True)
    reward_amount = models.DecimalField("奖励金额(元)", max_digits=12, decimal_places=2, null=True, blank=True)
    # What the verification and the reward rest on (the benefit above is net of the cost).
    gross_benefit = models.DecimalField(
        "12 个月效益(元)", max_digits=14, decimal_places=2, null=True, blank=True,
        help_text="自效益起算月起 12 个月的效益,未扣除实施费用",
    )  # fmt: skip
    finance_signoff = models.CharField("财务签认人", max_length=100, blank=True)
    within_duty = models.BooleanField(
        "属本职工作", default=False, help_text="评审认定属建议人本职工作范围;本职工作范围内的建议按公司设定不予奖励"
    )
    reward_certificate = models.BooleanField("颁发证书", default=False)
    # Carried on as a 五小 or merit project (record once: the project keeps its own lifecycle and benefit).
    project = models.OneToOneField(
        "projects.Project", verbose_name="形成的项目", null=True, blank=True, on_delete=models.PROTECT,
        related_name="from_suggestion",
    )  # fmt: skip
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="录入人", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip

    objects = SuggestionQuerySet.as_manager()

    class Meta:
        verbose_name = "合理化建议"
        verbose_name_plural = "合理化建议"
        ordering = ["-submitted_on", "-id"]
        indexes = [
            models.Index(fields=["unit", "status", "month"], name="suggestion_unit_status"),
            models.Index(fields=["status", "due_date"], name="suggestion_status_due"),
            models.Index(fields=["proposer", "status"], name="suggestion_proposer"),
            models.Index(fields=["submitted_on", "id"], name="suggestion_submitted"),
            # The ledger filtered by a state, newest first, read from the index.
            models.Index(fields=["status", "submitted_on", "id"], name="suggestion_status_submitted"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["number"], condition=~Q(number=""), name="suggestion_number_unique",
                violation_error_message="建议编号已被使用。",
            ),
        ]  # fmt: skip

    def __str__(self):
        return f"{self.number or '未编号'} · {self.title}"


class CoProposer(models.Model):
    """共同建议人: shares the credit. ``joined`` marks one who came in from a duplicate of this suggestion."""

    suggestion = models.ForeignKey(
        Suggestion, verbose_name="建议", on_delete=models.CASCADE, related_name="co_proposers"
    )
    person = models.ForeignKey(Person, verbose_name="人员", on_delete=models.PROTECT, related_name="co_suggestions")
    joined = models.BooleanField("由重复建议并入", default=False)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = "共同建议人"
        verbose_name_plural = "共同建议人"
        ordering = ["suggestion_id", "id"]
        constraints = [models.UniqueConstraint(fields=["suggestion", "person"], name="co_proposer_once")]
        indexes = [models.Index(fields=["person", "suggestion"], name="co_proposer_person")]

    def __str__(self):
        return f"{self.person_id} @ {self.suggestion_id}"
