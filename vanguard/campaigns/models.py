"""Themed practice activities: campaigns, their target trees, progress, letters and commitments."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from treebeard.mp_tree import MP_Node

from vanguard.core.limits import NARRATIVE_MAX, NOTE_MAX, WORK_DATE, NameField
from vanguard.core.models import BaseModel
from vanguard.core.scope import RestrictedQuerySet
from vanguard.org.models import PartyOrg, Person, TreeManager, TreeQuerySet

from .choices import (
    DUE_SOON_DAYS,
    YUAN_UNITS,
    Aggregation,
    Cadence,
    CampaignStatus,
    CommitmentStatus,
    Direction,
    LetterStatus,
    Rating,
    ReportStatus,
    StageKind,
    TargetStatus,
    Theme,
)

DECIMAL = {"max_digits": 18, "decimal_places": 4}


class Campaign(BaseModel):
    """主题实践活动: a themed activity with its period, organiser and participating orgs."""

    title = NameField("活动名称", max_length=100)
    theme = models.CharField("主题类型", max_length=20, choices=Theme.choices, default=Theme.COST)
    purpose = models.TextField("活动目的", max_length=NARRATIVE_MAX, blank=True)
    starts_on = models.DateField("开始日期", validators=[WORK_DATE])
    ends_on = models.DateField("结束日期", validators=[WORK_DATE])
    organiser = models.ForeignKey(
        PartyOrg, verbose_name="组织单位", on_delete=models.PROTECT, related_name="organised_campaigns"
    )
    participants = models.ManyToManyField(
        PartyOrg,
        verbose_name="参加组织",
        blank=True,
        related_name="campaigns",
        help_text="参加本活动的党组织(含其下级)。",
    )
    status = models.CharField("状态", max_length=16, choices=CampaignStatus.choices, default=CampaignStatus.DRAFT)
    cadence = models.CharField("检查周期", max_length=16, choices=Cadence.choices, default=Cadence.MONTHLY)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="创建人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "主题实践活动"
        verbose_name_plural = "主题实践活动"
        ordering = ["-starts_on", "-id"]

    def __str__(self):
        return self.title

    @property
    def is_open(self):
        return self.status == CampaignStatus.ACTIVE


class TargetQuerySet(TreeQuerySet):
    """Named questions about targets; ``overdue`` and ``due_soon`` depend on today, so they are not cached."""

    def overdue(self, today=None):
        today = today or timezone.localdate()
        return self.filter(due_date__lt=today).exclude(status=TargetStatus.DONE)

    def due_soon(self, today=None, days=DUE_SOON_DAYS):
        today = today or timezone.localdate()
        return self.filter(due_date__gte=today, due_date__lte=today + timedelta(days=days)).exclude(
            status=TargetStatus.DONE
        )

    def at_risk(self, today=None):
        today = today or timezone.localdate()
        return self.filter(status__in=[TargetStatus.AT_RISK, TargetStatus.OFF_TRACK]).exclude(due_date__lt=today)

    def leaves(self):
        return self.filter(numchild=0)

    def owned_by(self, person):
        return self.filter(owner_person=person)


class TargetManager(TreeManager.from_queryset(TargetQuerySet)):
    def get_queryset(self):
        return TargetQuerySet(self.model).order_by("path")


class Target(MP_Node, BaseModel):
    """目标: an overall target (root) broken down to orgs and people (children), any depth.

    The ``rollup_*``, ``progress_pct`` and ``status`` fields are a cache kept by
    ``services.rollup_*``: for a leaf they come from its latest accepted report, for
    a parent from its children (weighted, direction-aware).
    """

    campaign = models.ForeignKey(Campaign, verbose_name="活动", on_delete=models.CASCADE, related_name="targets")
    title = NameField("任务内容", max_length=200)
    metric_name = models.CharField("指标名称", max_length=100, blank=True)
    metric_unit = models.CharField("计量单位", max_length=20, blank=True)
    baseline = models.DecimalField("基准值", null=True, blank=True, **DECIMAL)
    target_value = models.DecimalField("目标值", null=True, blank=True, **DECIMAL)
    direction = models.CharField("方向", max_length=16, choices=Direction.choices, default=Direction.HIGHER)
    aggregation = models.CharField("汇总方式", max_length=8, choices=Aggregation.choices, default=Aggregation.SUM)
    weight = models.DecimalField("权重", max_digits=8, decimal_places=2, default=1)
    owner_person = models.ForeignKey(
        Person, verbose_name="责任人", null=True, blank=True, on_delete=models.PROTECT, related_name="targets"
    )
    owner_org = models.ForeignKey(
        PartyOrg, verbose_name="责任组织", null=True, blank=True, on_delete=models.PROTECT, related_name="targets"
    )
    due_date = models.DateField("时间节点", validators=[WORK_DATE])
    standard = models.TextField("工作标准", max_length=NOTE_MAX, blank=True)
    outcome = models.TextField("预期成效", max_length=NOTE_MAX, blank=True)

    actual_value = models.DecimalField("实际值", null=True, blank=True, editable=False, **DECIMAL)
    progress_pct = models.DecimalField("完成进度(%)", max_digits=7, decimal_places=2, default=0, editable=False)
    forecast_pct = models.DecimalField("预计完成(%)", max_digits=9, decimal_places=2, null=True, editable=False)
    status = models.CharField(
        "状态", max_length=16, choices=TargetStatus.choices, default=TargetStatus.NOT_STARTED, editable=False
    )
    last_reported_on = models.DateField("最近填报期", null=True, blank=True, editable=False)
    report_count = models.PositiveIntegerField("已通过报告数", default=0, editable=False)
    contributed_value = models.DecimalField(
        "其中计入成果",
        default=0,
        editable=False,
        help_text="验收后计入本目标(及其下级)的成果,如立功立项效益。",
        **DECIMAL,
    )

    node_order_by = None
    objects = TargetManager()

    class Meta:
        verbose_name = "目标"
        verbose_name_plural = "目标"
        indexes = [
            models.Index(fields=["campaign", "path"]),
            models.Index(fields=["owner_person", "due_date"]),
            models.Index(fields=["campaign", "status"]),
            # The dashboard's figures read these columns alone, never the wide rows of thousands of targets:
            # the overall targets and the leaves' statuses.
            models.Index(fields=["campaign", "depth", "path"], name="target_level"),
            models.Index(fields=["campaign", "numchild", "status", "due_date"], name="target_leaf_status"),
        ]

    def __str__(self):
        return self.title

    @property
    def is_milestone(self):
        return self.direction == Direction.MILESTONE

    @property
    def yuan_per_unit(self):
        """Yuan in one unit of this target, when a result in yuan (a saving) adds to it; else None.

        Only an amount to raise that children add up (降本增效额 in 万元, say) takes results in
        yuan: a rate, a cost level or a milestone does not grow by a saving.
        """
        if self.direction != Direction.HIGHER or self.aggregation != Aggregation.SUM:
            return None
        return YUAN_UNITS.get((self.metric_unit or "").strip())

    @property
    def owner_label(self):
        parts = [o.name for o in (self.owner_org, self.owner_person) if o is not None]
        return " · ".join(parts) or "—"

    def display_status(self, today=None):
        """The cached status, with "overdue" applied as of today (the cache is written on accept)."""
        today = today or timezone.localdate()
        if self.status != TargetStatus.DONE and self.due_date < today:
            return TargetStatus.OVERDUE
        return TargetStatus(self.status)


class TargetStage(BaseModel):
    """阶段性目标: the value a target should have reached by a month, quarter or half year."""

    target = models.ForeignKey(Target, verbose_name="目标", on_delete=models.CASCADE, related_name="stages")
    kind = models.CharField("阶段", max_length=16, choices=StageKind.choices, default=StageKind.QUARTER)
    label = models.CharField("名称", max_length=50)
    ends_on = models.DateField("截止日期", validators=[WORK_DATE])
    planned_value = models.DecimalField("阶段目标值", null=True, blank=True, **DECIMAL)
    note = models.CharField("阶段任务", max_length=200, blank=True)

    class Meta:
        verbose_name = "阶段性目标"
        verbose_name_plural = "阶段性目标"
        ordering = ["target_id", "ends_on"]

    def __str__(self):
        return f"{self.target.title} · {self.label}"


class ProgressReport(BaseModel):
    """进展填报: an owner's actual value for one period, reviewed by the branch; never deleted.

    ``value`` is the value reached by the end of the period (cumulative for amounts, the
    period's level for rates); for a milestone it is the percent done. A returned report
    stays as it was; the owner submits a new one.
    """

    target = models.ForeignKey(Target, verbose_name="目标", on_delete=models.CASCADE, related_name="reports")
    period = models.DateField("填报期", help_text="所报期间的最后一天。", validators=[WORK_DATE])
    value = models.DecimalField("实际值", null=True, blank=True, **DECIMAL)
    narrative = models.TextField("工作进展", max_length=NARRATIVE_MAX, blank=True)
    status = models.CharField("状态", max_length=16, choices=ReportStatus.choices, default=ReportStatus.SUBMITTED)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="填报人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField("填报时间", default=timezone.now)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审核人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True)
    review_note = models.CharField("审核意见", max_length=200, blank=True)

    class Meta:
        verbose_name = "进展填报"
        verbose_name_plural = "进展填报"
        ordering = ["-period", "-id"]
        indexes = [
            models.Index(fields=["target", "status", "period"]),
            models.Index(fields=["status", "submitted_at"]),
            models.Index(fields=["period", "id"], name="report_newest_first"),
        ]

    def __str__(self):
        return f"{self.target.title} · {self.period:%Y-%m}"


class MonthFigures(models.Model):
    """The figures kept per month by ``ReportMonth`` and ``ReportMonthTotal``."""

    accepted = models.PositiveIntegerField("已通过", default=0)
    submitted = models.PositiveIntegerField("待审核", default=0)
    returned = models.PositiveIntegerField("已退回", default=0)
    leaf_accepted = models.PositiveIntegerField("其中计入累计", default=0, help_text="未分解目标的已通过填报。")
    gain = models.DecimalField("新增实际值", default=0, **DECIMAL)

    class Meta:
        abstract = True


class ReportMonth(MonthFigures):
    """逐月填报汇总: one target's reports of one month by status, and what its accepted ones added.

    A summary table (``campaigns.summaries``), written with the reports in the same transaction.
    ``gain`` is what the month's accepted reports added to the leaf's previous accepted value, so
    the running sum of the gains over the months is the sum of every leaf's latest value; a target
    split into children adds nothing (its progress is theirs). ``root`` is the overall target above
    it, so the totals of a whole tree are summed per month without walking the tree.
    """

    target = models.ForeignKey(Target, verbose_name="目标", on_delete=models.CASCADE, related_name="+")
    root = models.ForeignKey(Target, verbose_name="总体目标", on_delete=models.CASCADE, related_name="+")
    month = models.DateField("月份", help_text="该月的第一天。")

    class Meta:
        verbose_name = "逐月填报汇总"
        verbose_name_plural = "逐月填报汇总"
        constraints = [models.UniqueConstraint(fields=["target", "month"], name="report_month_once")]
        indexes = [models.Index(fields=["root", "month"], name="report_month_root")]

    def __str__(self):
        return f"{self.target_id} · {self.month:%Y-%m}"


class ReportMonthTotal(MonthFigures):
    """逐月填报合计: the sums of ``ReportMonth`` over every target of one overall target's tree, per month.

    What the campaign's dashboard reads for whoever sees the whole campaign: a few rows per month.
    """

    root = models.ForeignKey(Target, verbose_name="总体目标", on_delete=models.CASCADE, related_name="+")
    month = models.DateField("月份", help_text="该月的第一天。")

    class Meta:
        verbose_name = "逐月填报合计"
        verbose_name_plural = "逐月填报合计"
        constraints = [models.UniqueConstraint(fields=["root", "month"], name="report_month_total_once")]

    def __str__(self):
        return f"{self.root_id} · {self.month:%Y-%m}"


class ContributionQuerySet(RestrictedQuerySet):
    def counted(self):
        return self.filter(counted_on__isnull=False)

    def of_source(self, source, source_id):
        return self.filter(source=source, source_id=source_id)


class TargetContribution(BaseModel):
    """计入目标的成果: a record of another module (a merit project, say) linked to a leaf target.

    Linked while the work goes on; when its result is accepted, the value (in the target's
    unit) is counted and the target's progress includes it, so nobody reports it again.
    ``source`` names the record's type (``"projects.project"``) and ``source_id`` its id: the
    campaigns app does not know the other apps, the page registry links back to them.
    """

    target = models.ForeignKey(Target, verbose_name="目标", on_delete=models.CASCADE, related_name="contributions")
    source = models.CharField("来源类型", max_length=40)
    source_id = models.PositiveBigIntegerField("来源编号")
    label = models.CharField("成果", max_length=250)
    value = models.DecimalField("计入值", null=True, blank=True, help_text="按目标的计量单位。", **DECIMAL)
    source_value = models.DecimalField("成果原值(元)", max_digits=16, decimal_places=2, null=True, blank=True)
    counted_on = models.DateField("计入日期", null=True, blank=True, validators=[WORK_DATE])
    note = models.CharField("说明", max_length=200, blank=True)
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="关联人", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip

    objects = ContributionQuerySet.as_manager()

    class Meta:
        verbose_name = "计入目标的成果"
        verbose_name_plural = "计入目标的成果"
        ordering = ["target_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["target", "source", "source_id"], name="contribution_once_per_target",
                violation_error_message="该成果已关联到这个目标。",
            )
        ]  # fmt: skip
        indexes = [models.Index(fields=["source", "source_id"], name="contribution_source")]

    def __str__(self):
        return f"{self.label} → {self.target_id}"

    @property
    def counted(self):
        return self.counted_on is not None


def evidence_path(instance, filename):
    return f"campaigns/evidence/{timezone.now():%Y/%m}/{filename}"


class Evidence(models.Model):
    """佐证材料: a file attached to a progress report."""

    report = models.ForeignKey(ProgressReport, verbose_name="填报", on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField("文件", upload_to=evidence_path, max_length=255)
    name = models.CharField("文件名", max_length=200)
    size = models.PositiveIntegerField("大小(字节)", default=0)
    created_at = models.DateTimeField("上传时间", auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = "佐证材料"
        verbose_name_plural = "佐证材料"
        ordering = ["id"]

    def __str__(self):
        return self.name


class ResponsibilityLetter(BaseModel):
    """责任书: the targets of one owner in a campaign, issued by the org above and acknowledged online.

    ``content`` keeps the target table as issued, so the letter reads the same later.
    """

    campaign = models.ForeignKey(Campaign, verbose_name="活动", on_delete=models.CASCADE, related_name="letters")
    issuer_org = models.ForeignKey(PartyOrg, verbose_name="甲方", on_delete=models.PROTECT, related_name="+")
    recipient_person = models.ForeignKey(
        Person, verbose_name="乙方(个人)", null=True, blank=True, on_delete=models.PROTECT, related_name="letters"
    )
    recipient_org = models.ForeignKey(
        PartyOrg, verbose_name="乙方(组织)", null=True, blank=True, on_delete=models.PROTECT, related_name="letters"
    )
    content = models.JSONField("目标内容", default=list)
    status = models.CharField("状态", max_length=16, choices=LetterStatus.choices, default=LetterStatus.ISSUED)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="下达人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    issued_at = models.DateTimeField("下达时间", default=timezone.now)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="确认人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    acknowledged_at = models.DateTimeField("确认时间", null=True, blank=True)

    class Meta:
        verbose_name = "责任书"
        verbose_name_plural = "责任书"
        ordering = ["campaign_id", "-issued_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "recipient_person"],
                condition=Q(recipient_person__isnull=False),
                name="letter_one_per_person",
            ),
            models.UniqueConstraint(
                fields=["campaign", "recipient_org"],
                condition=Q(recipient_person__isnull=True),
                name="letter_one_per_org",
            ),
        ]

    def __str__(self):
        return f"{self.campaign.title} 责任书 · {self.recipient_label}"

    @property
    def recipient_label(self):
        return self.recipient_person.name if self.recipient_person_id else str(self.recipient_org)


class Commitment(BaseModel):
    """承诺事项: what a member or a branch commits to within a campaign, checked every half year."""

    campaign = models.ForeignKey(Campaign, verbose_name="活动", on_delete=models.CASCADE, related_name="commitments")
    person = models.ForeignKey(
        Person, verbose_name="承诺人", null=True, blank=True, on_delete=models.PROTECT, related_name="commitments"
    )
    org = models.ForeignKey(
        PartyOrg, verbose_name="承诺组织", null=True, blank=True, on_delete=models.PROTECT, related_name="commitments"
    )
    content = models.CharField("承诺内容", max_length=300)
    measure = models.CharField("衡量标准", max_length=200, blank=True)
    due_date = models.DateField("完成时限", validators=[WORK_DATE])
    status = models.CharField("状态", max_length=16, choices=CommitmentStatus.choices, default=CommitmentStatus.ACTIVE)

    class Meta:
        verbose_name = "承诺事项"
        verbose_name_plural = "承诺事项"
        ordering = ["campaign_id", "due_date", "id"]

    def __str__(self):
        return self.content

    @property
    def owner_label(self):
        return self.person.name if self.person_id else str(self.org)


class CommitmentCheck(BaseModel):
    """推动检查: the half-yearly check of a commitment; the results are published."""

    commitment = models.ForeignKey(Commitment, verbose_name="承诺事项", on_delete=models.CASCADE, related_name="checks")
    period = models.DateField("检查半年", help_text="半年的第一天:1 月 1 日或 7 月 1 日。", validators=[WORK_DATE])
    result = models.TextField("完成情况", max_length=NOTE_MAX)
    rating = models.CharField("评定结果", max_length=16, choices=Rating.choices)
    remarks = models.CharField("备注", max_length=200, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="检查人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    checked_on = models.DateField("检查日期", default=timezone.localdate, validators=[WORK_DATE])

    class Meta:
        verbose_name = "推动检查"
        verbose_name_plural = "推动检查"
        ordering = ["-period", "commitment_id"]
        constraints = [models.UniqueConstraint(fields=["commitment", "period"], name="one_check_per_half_year")]

    def __str__(self):
        return f"{self.commitment} · {self.period_label}"

    @property
    def period_label(self):
        return f"{self.period.year}年{'上' if self.period.month <= 6 else '下'}半年"
