"""Organisational life: meetings and attendance, study hours, monthly reviews, field days, compliance rules.

Who may see and change each of them is declared in ``access.py``.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from vanguard.core.limits import NARRATIVE_MAX, NOTE_MAX, WORK_DATE, NameField
from vanguard.core.models import BaseModel
from vanguard.core.scope import RestrictedQuerySet
from vanguard.core.search import TextIndex, register_text_index, search
from vanguard.org.choices import PartyOrgKind
from vanguard.org.models import PartyOrg, Person

from .choices import (
    HELD_STATUSES,
    MAX_MEETING_HOURS,
    MAX_TRAINING_HOURS,
    AttendanceStatus,
    Audience,
    CentralGroupRole,
    HalfDay,
    MeetingForm,
    MeetingKind,
    MeetingStatus,
    Period,
    Subject,
    TrainingCategory,
    TrainingChannel,
)


class MeetingQuerySet(RestrictedQuerySet):
    def held(self):
        return self.filter(status__in=HELD_STATUSES)

    def in_year(self, year):
        from datetime import date

        return self.filter(date__gte=date(year, 1, 1), date__lte=date(year, 12, 31))

    def search(self, text):
        """The theme, the topics or the place holds ``text``."""
        return search(self, MEETING_SEARCH, text)


MEETING_SEARCH = register_text_index(TextIndex("orglife_meeting", contains=("title", "topics", "place")))


class Meeting(BaseModel):
    """会议: one of 三会一课, a theme party day, a life meeting, a study session, a briefing or a forum.

    Planned → held (attendance recorded) → recorded (minutes written). Those who attended
    earn ``class_hours`` each: the study hours are read from the attendance, never typed again.
    """

    org = models.ForeignKey(PartyOrg, verbose_name="党组织", on_delete=models.PROTECT, related_name="meetings")
    kind = models.CharField("会议类型", max_length=20, choices=MeetingKind.choices)
    form = models.CharField("活动形式", max_length=20, choices=MeetingForm.choices, default=MeetingForm.PLAIN)
    title = NameField("主题", max_length=200)
    date = models.DateField("日期", validators=[WORK_DATE])
    start_time = models.TimeField("开始时间", null=True, blank=True)
    place = models.CharField("地点", max_length=100, blank=True)
    host = models.ForeignKey(
        Person, verbose_name="主持人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorder = models.ForeignKey(
        Person, verbose_name="记录人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    topics = models.TextField("议题", max_length=NOTE_MAX, blank=True)
    minutes = models.TextField(
        "会议记录", max_length=NARRATIVE_MAX, blank=True, help_text="可直接粘贴带格式的文字,保存时只保留安全的格式。"
    )
    resolutions = models.TextField("决议事项", max_length=NARRATIVE_MAX, blank=True)
    class_hours = models.DecimalField(
        "学时",
        max_digits=4,
        decimal_places=1,
        default=Decimal("1"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(MAX_MEETING_HOURS)],
        help_text="每位出席者计入的学时。",
    )
    status = models.CharField("状态", max_length=16, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = "会议"
        verbose_name_plural = "会议"
        ordering = ["-date", "-id"]
        indexes = [
            # The compliance matrix groups a year's held meetings by org, kind and month.
            models.Index(fields=["date", "status", "kind", "org"], name="meeting_date_status_kind_org"),
            models.Index(fields=["org", "date"], name="meeting_org_date"),
            # The ledger lists the newest first.
            models.Index(fields=["date", "id"], name="meeting_date_id"),
            # The ledger filtered by kind reads that kind's meetings alone, newest first; a text the
            # search index cannot narrow (学习, in nearly every meeting) is then checked on those only.
            models.Index(fields=["kind", "date", "id"], name="meeting_kind_date_id"),
            # The homes count planned meetings whose day has passed: a few among a company's years.
            models.Index(fields=["status", "date"], name="meeting_status_date"),
            # The calendar ranks each day's meetings by time from this index alone, then reads the few it shows.
            models.Index(fields=["date", "start_time", "status"], name="meeting_day_order"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["org", "kind", "date"],
                condition=~Q(status="cancelled"),
                name="meeting_once_per_org_kind_day",
                violation_error_message="同一组织同一天已有同类会议的记录。",
            )
        ]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()} · {self.title}"

    @property
    def is_held(self):
        return self.status in HELD_STATUSES


def attachment_path(instance, filename):
    return f"orglife/meetings/{instance.meeting_id}/{filename}"


class MeetingAttachment(models.Model):
    """附件: a file kept with a meeting (sign-in sheet, slides, photos)."""

    meeting = models.ForeignKey(Meeting, verbose_name="会议", on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField("文件", upload_to=attachment_path)
    name = models.CharField("文件名", max_length=200)
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = "会议附件"
        verbose_name_plural = "会议附件"
        ordering = ["id"]

    def __str__(self):
        return self.name


class Attendance(models.Model):
    """出勤: one person at one meeting, as recorded by the secretary. Guests are people outside the org."""

    meeting = models.ForeignKey(Meeting, verbose_name="会议", on_delete=models.CASCADE, related_name="attendances")
    person = models.ForeignKey(Person, verbose_name="人员", on_delete=models.PROTECT, related_name="attendances")
    status = models.CharField("出勤", max_length=20, choices=AttendanceStatus.choices, default=AttendanceStatus.PRESENT)
    is_guest = models.BooleanField("列席(非本组织)", default=False)
    note = models.CharField("备注", max_length=200, blank=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = "出勤记录"
        verbose_name_plural = "出勤记录"
        ordering = ["meeting_id", "id"]
        constraints = [models.UniqueConstraint(fields=["meeting", "person"], name="attendance_once_per_meeting")]
        # A member's year reads their rows alone; the meeting is joined by primary key.
        indexes = [models.Index(fields=["person", "status", "meeting"], name="attendance_person_status")]

    def __str__(self):
        return f"{self.person_id} @ {self.meeting_id}: {self.get_status_display()}"


class TrainingRecord(BaseModel):
    """培训记录: study outside the org's meetings (external courses, online learning, training classes)."""

    person = models.ForeignKey(Person, verbose_name="人员", on_delete=models.PROTECT, related_name="trainings")
    category = models.CharField(
        "类别", max_length=20, choices=TrainingCategory.choices, default=TrainingCategory.MEMBER
    )
    channel = models.CharField("方式", max_length=20, choices=TrainingChannel.choices, default=TrainingChannel.ONLINE)
    title = NameField("培训名称", max_length=200)
    provider = models.CharField("举办单位", max_length=100, blank=True)
    date = models.DateField("日期", validators=[WORK_DATE])
    hours = models.DecimalField(
        "学时",
        max_digits=5,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(MAX_TRAINING_HOURS)],
    )
    note = models.CharField("备注", max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = "培训记录"
        verbose_name_plural = "培训记录"
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["person", "date"], name="training_person_date")]
        constraints = [models.UniqueConstraint(fields=["person", "title", "date"], name="training_once_per_person_day")]

    def __str__(self):
        return f"{self.title}({self.hours} 学时)"


class ReviewGrade(models.Model):
    """讲评等级: the scale of the monthly review (表扬 / 肯定 / 提醒 / 鞭策 by default), kept by the office."""

    code = models.SlugField("代码", max_length=20, unique=True)
    label = models.CharField("名称", max_length=20)
    colour = models.CharField("颜色", max_length=20, default="secondary")
    order = models.PositiveSmallIntegerField("顺序", default=0)
    is_active = models.BooleanField("启用", default=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = "讲评等级"
        verbose_name_plural = "讲评等级"
        ordering = ["order", "id"]

    def __str__(self):
        return self.label


class Review(BaseModel):
    """讲评: a party group's or branch's monthly word on one member, with links to the evidence."""

    person = models.ForeignKey(Person, verbose_name="党员", on_delete=models.PROTECT, related_name="reviews")
    org = models.ForeignKey(PartyOrg, verbose_name="讲评组织", on_delete=models.PROTECT, related_name="reviews")
    month = models.DateField("月份", help_text="该月第一天。", validators=[WORK_DATE])
    grade = models.ForeignKey(ReviewGrade, verbose_name="讲评等级", on_delete=models.PROTECT, related_name="reviews")
    comment = models.TextField("讲评意见", max_length=NOTE_MAX, blank=True)
    evidence = models.JSONField(
        "佐证", default=list, blank=True, help_text="党员的目标、项目、承诺等记录:[{object_type, object_id, label}]。"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="讲评人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = "讲评"
        verbose_name_plural = "讲评"
        ordering = ["-month", "person_id"]
        constraints = [models.UniqueConstraint(fields=["person", "org", "month"], name="review_once_per_month")]
        # The compliance matrix counts a year's reviews per (org, month) along this index.
        indexes = [models.Index(fields=["month", "org"], name="review_month_org")]

    def __str__(self):
        return f"{self.month:%Y-%m} {self.person_id}: {self.grade_id}"


class FieldDay(BaseModel):
    """深入现场: half a day a cadre spent on the shop floor, with what was found and solved there."""

    person = models.ForeignKey(Person, verbose_name="干部", on_delete=models.PROTECT, related_name="field_days")
    date = models.DateField("日期", validators=[WORK_DATE])
    half = models.CharField("时段", max_length=2, choices=HalfDay.choices, default=HalfDay.AM)
    place = models.CharField("现场", max_length=100)
    problems_found = models.TextField("发现问题", max_length=NOTE_MAX, blank=True)
    problems_solved = models.TextField("解决问题", max_length=NOTE_MAX, blank=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = "深入现场记录"
        verbose_name_plural = "深入现场记录"
        ordering = ["-date", "half"]
        constraints = [models.UniqueConstraint(fields=["person", "date", "half"], name="field_day_once_per_half")]

    def __str__(self):
        return f"{self.date:%Y-%m-%d}{self.get_half_display()} {self.place}"


class ComplianceRule(BaseModel):
    """组织生活规则: how often an org of a kind must hold a kind of meeting (or review its members)."""

    subject = models.CharField("事项", max_length=20, choices=Subject.choices)
    org_kind = models.CharField("组织类型", max_length=20, choices=PartyOrgKind.choices)
    period = models.CharField("周期", max_length=12, choices=Period.choices)
    minimum = models.PositiveSmallIntegerField("最少次数", default=1, validators=[MinValueValidator(1)])
    is_active = models.BooleanField("启用", default=True)
    basis = models.CharField("依据", max_length=200, blank=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = "组织生活规则"
        verbose_name_plural = "组织生活规则"
        ordering = ["org_kind", "subject"]
        constraints = [models.UniqueConstraint(fields=["subject", "org_kind"], name="rule_once_per_subject_kind")]

    def __str__(self):
        return f"{self.get_org_kind_display()}{self.get_subject_display()}{self.get_period_display()}≥{self.minimum}次"


class ComplianceExemption(BaseModel):
    """免于考核: an org that need not meet a rule (or any rule) for a while, e.g. founded mid-period."""

    org = models.ForeignKey(PartyOrg, verbose_name="党组织", on_delete=models.CASCADE, related_name="exemptions")
    rule = models.ForeignKey(
        ComplianceRule,
        verbose_name="规则",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="exemptions",
        help_text="不选表示全部规则。",
    )
    starts_on = models.DateField("起始日期", validators=[WORK_DATE])
    ends_on = models.DateField("截止日期", validators=[WORK_DATE])
    reason = models.CharField("原因", max_length=200)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = "免于考核"
        verbose_name_plural = "免于考核"
        ordering = ["-starts_on"]

    def __str__(self):
        return f"{self.org} {self.starts_on}–{self.ends_on}"


class StudyRule(BaseModel):
    """学时规则: the yearly class hours a group of people must reach (members ≥ 40 by default)."""

    audience = models.CharField("对象", max_length=20, choices=Audience.choices, unique=True)
    min_hours = models.DecimalField("每年最少学时", max_digits=5, decimal_places=1)
    basis = models.CharField("依据", max_length=200, blank=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = "学时规则"
        verbose_name_plural = "学时规则"
        ordering = ["audience"]

    def __str__(self):
        return f"{self.get_audience_display()}每年不少于 {self.min_hours} 学时"


class CentralGroupMemberQuerySet(RestrictedQuerySet):
    def on(self, day):
        """The members on ``day``: joined on or before it, not left by then."""
        return self.filter(Q(left_on__isnull=True) | Q(left_on__gt=day), joined_on__lte=day)


class CentralGroupMember(BaseModel):
    """中心组成员: a member of a party committee's theoretical study central group (理论学习中心组).

    The committee office keeps the list; a 中心组学习 of the committee expects those on it on the
    meeting's day. Leaving sets ``left_on``: the list of any past day can still be read.
    """

    org = models.ForeignKey(PartyOrg, verbose_name="党委", on_delete=models.CASCADE, related_name="central_group")
    person = models.ForeignKey(Person, verbose_name="成员", on_delete=models.PROTECT, related_name="central_groups")
    role = models.CharField(
        "组内职务", max_length=20, choices=CentralGroupRole.choices, default=CentralGroupRole.MEMBER
    )
    joined_on = models.DateField("加入日期", validators=[WORK_DATE])
    left_on = models.DateField("退出日期", null=True, blank=True, validators=[WORK_DATE])
    note = models.CharField("备注", max_length=200, blank=True)

    objects = CentralGroupMemberQuerySet.as_manager()

    class Meta:
        verbose_name = "中心组成员"
        verbose_name_plural = "中心组成员"
        ordering = ["org_id", "left_on", "person__employee_no"]
        constraints = [
            models.UniqueConstraint(
                fields=["org", "person"], condition=Q(left_on__isnull=True), name="central_group_member_once"
            )
        ]

    def __str__(self):
        return f"{self.org_id} 中心组 · {self.person_id}"


class StarTeamLeaderQuerySet(RestrictedQuerySet):
    def on(self, day):
        """The titles held on ``day``: awarded on or before it, not withdrawn by then."""
        return self.filter(Q(revoked_on__isnull=True) | Q(revoked_on__gt=day), awarded_on__lte=day)


class StarTeamLeader(BaseModel):
    """明星班组长: the title kept on a team leader; a 明星班组长座谈会 expects those holding it on its day."""

    person = models.ForeignKey(Person, verbose_name="班组长", on_delete=models.PROTECT, related_name="star_titles")
    awarded_on = models.DateField("命名日期", validators=[WORK_DATE])
    revoked_on = models.DateField("撤销日期", null=True, blank=True, validators=[WORK_DATE])
    citation = models.CharField("事迹或依据", max_length=200, blank=True)

    objects = StarTeamLeaderQuerySet.as_manager()

    class Meta:
        verbose_name = "明星班组长"
        verbose_name_plural = "明星班组长"
        ordering = ["revoked_on", "-awarded_on", "person__employee_no"]
        constraints = [
            models.UniqueConstraint(fields=["person"], condition=Q(revoked_on__isnull=True), name="star_title_once")
        ]

    def __str__(self):
        return f"明星班组长 · {self.person_id}"


class MonthlyCounts(models.Model):
    """A year of counts, a column per month: the compliance matrix reads a row per org (and kind) and year."""

    m1 = models.PositiveIntegerField("1月", default=0)
    m2 = models.PositiveIntegerField("2月", default=0)
    m3 = models.PositiveIntegerField("3月", default=0)
    m4 = models.PositiveIntegerField("4月", default=0)
    m5 = models.PositiveIntegerField("5月", default=0)
    m6 = models.PositiveIntegerField("6月", default=0)
    m7 = models.PositiveIntegerField("7月", default=0)
    m8 = models.PositiveIntegerField("8月", default=0)
    m9 = models.PositiveIntegerField("9月", default=0)
    m10 = models.PositiveIntegerField("10月", default=0)
    m11 = models.PositiveIntegerField("11月", default=0)
    m12 = models.PositiveIntegerField("12月", default=0)

    class Meta:
        abstract = True


MONTH_FIELDS = tuple(f"m{m}" for m in range(1, 13))


class MeetingCount(MonthlyCounts):
    """Held meetings of one org of one kind, per month of one year: kept by the meeting services
    (``orglife.summaries``) so the compliance matrix reads a few thousand rows instead of a year's meetings."""

    org = models.ForeignKey(PartyOrg, verbose_name="党组织", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    kind = models.CharField("会议类型", max_length=20, choices=MeetingKind.choices)

    class Meta:
        verbose_name = "会议次数汇总"
        verbose_name_plural = "会议次数汇总"
        constraints = [models.UniqueConstraint(fields=["org", "year", "kind"], name="meeting_count_once")]
        indexes = [models.Index(fields=["year", "org"], name="meeting_count_year_org")]

    def __str__(self):
        return f"{self.org_id} {self.year} {self.kind}"


class ReviewCount(MonthlyCounts):
    """Reviews written by one org, per month of one year: kept by the review services (``orglife.summaries``)."""

    org = models.ForeignKey(PartyOrg, verbose_name="讲评组织", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField("年度")

    class Meta:
        verbose_name = "讲评人次汇总"
        verbose_name_plural = "讲评人次汇总"
        constraints = [models.UniqueConstraint(fields=["org", "year"], name="review_count_once")]
        indexes = [models.Index(fields=["year", "org"], name="review_count_year_org")]

    def __str__(self):
        return f"{self.org_id} {self.year}"


class ComplianceMark(models.Model):
    """What the kept counts say of one rule for one org over one year, before anyone asks: the periods met
    and the periods not met but covered by an exemption, as bits (``1 << the period's last month``); every
    other period of the year is not met. Kept by ``orglife.summaries`` beside the counts; a row is kept only
    when some period is met or exempted (an absent row: nothing met), so years without a meeting cost nothing.

    ``org`` is whom the rule checks (a branch, or a party group for group rules), ``branch`` the branch
    whose row of the matrix it counts in. What depends on the day (which periods have begun, which are
    over) and on the org's founding day is applied when the matrix is read."""

    org = models.ForeignKey(PartyOrg, verbose_name="考核组织", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    rule = models.ForeignKey(ComplianceRule, verbose_name="规则", on_delete=models.CASCADE, related_name="+")
    branch = models.ForeignKey(PartyOrg, verbose_name="所属支部", on_delete=models.CASCADE, related_name="+")
    met = models.PositiveIntegerField("达标的周期", default=0)
    exempt = models.PositiveIntegerField("免于考核的周期", default=0)

    class Meta:
        verbose_name = "组织生活考核结果"
        verbose_name_plural = "组织生活考核结果"
        constraints = [models.UniqueConstraint(fields=["org", "year", "rule"], name="compliance_mark_once")]
        indexes = [models.Index(fields=["year", "branch"], name="compliance_mark_year_branch")]

    def __str__(self):
        return f"{self.org_id} {self.year} {self.rule_id}"


class BranchCompliance(models.Model):
    """A branch's year at a glance: its judgments and its party groups' (``ComplianceMark``) under the active
    rules, folded by the length of the rules' periods (a month, a quarter, half a year, a year: 13 bits each,
    ``orglife.summaries.CLASSES``). ``clean``: the periods in which no org checked failed its rule (and a bit
    per length checked), ``ok``: those in which one met it; ``short``: how many checks failed in each period
    (12 months, 4 quarters, 2 halves, the year), what falls due in the period running. The company's matrix counts its cells from 400 of
    these instead of judging thousands of rules. A row is kept for the years in which the branch or a group has
    a count, an exemption or its founding; an absent row: every period failed."""

    branch = models.ForeignKey(PartyOrg, verbose_name="支部", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    clean = models.BigIntegerField("无未达标的周期", default=0)
    ok = models.BigIntegerField("有达标的周期", default=0)
    short = models.CharField("各周期未达标的事项数", max_length=100, default="")

    class Meta:
        verbose_name = "支部组织生活考核汇总"
        verbose_name_plural = "支部组织生活考核汇总"
        constraints = [models.UniqueConstraint(fields=["year", "branch"], name="branch_compliance_once")]

    def __str__(self):
        return f"{self.branch_id} {self.year}"
