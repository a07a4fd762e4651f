"""Reads: the targets a project is linked to, the targets it may serve, the links a user sees."""

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When

from vanguard.campaigns.choices import CampaignStatus
from vanguard.campaigns.models import Target, TargetContribution
from vanguard.core.access import EVERYTHING, scoped_q
from vanguard.core.choices import Action
from vanguard.org.models import PartyOrg, User
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
