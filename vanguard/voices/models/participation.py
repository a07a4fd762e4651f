"""Participation in the suggestion scheme: the targets a unit is held to, and the two summary tables the
statistics page reads (``voices.summaries``).

Both tables hold a unit's whole subtree in its row: a page showing a plant and its 40 work areas reads
those 41 units' rows for the months shown, whatever the number of teams or suggestions below them.
"""

from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Coalesce

from vanguard.core.models import BaseModel
from vanguard.core.scope import RestrictedQuerySet
from vanguard.org.models import Unit

from ..choices import SuggestionCategory


class ParticipationTarget(BaseModel):
    """参与目标: what a unit (and the units below it without a target of their own) should reach in a year.

    The row without a unit is the company's default. Rates are percentages: ``participation`` of the
    headcount proposing or co-proposing at least one suggestion in the year (some SOEs set 40 %),
    ``implementation`` of the adopted suggestions implemented; ``per_head`` is suggestions per person
    per year.
    """

    unit = models.OneToOneField(
        Unit, verbose_name="单位", null=True, blank=True, on_delete=models.CASCADE, related_name="+",
        help_text="留空为全公司默认目标。",
    )  # fmt: skip
    per_head = models.DecimalField("人均建议数(条/年)", max_digits=6, decimal_places=2)
    participation = models.DecimalField("参与率目标(%)", max_digits=5, decimal_places=2)
    implementation = models.DecimalField("实施率目标(%)", max_digits=5, decimal_places=2)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = "合理化建议参与目标"
        verbose_name_plural = "合理化建议参与目标"
        ordering = ["unit_id"]
        constraints = [
            # One default: the unit column is unique already, NULL aside.
            models.UniqueConstraint(
                Coalesce("unit", Value(0)), name="participation_target_once",
                violation_error_message="该单位已有参与目标。",
            ),
            models.CheckConstraint(
                condition=Q(per_head__gte=0) & Q(participation__gte=0, participation__lte=100)
                & Q(implementation__gte=0, implementation__lte=100),
                name="participation_target_range",
                violation_error_message="人均建议数不能为负,比率应在 0 到 100 之间。",
            ),
        ]  # fmt: skip

    def __str__(self):
        return f"{self.unit_id or '默认'}: {self.per_head}/{self.participation}%/{self.implementation}%"


class SuggestionFigures(models.Model):
    """Summary table (``voices.suggestion_figures``): a unit's subtree, one submission month, one category.

    ``month`` is the suggestions' stored month number; the figures count the suggestions by their state
    now (adopted: in ``ADOPTED_STATES``; implemented: implemented or later; benefit and rewards: the
    verified and the rewarded ones), so each drills down to the ledger filtered the same way.
    """

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    month = models.PositiveIntegerField()
    category = models.CharField(max_length=20, choices=SuggestionCategory.choices)
    suggestions = models.PositiveIntegerField(default=0)
    adopted = models.PositiveIntegerField(default=0)
    implemented = models.PositiveIntegerField(default=0)
    benefit = models.DecimalField(max_digits=16, decimal_places=2, default=0)
    rewarded = models.PositiveIntegerField(default=0)
    reward_paid = models.DecimalField(max_digits=14, decimal_places=2, default=0)

    class Meta:
        verbose_name = "合理化建议月度汇总"
        verbose_name_plural = "合理化建议月度汇总"
        constraints = [
            models.UniqueConstraint(fields=["unit", "month", "category"], name="suggestion_figures_key"),
        ]

    def __str__(self):
        return f"{self.unit_id} {self.month} {self.category}: {self.suggestions}"


class SuggestionParticipation(models.Model):
    """Summary table (``voices.suggestion_participation``): distinct people of a unit's subtree taking part.

    A person who proposes in March and again in May takes part once in the year: a year's figure is not the
    sum of its months, so the year is kept as its own row (``month_of_year`` 0) beside the twelve months.
    Taking part: proposer or co-proposer of a suggestion submitted in the period, in any state.
    """

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveIntegerField()
    month_of_year = models.PositiveSmallIntegerField(help_text="1–12;0 为全年")
    participants = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "合理化建议参与人数汇总"
        verbose_name_plural = "合理化建议参与人数汇总"
        constraints = [
            models.UniqueConstraint(fields=["unit", "year", "month_of_year"], name="suggestion_participation_key"),
        ]

    def __str__(self):
        return f"{self.unit_id} {self.year}-{self.month_of_year}: {self.participants}"


class SuggestionTaker(models.Model):
    """Summary table (``voices.suggestion_takers``): a person taking part in a unit's suggestions of a month.

    One row per person, the unit of the suggestions (not his subtree) and month, with how many he proposed or
    co-proposed. It is what keeps ``SuggestionParticipation`` exact at the cost of a few rows per write: a
    write changes the count of people taking part only for the people of the rows it touched, and whether
    each of them still takes part elsewhere in a unit's subtree and period is read here by person.
    """

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    month = models.PositiveIntegerField()
    person = models.ForeignKey("org.Person", on_delete=models.CASCADE, related_name="+")
    suggestions = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "合理化建议参与人"
        verbose_name_plural = "合理化建议参与人"
        constraints = [models.UniqueConstraint(fields=["unit", "month", "person"], name="suggestion_taker_key")]
        indexes = [models.Index(fields=["person", "month"], name="suggestion_taker_person")]

    def __str__(self):
        return f"{self.person_id} @ {self.unit_id} {self.month}: {self.suggestions}"
