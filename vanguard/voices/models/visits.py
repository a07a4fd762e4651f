"""交流走访: work areas of one process, upstream and downstream processes, or a customer, visited under a
department head's lead to find problems; the findings it raises are ``Finding`` rows pointing back to it."""

from django.conf import settings
from django.db import models

from vanguard.core.limits import NARRATIVE_MAX, WORK_DATE, NameField
from vanguard.core.models import BaseModel
from vanguard.core.scope import RestrictedQuerySet
from vanguard.org.models import Person, Unit

from ..choices import VisitKind


class VisitQuerySet(RestrictedQuerySet):
    def search(self, text):
        """The subject or the summary holds ``text``, or the leader's name is it."""
        text = (text or "").strip()
        if not text:
            return self
        return self.filter(
            models.Q(title__icontains=text) | models.Q(summary__icontains=text) | models.Q(leader__name=text)
        )


class Visit(BaseModel):
    """一次交流走访: who visited whom, led by whom, on which day, with whom, and what they found (summary)."""

    kind = models.CharField("走访类型", max_length=20, choices=VisitKind.choices)
    title = NameField("主题", max_length=200)
    visiting_unit = models.ForeignKey(
        Unit, verbose_name="走访单位", on_delete=models.PROTECT, related_name="visits_made"
    )
    visited_unit = models.ForeignKey(
        Unit, verbose_name="被走访单位", on_delete=models.PROTECT, related_name="visits_received", null=True,
        blank=True, help_text="走访客户时可不填,在“客户名称”中写明",
    )  # fmt: skip
    customer = models.CharField("客户名称", max_length=200, blank=True)
    leader = models.ForeignKey(Person, verbose_name="带队领导", on_delete=models.PROTECT, related_name="led_visits")
    date = models.DateField("走访日期", validators=[WORK_DATE])
    participants = models.ManyToManyField(Person, verbose_name="参加人员", blank=True, related_name="visits")
    summary = models.TextField("走访纪要", max_length=NARRATIVE_MAX, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="录入人", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip

    objects = VisitQuerySet.as_manager()

    class Meta:
        verbose_name = "交流走访"
        verbose_name_plural = "交流走访"
        ordering = ["-date", "-id"]
        indexes = [
            models.Index(fields=["date", "id"], name="visit_date"),
            models.Index(fields=["visiting_unit", "date"], name="visit_visiting"),
            models.Index(fields=["visited_unit", "date"], name="visit_visited"),
            models.Index(fields=["leader", "date"], name="visit_leader"),
        ]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} · {self.title}"

    @property
    def visited_label(self):
        return str(self.visited_unit) if self.visited_unit_id else (self.customer or "—")
