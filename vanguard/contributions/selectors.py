"""Reads: the targets a project is linked to, the targets it may serve, the links a user sees."""

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When

from vanguard.campaigns.choices import CampaignStatus
from vanguard.campaigns.models import Target, TargetContribution
from vanguard.core.access import EVERYTHING, scoped_q
from vanguard.core.choices import Action
from vanguard.org.models import PartyOrg, Unit, User
from vanguard.projects.models import Project, ProjectMember

from .choices import MAX_CANDIDATES, PROJECT_SOURCE
from .models import ProjectContribution


def project_target_list(*, project: Project) -> list[TargetContribution]:
    """The project's links to targets (counted or not), with their targets, in one query."""
    return list(
        TargetContribution.objects.of_source(PROJECT_SOURCE, project.pk)
        .select_related("target__campaign", "target__owner_person", "target__owner_org")
        .order_by("id")
    )


def project_target_q(*, project: Project) -> Q:
    """Targets a project may serve: those of the people on its team and of its branch (with its groups).

    A merit project counts where its people answer for a figure; an unrelated branch's
    target would take credit it did not earn.
    """
    team = ProjectMember.objects.filter(project_id=project.pk).values("person_id")
    # Keys, not a join on the org's path: each term is looked up in its index and the targets are not scanned.
    orgs = PartyOrg.objects.filter(path__startswith=project.branch.path).values("pk")
    return Q(owner_person_id=project.leader_id) | Q(owner_person_id__in=team) | Q(owner_org_id__in=orgs)


def project_target_candidates(*, user: User, project: Project, limit: int = MAX_CANDIDATES) -> list[Target]:
    """Leaf targets of active campaigns the user sees and the project may serve, not linked yet.

    The leader's own targets first, then the newest campaigns; one query.
    """
    linked = TargetContribution.objects.of_source(PROJECT_SOURCE, project.pk).values("target_id")
    leader_first = Case(
        When(owner_person_id=project.leader_id, then=Value(0)), default=Value(1), output_field=IntegerField()
    )
    return list(
        Target.objects.restrict(user, Action.VIEW)
        .filter(project_target_q(project=project), numchild=0, campaign__status=CampaignStatus.ACTIVE)
        .exclude(pk__in=linked)
        .select_related("campaign", "owner_person", "owner_org")
        .order_by(leader_first, "-campaign__starts_on", "campaign_id", "path")[:limit]
    )


def project_target_visible(*, user: User) -> QuerySet[TargetContribution]:
    """The projects' links a user sees: with their project (``access.PROJECT_CONTRIBUTION``) or with their
    target (campaigns' policy for ``TargetContribution``); two subqueries, no join, their ids united: as an
    OR the database would test both on every link of the company."""
    links = TargetContribution.objects.filter(source=PROJECT_SOURCE)
    if scoped_q(user, TargetContribution, Action.VIEW) in (None, EVERYTHING):  # every target in sight
        return links.order_by("id")
    by_project = ProjectContribution.objects.restrict(user, Action.VIEW).order_by().values("pk")
    by_target = TargetContribution.objects.restrict(user, Action.VIEW).order_by().values("pk")
    return links.filter(pk__in=by_project.union(by_target, all=True)).order_by("id")


# ---- suggestions
from vanguard.voices.models import CoProposer, Suggestion  # noqa: E402

from .choices import SUGGESTION_SOURCE  # noqa: E402


def suggestion_target_list(*, suggestion: Suggestion) -> list[TargetContribution]:
    """The suggestion's links to targets (counted or not), with their targets, in one query."""
    return list(
        TargetContribution.objects.of_source(SUGGESTION_SOURCE, suggestion.pk)
        .select_related("target__campaign", "target__owner_person", "target__owner_org")
        .order_by("id")
    )


def suggestion_target_q(*, suggestion: Suggestion) -> Q:
    """Targets a suggestion may serve: its proposer's and co-proposers', and those of the party orgs covering
    its unit or a unit above it. A saving counts where its people answer for a figure."""
    people = CoProposer.objects.filter(suggestion_id=suggestion.pk).values("person_id")
    path = suggestion.unit.path
    above = [path[:end] for end in range(Unit.steplen, len(path) + 1, Unit.steplen)]
    orgs = PartyOrg.objects.filter(units__path__in=above).values("pk")
    return Q(owner_person_id=suggestion.proposer_id) | Q(owner_person_id__in=people) | Q(owner_org_id__in=orgs)


def suggestion_target_candidates(*, user: User, suggestion: Suggestion, limit: int = MAX_CANDIDATES) -> list[Target]:
    """Leaf targets of active campaigns the user sees and the suggestion may serve, not linked yet; the proposer's
    own first, then the newest campaigns; one query."""
    linked = TargetContribution.objects.of_source(SUGGESTION_SOURCE, suggestion.pk).values("target_id")
    proposer_first = Case(
        When(owner_person_id=suggestion.proposer_id, then=Value(0)), default=Value(1), output_field=IntegerField()
    )
    return list(
        Target.objects.restrict(user, Action.VIEW)
        .filter(suggestion_target_q(suggestion=suggestion), numchild=0, campaign__status=CampaignStatus.ACTIVE)
        .exclude(pk__in=linked)
        .select_related("campaign", "owner_person", "owner_org")
        .order_by(proposer_first, "-campaign__starts_on", "campaign_id", "path")[:limit]
    )


# ---- end suggestions
