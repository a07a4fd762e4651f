"""问题清单 and 整改闭环: a finding raised from a visit, a suggestion, a meeting, an appraisal or an inspection;
rectified by the responsible side, verified (销号) or reopened by the raising side; its history and its
extension requests (延期申请)."""

from django.conf import settings
from django.db import models
from django.db.models import Case, Q, Value, When

from vanguard.core.limits import NARRATIVE_MAX, NOTE_MAX, WORK_DATE, NameField
from vanguard.core.models import BaseModel
from vanguard.core.scope import RestrictedQuerySet
from vanguard.core.search import TextIndex, matching, register_text_index
from vanguard.org.models import Person, Unit

from ..choices import (
    FINDING_ACTIVE,
    FINDING_NOT_STARTED,
    ExtensionStatus,
    FindingColour,
    FindingSource,
    FindingStatus,
)
from .suggestions import Suggestion
from .visits import Visit


def colour_case(today):
    """The three colours as one SQL ``CASE`` over stored columns compared with ``today`` (a constant): red past
    the deadline, yellow not yet under way past ``yellow_from``, blue from ``blue_from``; none once resolved."""
    active = Q(status__in=FINDING_ACTIVE)
    return Case(
        When(active & Q(deadline__lt=today), then=Value(FindingColour.RED.value)),
        When(Q(status__in=FINDING_NOT_STARTED) & Q(yellow_from__lte=today), then=Value(FindingColour.YELLOW.value)),
        When(active & Q(blue_from__lte=today), then=Value(FindingColour.BLUE.value)),
        default=Value(FindingColour.NONE.value),
        output_field=models.CharField(),
    )


DUE = "due"  # blue or yellow: due soon or behind schedule, not yet overdue


def colour_q(colour, today):
    """The findings of one colour, as a filter the indexes on (status, deadline) and the dates answer."""
    active = Q(status__in=FINDING_ACTIVE)
    red = active & Q(deadline__lt=today)
    yellow = Q(status__in=FINDING_NOT_STARTED, yellow_from__lte=today, deadline__gte=today)
    if colour == FindingColour.RED:
        return red
    if colour == FindingColour.YELLOW:
        return yellow
    if colour == DUE:
        return (
            active
            & Q(deadline__gte=today)
            & (Q(blue_from__lte=today) | Q(status__in=FINDING_NOT_STARTED, yellow_from__lte=today))
        )
    if colour == FindingColour.BLUE:
        return (
            active
            & Q(blue_from__lte=today, deadline__gte=today)
            & ~Q(status__in=FINDING_NOT_STARTED, yellow_from__lte=today)
        )
    return Q()


class FindingQuerySet(RestrictedQuerySet):
    def active(self):
        """Those the responsible side still owes work."""
        return self.filter(status__in=FINDING_ACTIVE)

    def overdue(self, today):
        """Active past their deadline (red)."""
        return self.active().filter(deadline__lt=today)

    def due_soon(self, today):
        """Active, not overdue, within the blue window or behind schedule (blue or yellow)."""
        return (
            self.active()
            .filter(deadline__gte=today)
            .filter(Q(blue_from__lte=today) | Q(yellow_from__lte=today, status__in=FINDING_NOT_STARTED))
        )

    def with_colour(self, today):
        return self.annotate(colour=colour_case(today))

    def search(self, text):
        """The finding or its number holds ``text`` (through the text index: ``FINDING_SEARCH``)."""
        match = matching(FINDING_SEARCH, text, model=self.model)
        return self if match is None else self.filter(match)


FINDING_SEARCH = register_text_index(TextIndex("voices_finding", contains=("title", "number")))


class Finding(BaseModel):
    """一个问题: what was found, where it came from, who answers for it, by when, and how it was closed.

    The source is traceable: ``visit``, ``suggestion`` or ``meeting`` for those kinds, ``source_ref`` naming the
    appraisal or inspection otherwise. ``deadline`` is the current one (an approved extension moves it;
    ``original_deadline`` keeps the first). ``blue_from`` (``choices.BLUE_WORKDAYS`` working days before the
    deadline) and ``yellow_from`` (half the time gone) are written with the deadline by the services, so the
    colours are comparisons of stored columns with today, never a date function per row.
    """

    number = models.CharField("编号", max_length=30, blank=True, default="")
    title = NameField("问题", max_length=200)
    description = models.TextField("问题描述", max_length=NARRATIVE_MAX, blank=True)
    source_kind = models.CharField("来源", max_length=20, choices=FindingSource.choices)
    visit = models.ForeignKey(
        Visit, verbose_name="来源走访", null=True, blank=True, on_delete=models.PROTECT, related_name="findings"
    )
    suggestion = models.ForeignKey(
        Suggestion, verbose_name="来源建议", null=True, blank=True, on_delete=models.PROTECT, related_name="findings"
    )
    meeting = models.ForeignKey(
        "orglife.Meeting", verbose_name="来源会议", null=True, blank=True, on_delete=models.PROTECT,
        related_name="findings",
    )  # fmt: skip
    source_ref = models.CharField("来源说明", max_length=200, blank=True, help_text="考评或检查的名称、文号")
    raised_unit = models.ForeignKey(
        Unit, verbose_name="提出单位", on_delete=models.PROTECT, related_name="findings_raised"
    )
    raised_by = models.ForeignKey(
        Person, verbose_name="提出人", on_delete=models.PROTECT, related_name="findings_raised"
    )
    raised_on = models.DateField("提出日期", validators=[WORK_DATE])
    responsible_unit = models.ForeignKey(
        Unit, verbose_name="责任单位", on_delete=models.PROTECT, related_name="findings"
    )
    responsible_person = models.ForeignKey(
        Person, verbose_name="责任人", on_delete=models.PROTECT, related_name="findings"
    )
    measure = models.TextField("整改措施", max_length=NOTE_MAX, blank=True)
    deadline = models.DateField("整改期限", validators=[WORK_DATE])
    original_deadline = models.DateField("原定期限", editable=False)
    blue_from = models.DateField("蓝色预警起", editable=False)
    yellow_from = models.DateField("黄色预警起", editable=False)
    status = models.CharField("状态", max_length=20, choices=FindingStatus.choices, default=FindingStatus.OPEN)
    rectification = models.TextField("整改情况", max_length=NOTE_MAX, blank=True)
    resolved_on = models.DateField("整改完成日期", null=True, blank=True)
    evidence = models.TextField("销号依据", max_length=NOTE_MAX, blank=True)
    closed_on = models.DateField("销号日期", null=True, blank=True)
    closed_by = models.ForeignKey(
        Person, verbose_name="验证人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reopen_count = models.PositiveIntegerField("退回重改次数", default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="录入人", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip

    objects = FindingQuerySet.as_manager()

    class Meta:
        verbose_name = "问题"
        verbose_name_plural = "问题清单"
        ordering = ["deadline", "id"]
        indexes = [
            # The board's columns and the overdue list: a state, by deadline.
            models.Index(fields=["status", "deadline", "id"], name="finding_status_deadline"),
            models.Index(fields=["status", "closed_on", "id"], name="finding_status_closed"),
            # The ledger and the API in their default order, the first page read off the index, not sorted.
            models.Index(fields=["deadline", "id"], name="finding_deadline"),
            models.Index(fields=["responsible_unit", "status", "deadline"], name="finding_unit_status"),
            models.Index(fields=["responsible_person", "status", "deadline"], name="finding_person_status"),
            models.Index(fields=["raised_by", "status", "deadline"], name="finding_raiser_status"),
            models.Index(fields=["raised_unit", "status", "deadline"], name="finding_raised_unit"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["number"], condition=~Q(number=""), name="finding_number_unique",
                violation_error_message="问题编号已被使用。",
            ),
        ]  # fmt: skip

    def __str__(self):
        return f"{self.number or '未编号'} · {self.title}"

    @property
    def closed(self):
        """销号: verified by the raising side."""
        return self.status == FindingStatus.CLOSED

    def colour_on(self, today):
        """The colour of this row on ``today`` (the same rule as ``colour_case``, for one loaded row)."""
        if self.status not in FINDING_ACTIVE:
            return FindingColour.NONE.value
        if self.deadline < today:
            return FindingColour.RED.value
        if self.status in FINDING_NOT_STARTED and self.yellow_from <= today:
            return FindingColour.YELLOW.value
        if self.blue_from <= today:
            return FindingColour.BLUE.value
        return FindingColour.NONE.value


class FindingStep(models.Model):
    """One step of a finding's loop (raised, accepted, resolved, verified, reopened, extended), for its history."""

    finding = models.ForeignKey(Finding, verbose_name="问题", on_delete=models.CASCADE, related_name="steps")
    action = models.CharField("动作", max_length=20)
    from_status = models.CharField("原状态", max_length=20, choices=FindingStatus.choices, blank=True)
    to_status = models.CharField("新状态", max_length=20, choices=FindingStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    actor_name = models.CharField("操作人姓名", max_length=150, blank=True)
    at = models.DateTimeField("时间")
    note = models.TextField("说明", max_length=NOTE_MAX, blank=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = "整改记录"
        verbose_name_plural = "整改记录"
        ordering = ["finding_id", "at", "id"]
        indexes = [models.Index(fields=["finding", "at"], name="finding_step_at")]

    def __str__(self):
        return f"{self.finding_id}: {self.from_status} → {self.to_status}"


class FindingExtension(BaseModel):
    """延期申请: asked by the responsible side before the deadline, decided by the responsible person's head."""

    finding = models.ForeignKey(Finding, verbose_name="问题", on_delete=models.CASCADE, related_name="extensions")
    requested_deadline = models.DateField("申请延至", validators=[WORK_DATE])
    previous_deadline = models.DateField("原期限")
    reason = models.TextField("延期理由", max_length=NOTE_MAX)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="申请人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_on = models.DateField("申请日期")
    status = models.CharField("状态", max_length=20, choices=ExtensionStatus.choices, default=ExtensionStatus.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="审批人", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    decided_on = models.DateField("审批日期", null=True, blank=True)
    decision_note = models.TextField("审批意见", max_length=NOTE_MAX, blank=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = "延期申请"
        verbose_name_plural = "延期申请"
        ordering = ["-requested_on", "-id"]
        indexes = [models.Index(fields=["status", "finding"], name="finding_extension_status")]
        constraints = [
            models.UniqueConstraint(
                fields=["finding"], condition=Q(status="pending"), name="finding_one_pending_extension",
                violation_error_message="该问题已有一项待审批的延期申请。",
            ),
        ]  # fmt: skip

    def __str__(self):
        return f"{self.finding_id}: 延至 {self.requested_deadline:%Y-%m-%d}"
