"""Writes: link a project to the campaign targets it serves, and count its accepted benefit into them.

The links and the counted values are ``campaigns.TargetContribution`` rows, written through the
campaigns services; this module checks the project's side (who may change the project, which
targets it may serve), calls them, and keeps each link's ``ProjectContribution`` (its foreign
keys) beside it. Atomic and audited like every service; named ``project_target_<verb>``.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from vanguard.campaigns import services as campaign_services
from vanguard.campaigns.models import Campaign, Target, TargetContribution
from vanguard.core.access import ensure_allowed
from vanguard.core.choices import Action
from vanguard.org.models import User
from vanguard.projects.choices import COMPLETED_STATUSES, ProjectStatus
from vanguard.projects.events import ProjectChange
from vanguard.projects.models import Project

from .choices import PROJECT_SOURCE
from .labels import project_label
from .models import ProjectContribution
from .selectors import project_target_q

UNLINKABLE = (ProjectStatus.REJECTED, ProjectStatus.WITHDRAWN)


@transaction.atomic
def project_target_link(*, actor: User, project: Project, target: Target) -> TargetContribution:
    """Link ``project`` to a leaf ``target``; a project already accepted counts its benefit at once.

    The project row is locked, so a link cannot slip in beside a withdrawal that removes the links.
    """
    ensure_allowed(actor, project, Action.CHANGE)
    project = Project.objects.select_for_update().select_related("branch").get(pk=project.pk)
    if project.status in UNLINKABLE:
        raise ValidationError(f"项目{project.get_status_display()},不能关联目标。")
    if not Target.objects.filter(project_target_q(project=project), pk=target.pk).exists():
        raise ValidationError({"target": "只能关联本支部的目标,或项目团队成员负责的目标。"})
    link = campaign_services.contribution_link(
        actor=actor, target=target, source=PROJECT_SOURCE, source_id=project.pk, label=project_label(project)
    )
    ProjectContribution.objects.create(contribution=link, project=project)
    if project.status in COMPLETED_STATUSES and project.measured_benefit is not None:
        project_target_count(ProjectChange(actor=actor, project=project))
        link.refresh_from_db()
    return link


@transaction.atomic
def project_target_unlink(*, actor: User, contribution: TargetContribution) -> None:
    """Remove a link not counted yet, by whoever may change the project; its ``ProjectContribution`` goes with it."""
    row = ProjectContribution.objects.filter(pk=contribution.pk).first()
    if row is None:
        raise ValidationError("该成果不是立功立项项目。")
    ensure_allowed(actor, row, Action.DELETE)
    campaign_services.contribution_unlink(actor=actor, contribution=contribution)


@transaction.atomic
def project_target_bulk_link(*, actor: User, campaign: Campaign, rows: list[dict]) -> list[TargetContribution]:
    """Many projects' links at once (the demo): ``rows`` as for ``campaigns.services.contribution_bulk_create``,
    each with ``source_id`` a project's id; one insert of their ``ProjectContribution`` rows."""
    links = campaign_services.contribution_bulk_create(actor=actor, campaign=campaign, rows=rows)
    keys = [ProjectContribution(contribution_id=link.pk, project_id=link.source_id) for link in links]
    ProjectContribution.objects.bulk_create(keys, batch_size=2000)
    return links


def project_target_count(change: ProjectChange) -> list[TargetContribution]:
    """On ``PROJECT_ACCEPTED``: the measured benefit counts into every linked target, in the same transaction."""
    actor, project = change.actor, change.project
    accepted_on = timezone.localdate(project.accepted_at) if project.accepted_at else timezone.localdate()
    return campaign_services.contribution_count(
        actor=actor, source=PROJECT_SOURCE, source_id=project.pk, amount_yuan=project.measured_benefit,
        on=accepted_on, label=project_label(project),
    )  # fmt: skip


def project_target_release(change: ProjectChange) -> None:
    """On ``PROJECT_WITHDRAWN`` and ``PROJECT_REJECTED``: a project that will never be accepted serves no target.

    Its links are removed, each audited, in the step's transaction. None is counted yet: both steps
    come before acceptance, so no figure changes.
    """
    for link in TargetContribution.objects.of_source(PROJECT_SOURCE, change.project.pk).order_by("id"):
        campaign_services.contribution_unlink(actor=change.actor, contribution=link)


# ---- suggestions
# A suggestion's verified benefit (合理化建议效益核定) counts into the targets it serves the same way, once;
# named ``suggestion_target_<verb>``.
from vanguard.core.access import choices  # noqa: E402
from vanguard.core.exceptions import ScopeError  # noqa: E402
from vanguard.voices.choices import SuggestionStatus  # noqa: E402
from vanguard.voices.events import SuggestionChange  # noqa: E402
from vanguard.voices.models import Suggestion  # noqa: E402

from .choices import SUGGESTION_SOURCE  # noqa: E402
from .labels import suggestion_label  # noqa: E402
from .models import SuggestionContribution  # noqa: E402
from .selectors import suggestion_target_q  # noqa: E402

SUGGESTION_UNLINKABLE = (SuggestionStatus.REJECTED, SuggestionStatus.DUPLICATE)
SUGGESTION_COUNTED = (SuggestionStatus.VERIFIED, SuggestionStatus.REWARDED)


def may_link_suggestion(user: User, suggestion: Suggestion) -> bool:
    """Whether ``user`` may link ``suggestion`` to a target (``access.SUGGESTION_CONTRIBUTION``, ADD)."""
    allowed = choices(user, SuggestionContribution, "suggestion", Action.ADD)
    return allowed.filter(pk=suggestion.pk).exists()


@transaction.atomic
def suggestion_target_link(*, actor: User, suggestion: Suggestion, target: Target) -> TargetContribution:
    """Link ``suggestion`` to a leaf ``target``; a suggestion whose benefit is verified already counts at once.

    The suggestion row is locked, so a link cannot slip in beside the verification that counts the links.
    """
    if not may_link_suggestion(actor, suggestion):
        raise ScopeError()
    suggestion = Suggestion.objects.select_for_update().select_related("unit").get(pk=suggestion.pk)
    if suggestion.status in SUGGESTION_UNLINKABLE:
        raise ValidationError(f"建议{suggestion.get_status_display()},不能关联目标。")
    if not Target.objects.filter(suggestion_target_q(suggestion=suggestion), pk=target.pk).exists():
        raise ValidationError({"target": "只能关联建议人、共同建议人或建议所在单位党组织负责的目标。"})
    link = campaign_services.contribution_link(
        actor=actor, target=target, source=SUGGESTION_SOURCE, source_id=suggestion.pk,
        label=suggestion_label(suggestion),
    )  # fmt: skip
    SuggestionContribution.objects.create(contribution=link, suggestion=suggestion)
    if suggestion.status in SUGGESTION_COUNTED and suggestion.verified_benefit is not None:
        suggestion_target_count(SuggestionChange(actor=actor, suggestion=suggestion))
        link.refresh_from_db()
    return link


@transaction.atomic
def suggestion_target_unlink(*, actor: User, contribution: TargetContribution) -> None:
    """Remove a suggestion's link; a counted one first takes its value back out of the target (and above)."""
    row = SuggestionContribution.objects.filter(pk=contribution.pk).first()
    if row is None:
        raise ValidationError("该成果不是合理化建议。")
    ensure_allowed(actor, row, Action.DELETE)
    campaign_services.contribution_uncount(actor=actor, contribution=contribution)
    campaign_services.contribution_unlink(actor=actor, contribution=contribution)


def suggestion_target_count(change: SuggestionChange) -> list[TargetContribution]:
    """On ``SUGGESTION_VERIFIED``: the verified benefit counts into every linked target not counted yet, in the
    verification's transaction; a repeated verification changes nothing."""
    actor, suggestion = change.actor, change.suggestion
    if suggestion.status not in SUGGESTION_COUNTED or suggestion.verified_benefit is None:
        return []
    return campaign_services.contribution_count(
        actor=actor, source=SUGGESTION_SOURCE, source_id=suggestion.pk, amount_yuan=suggestion.verified_benefit,
        on=timezone.localdate(), label=suggestion_label(suggestion),
    )  # fmt: skip


def suggestion_target_release(change: SuggestionChange) -> None:
    """On ``SUGGESTION_UNVERIFIED``: the value counted leaves the targets; the links stay, to count the benefit
    verified anew."""
    links = TargetContribution.objects.of_source(SUGGESTION_SOURCE, change.suggestion.pk).order_by("id")
    for link in links:
        campaign_services.contribution_uncount(actor=change.actor, contribution=link)


# ---- end suggestions
