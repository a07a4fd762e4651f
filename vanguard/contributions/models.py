"""The foreign keys behind a link from a project, or a suggestion, to a campaign target."""

from django.db import models

from vanguard.campaigns.models import TargetContribution
from vanguard.core.scope import RestrictedQuerySet
from vanguard.projects.models import Project
from vanguard.voices.models import Suggestion


class ProjectContribution(models.Model):
    """The project behind a ``campaigns.TargetContribution`` (成果计入目标): the keys its generic link cannot hold.

    ``TargetContribution(source="projects.project", source_id)`` names its record by type and id,
    because campaigns must not know the projects app (apps import only to their left). The app that
    links the two holds the real foreign keys here, one row per link, written with it: a linked
    project cannot be deleted (``PROTECT``), and the row goes with its link (``CASCADE``, when a
    link is removed or its target deleted). ``source_id`` is this row's ``project_id`` by
    construction: both are written by ``contributions.services`` only.
    """

    contribution = models.OneToOneField(
        TargetContribution, verbose_name="计入目标的成果", primary_key=True, on_delete=models.CASCADE,
        related_name="+",
    )  # fmt: skip
    project = models.ForeignKey(Project, verbose_name="项目", on_delete=models.PROTECT, related_name="+")

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = "项目计入目标"
        verbose_name_plural = "项目计入目标"

    def __str__(self):
        return f"{self.project_id} → {self.contribution_id}"


# ---- suggestions
class SuggestionContribution(models.Model):
    """The suggestion (合理化建议) behind a ``campaigns.TargetContribution``, as ``ProjectContribution`` for a project:
    a linked suggestion cannot be deleted, and the row goes with its link. Its verified benefit counts into the
    target once, when verified (``voices.events.SUGGESTION_VERIFIED``)."""

    contribution = models.OneToOneField(
        TargetContribution, verbose_name="计入目标的成果", primary_key=True, on_delete=models.CASCADE,
        related_name="+",
    )  # fmt: skip
    suggestion = models.ForeignKey(Suggestion, verbose_name="合理化建议", on_delete=models.PROTECT, related_name="+")

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = "建议计入目标"
        verbose_name_plural = "建议计入目标"

    def __str__(self):
        return f"{self.suggestion_id} → {self.contribution_id}"


# ---- end suggestions
