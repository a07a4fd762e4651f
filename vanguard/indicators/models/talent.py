"""人才: titles along the three career channels (三支队伍), the criteria they are assessed on, nominations
scored by a panel, awards with their term, and the plans (《人才培养使用规划》) with what was paid out under
them. A person's contest placings, training hours, projects and adopted suggestions are read from the
apps that keep them (``selectors.talent``), never typed here again."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from vanguard.core.limits import NOTE_MAX, NameField
from vanguard.core.models import BaseModel
from vanguard.core.scope import RestrictedQuerySet
from vanguard.org.choices import Channel
from vanguard.org.models import Person, Unit

from ..choices import AwardStatus, NominationStatus, PlanRecordKind, TalentTitleKind

COUNTING = (AwardStatus.ACTIVE, AwardStatus.RENEWED)
SCORE_DIGITS = {"max_digits": 6, "decimal_places": 2}
MONEY_DIGITS = {"max_digits": 14, "decimal_places": 2}


class TalentTitle(BaseModel):
    """一个人才称号 of one career channel: its term in years, the criteria it is assessed on and the pass line
    (the panel's mean total). ``unit`` empty: a company title kept by the office; set: a unit's own title
    kept by its union."""

    name = NameField("称号名称", max_length=50)
    kind = models.CharField("类别", max_length=20, choices=TalentTitleKind.choices, default=TalentTitleKind.CUSTOM)
    channel = models.CharField("人才通道", max_length=20, choices=Channel.choices)
    unit = models.ForeignKey(
        Unit, verbose_name="设立单位", null=True, blank=True, on_delete=models.PROTECT, related_name="talent_titles",
        help_text="空:公司统一设立",
    )  # fmt: skip
    term_years = models.PositiveSmallIntegerField(
        "聘期(年)", default=3, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    pass_score = models.DecimalField(
        "通过分数线", default=80, validators=[MinValueValidator(0)], help_text="评审组平均总分达到此分数为通过",
        **SCORE_DIGITS,
    )  # fmt: skip
    min_assessors = models.PositiveSmallIntegerField(
        "评审组最少人数", default=3, validators=[MinValueValidator(1), MaxValueValidator(15)]
    )
    description = models.TextField("条件与待遇", max_length=NOTE_MAX, blank=True)
    active = models.BooleanField("启用", default=True)
    order = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "人才称号"
        ordering = ["order", "pk"]
        constraints = [models.UniqueConstraint(fields=["name", "channel"], name="talent_title_once")]

    def __str__(self):
        return f"{self.name}({self.get_channel_display()})"


class TalentCriterion(models.Model):
    """一项评审标准 of a title, scored from 0 to ``max_score`` by each assessor; the total is their sum."""

    title = models.ForeignKey(TalentTitle, verbose_name="称号", on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField("评审标准", max_length=100)
    max_score = models.DecimalField("满分", validators=[MinValueValidator(1)], **SCORE_DIGITS)
    order = models.PositiveSmallIntegerField("排序", default=0)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "人才评审标准"
        ordering = ["title_id", "order", "pk"]

    def __str__(self):
        return f"{self.name}({self.max_score:g} 分)"


class TalentNominationQuerySet(RestrictedQuerySet):
    def open(self):
        return self.filter(status__in=(NominationStatus.NOMINATED, NominationStatus.ASSESSING))


class TalentNomination(BaseModel):
    """人才推荐: a person put forward for a title in a year, by whom and why, assessed by a panel
    (``panel``, each member scoring every criterion: ``TalentScore``), then awarded or not. ``renews`` is the
    award a re-assessment (复评) at the end of its term continues."""

    person = models.ForeignKey(Person, verbose_name="被推荐人", on_delete=models.PROTECT, related_name="nominations")
    title = models.ForeignKey(TalentTitle, verbose_name="称号", on_delete=models.PROTECT, related_name="nominations")
    year = models.PositiveSmallIntegerField("年度")
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="推荐人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    nominator_name = models.CharField("推荐人/推荐单位", max_length=100)
    reasons = models.TextField("推荐理由", max_length=NOTE_MAX)
    evidence = models.TextField("业绩与证明材料", max_length=NOTE_MAX, blank=True)
    status = models.CharField(
        "状态", max_length=20, choices=NominationStatus.choices, default=NominationStatus.NOMINATED
    )
    panel = models.ManyToManyField(Person, verbose_name="评审组", blank=True, related_name="talent_panels")
    mean_score = models.DecimalField("平均总分", null=True, blank=True, **SCORE_DIGITS)
    renews = models.ForeignKey(
        "TalentAward", verbose_name="复评的称号", null=True, blank=True, on_delete=models.PROTECT,
        related_name="reassessments",
    )  # fmt: skip
    note = models.CharField("说明", max_length=300, blank=True)

    objects = TalentNominationQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "人才推荐"
        ordering = ["-year", "-pk"]
        constraints = [
            # One open nomination per person and title: a second is a duplicate, not a second chance.
            models.UniqueConstraint(
                fields=["person", "title"], condition=Q(status__in=["nominated", "assessing"]),
                name="talent_nomination_open_once",
            ),
        ]  # fmt: skip
        indexes = [
            models.Index(fields=["status", "year"], name="talent_nomination_status"),
            # The list reads the newest first a page at a time, without sorting every nomination.
            models.Index(fields=["-year", "-id"], name="talent_nomination_newest"),
        ]

    def __str__(self):
        return f"{self.person.name} · {self.title.name}({self.year})"


class TalentScore(models.Model):
    """One assessor's score for one criterion of a nomination (他的评分表 is his rows of it)."""

    nomination = models.ForeignKey(
        TalentNomination, verbose_name="推荐", on_delete=models.CASCADE, related_name="scores"
    )
    assessor = models.ForeignKey(Person, verbose_name="评审人", on_delete=models.PROTECT, related_name="+")
    criterion = models.ForeignKey(TalentCriterion, verbose_name="评审标准", on_delete=models.PROTECT, related_name="+")
    score = models.DecimalField("得分", validators=[MinValueValidator(0)], **SCORE_DIGITS)
    at = models.DateTimeField("评分时间")

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "人才评审评分"
        constraints = [
            models.UniqueConstraint(fields=["nomination", "assessor", "criterion"], name="talent_score_once"),
        ]

    def __str__(self):
        return f"{self.assessor_id}: {self.score}"


class TalentAwardQuerySet(RestrictedQuerySet):
    def current(self, today):
        """The awards that count on ``today``: not revoked, within their term (a renewed one runs to its end)."""
        return self.filter(status__in=COUNTING, valid_from__lte=today, valid_to__gte=today)

    def expired(self, today):
        """Past their term and not renewed: an expired award no longer counts."""
        return self.filter(status=AwardStatus.ACTIVE, valid_to__lt=today)

    def due_for_reassessment(self, today, until):
        """Active awards whose term ends by ``until`` (or has ended) without a re-assessment under way."""
        return self.filter(status=AwardStatus.ACTIVE, valid_to__lte=until).exclude(
            pk__in=TalentNomination.objects.filter(renews__isnull=False)
            .exclude(status__in=(NominationStatus.FAILED, NominationStatus.WITHDRAWN))
            .values("renews_id")
        )


class TalentAward(BaseModel):
    """人才称号授予: a person holds a title for a term (``valid_from`` to ``valid_to``). It counts while today lies
    within the term; it ends early only by revocation (with the reason), or is continued by a re-assessment."""

    person = models.ForeignKey(Person, verbose_name="人员", on_delete=models.PROTECT, related_name="talent_awards")
    title = models.ForeignKey(TalentTitle, verbose_name="称号", on_delete=models.PROTECT, related_name="awards")
    nomination = models.OneToOneField(
        TalentNomination, verbose_name="推荐", null=True, blank=True, on_delete=models.PROTECT, related_name="award"
    )
    year = models.PositiveSmallIntegerField("授予年度")
    valid_from = models.DateField("聘期起")
    valid_to = models.DateField("聘期止")
    status = models.CharField("状态", max_length=20, choices=AwardStatus.choices, default=AwardStatus.ACTIVE)
    revoked_on = models.DateField("撤销日期", null=True, blank=True)
    revoke_reason = models.TextField("撤销原因", max_length=NOTE_MAX, blank=True)

    objects = TalentAwardQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "人才称号授予"
        ordering = ["-valid_from", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(valid_to__gte=models.F("valid_from")), name="talent_award_term"),
        ]
        indexes = [
            # The pool pages by person among the awards in force; the home counts the terms ending.
            models.Index(fields=["person", "status", "valid_to"], name="talent_award_person"),
            models.Index(fields=["status", "valid_to"], name="talent_award_term_end"),
        ]

    def __str__(self):
        return f"{self.person.name} · {self.title.name}"

    def counts_on(self, today):
        return self.status in COUNTING and self.valid_from <= today <= self.valid_to


class TalentPlan(BaseModel):
    """《人才培养使用规划》 of one year for a unit (and a channel, or all three): its measures, and its ledger of
    training given and incentives paid (``TalentPlanRecord``)."""

    year = models.PositiveSmallIntegerField("年度")
    unit = models.ForeignKey(Unit, verbose_name="单位", on_delete=models.PROTECT, related_name="talent_plans")
    channel = models.CharField("人才通道", max_length=20, choices=Channel.choices, blank=True, help_text="空:三支队伍")
    name = NameField("规划名称", max_length=100)
    measures = models.TextField("培养使用措施", max_length=NOTE_MAX)
    training_hours_goal = models.DecimalField("计划培训学时", null=True, blank=True, max_digits=8, decimal_places=1)
    budget = models.DecimalField("激励预算(元)", null=True, blank=True, **MONEY_DIGITS)

    class Meta:
        verbose_name = verbose_name_plural = "人才培养使用规划"
        ordering = ["-year", "unit__path", "pk"]

    def __str__(self):
        return f"{self.year}年 {self.name}"


class TalentPlanRecord(models.Model):
    """A line of a plan's ledger: a training given (学时) or an incentive paid (金额), to whom."""

    plan = models.ForeignKey(TalentPlan, verbose_name="规划", on_delete=models.CASCADE, related_name="records")
    kind = models.CharField("类别", max_length=20, choices=PlanRecordKind.choices)
    date = models.DateField("日期")
    person = models.ForeignKey(
        Person, verbose_name="人员", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    content = models.CharField("内容", max_length=200)
    hours = models.DecimalField("学时", null=True, blank=True, max_digits=8, decimal_places=1)
    amount = models.DecimalField("金额(元)", null=True, blank=True, **MONEY_DIGITS)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "规划执行记录"
        ordering = ["-date", "-pk"]

    def __str__(self):
        return self.content
