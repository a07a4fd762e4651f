"""职工创新工作室: the registry (unit, lead, members, founded, level), each year's projects with their funding and
outputs (a 五小 project of the ``projects`` app linked rather than typed again), and the re-confirmation
(复核) every ``reconfirm_years`` years with its outcome."""

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from vanguard.core.limits import NOTE_MAX, NameField
from vanguard.core.models import BaseModel
from vanguard.core.scope import RestrictedQuerySet
from vanguard.org.models import Person, Unit

from ..choices import StudioLevel, StudioReviewOutcome
from .talent import MONEY_DIGITS


class InnovationStudio(BaseModel):
    """一个职工创新工作室: where it sits, who leads it, who works in it, since when and at which level. Its next
    复核 falls ``reconfirm_years`` after the last confirmation (or its founding): ``reconfirm_due``, written
    by the services with each review so lists compare a stored date."""

    name = NameField("工作室名称", max_length=100)
    unit = models.ForeignKey(Unit, verbose_name="所在单位", on_delete=models.PROTECT, related_name="studios")
    lead = models.ForeignKey(Person, verbose_name="领办人", on_delete=models.PROTECT, related_name="led_studios")
    members = models.ManyToManyField(Person, verbose_name="成员", blank=True, related_name="studios")
    founded = models.DateField("命名日期")
    level = models.CharField("级别", max_length=20, choices=StudioLevel.choices, default=StudioLevel.COMPANY)
    focus = models.CharField("创新方向", max_length=200, blank=True)
    reconfirm_years = models.PositiveSmallIntegerField(
        "复核周期(年)", default=3, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    reconfirm_due = models.DateField("下次复核", editable=False)
    revoked = models.BooleanField("已撤销命名", default=False)

    class Meta:
        verbose_name = verbose_name_plural = "职工创新工作室"
        ordering = ["unit__path", "pk"]
        indexes = [models.Index(fields=["unit", "revoked"], name="studio_unit")]

    def __str__(self):
        return self.name

    def reconfirm_overdue(self, today: datetime.date) -> bool:
        return not self.revoked and self.reconfirm_due < today


class StudioProject(BaseModel):
    """A studio's project of one year: funding and outputs. Linked to a 五小 ``projects.Project`` where one
    exists, so its title and its work are recorded once, in that app (a project serves one studio only)."""

    studio = models.ForeignKey(
        InnovationStudio, verbose_name="工作室", on_delete=models.CASCADE, related_name="projects"
    )
    year = models.PositiveSmallIntegerField("年度")
    title = NameField("项目名称", max_length=200)
    project = models.ForeignKey(
        "projects.Project", verbose_name="对应五小项目", null=True, blank=True, on_delete=models.PROTECT,
        related_name="studio_projects",
    )  # fmt: skip
    funding = models.DecimalField("经费(元)", default=0, validators=[MinValueValidator(0)], **MONEY_DIGITS)
    outputs = models.TextField("成果", max_length=NOTE_MAX, blank=True, help_text="专利、获奖、创效等")
    benefit = models.DecimalField("创效(元)", null=True, blank=True, **MONEY_DIGITS)

    class Meta:
        verbose_name = verbose_name_plural = "工作室年度项目"
        ordering = ["-year", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["project"], condition=Q(project__isnull=False), name="studio_project_once")
        ]

    def __str__(self):
        return f"{self.year} {self.title}"


class StudioReview(models.Model):
    """复核 of a studio: when, the outcome and why; a confirmation starts the next period."""

    studio = models.ForeignKey(
        InnovationStudio, verbose_name="工作室", on_delete=models.CASCADE, related_name="reviews"
    )
    reviewed_on = models.DateField("复核日期")
    outcome = models.CharField("复核结果", max_length=20, choices=StudioReviewOutcome.choices)
    note = models.TextField("复核意见", max_length=NOTE_MAX, blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "工作室复核"
        ordering = ["-reviewed_on", "-pk"]

    def __str__(self):
        return f"{self.reviewed_on} {self.get_outcome_display()}"
