"""An adopted suggestion carried on as a merit or 五小 project (record once: the project is created from the
suggestion's own fields and linked to it, never typed again). Findings raised from a suggestion are
``services.findings.finding_create(source_kind="suggestion", suggestion=…)``."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from vanguard.core.access import ensure_allowed
from vanguard.core.audit import audit
from vanguard.core.choices import Action
from vanguard.core.events import emit
from vanguard.org.models import PartyOrg, User
from vanguard.projects.choices import MemberRole, ProblemKind, ProjectKind
from vanguard.projects.models import Project
from vanguard.projects.services import project_create

from .. import events
from ..choices import ADOPTED_STATES
from ..models import Suggestion

PROJECT_KINDS = (ProjectKind.INNOVATION, ProjectKind.MERIT)  # 五小创新, 党员立功立项


@transaction.atomic
def suggestion_project_create(
    *, actor: User, suggestion: Suggestion, kind: str, branch: PartyOrg, end_date: datetime.date,
    start_date: datetime.date | None = None,
) -> Project:  # fmt: skip
    """申报 the project an adopted suggestion becomes: its proposer leads, its co-proposers join the team.

    Whoever reviews the suggestion at the experts' step carries it on; the projects service checks that
    the actor may submit a project for ``branch`` (and, for a merit project, that the proposer is a member).
    """
    suggestion = Suggestion.objects.select_for_update().select_related("proposer").get(pk=suggestion.pk)
    ensure_allowed(actor, suggestion, Action.APPROVE)
    if suggestion.status not in ADOPTED_STATES:
        raise ValidationError("只有已采纳的建议才能转为项目。")
    if suggestion.project_id:
        raise ValidationError("该建议已转为项目,请在项目中继续办理。")
    if kind not in PROJECT_KINDS:
        raise ValidationError({"kind": "请选择五小创新或党员立功立项。"})
    team = [(c.person, MemberRole.MEMBER) for c in suggestion.co_proposers.select_related("person")]
    project = project_create(
        actor=actor, members=tuple(team), kind=kind, title=suggestion.title, problem_kind=ProblemKind.DIFFICULTY,
        problem=suggestion.content, expected_benefit=suggestion.expected_benefit, branch=branch,
        leader=suggestion.proposer, start_date=start_date or timezone.localdate(), end_date=end_date,
        objectives=f"落实合理化建议 {suggestion.number}",
    )  # fmt: skip
    before = {"project": None}
    Suggestion.objects.filter(pk=suggestion.pk).update(project=project, version=suggestion.version + 1)
    suggestion.project, suggestion.version = project, suggestion.version + 1
    audit(actor=actor, action=events.SUGGESTION_PROJECT, obj=suggestion, before=before, after={"project": project.pk})
    emit(events.SUGGESTION_PROJECT, events.SuggestionChange(actor=actor, suggestion=suggestion))
    return project
