"""Writes of the projects app. Every function is atomic and audited; bad input raises a Chinese ValidationError."""

import copy
import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone

from vanguard.core.access import is_system, may
from vanguard.core.audit import audit, audit_many, snapshot
from vanguard.core.choices import Action
from vanguard.core.dates import month_number, not_in_future
from vanguard.core.events import emit
from vanguard.core.exceptions import ScopeError
from vanguard.core.numbers import parse_id
from vanguard.core.scope import get_scope
from vanguard.core.services import check_version, model_update
from vanguard.core.summaries import refresh
from vanguard.core.uploads import atomic_with_files, check_upload
from vanguard.org.models import Person, User

from . import events
from .benefits import parse_benefit
from .choices import (
    ACTIVE_STATUSES,
    BRANCH_KINDS,
    EDITABLE_STATUSES,
    ENDED_STATUSES,
    KIND_CODES,
    MEMBER_LED_KINDS,
    TRANSITIONS,
    MemberRole,
    ProjectKind,
    ProjectStatus,
    Rating,
    Transition,
)
from .models import Project, ProjectLog, ProjectMember, ProjectStep
from .summaries import LOG_MONTHS

PROJECT_FIELDS = (
    "kind", "title", "problem_kind", "problem", "objectives", "expected_benefit", "indicator", "plan",
    "start_date", "end_date", "branch", "leader",
)  # fmt: skip
LOG_FIELDS = ("project", "date", "month", "content", "outcome", "participants")


# What a refused step says: first when no rule of its action reaches the user at all (a missing
# role), then when the project lies outside what the rules reach.
REFUSED_ROLE = {
    Action.APPROVE: "此步骤须由党委审批,您没有党委管理员的角色。",
    Action.REVIEW: "此步骤须由支部书记或支委办理,您没有相应角色。",
}
REFUSED_SCOPE = {
    Action.APPROVE: "该项目所属支部不在您的管理范围内。",
    Action.REVIEW: "该项目所属支部不在您的管理范围内。",
    Action.CHANGE: "只有项目负责人或所属支部可以办理此步骤。",
}


def _ensure(actor: User, project: Project, action: str) -> None:
    """Raise ``ScopeError`` with the step's message unless ``actor`` may ``action`` ``project`` (``access.PROJECT``)."""
    if may(actor, action, project):
        return
    if action in REFUSED_ROLE and not may(actor, action, Project):
        raise ScopeError(REFUSED_ROLE[action])
    raise ScopeError(REFUSED_SCOPE[action])


def _actor_name(actor: User) -> str:
    if is_system(actor):
        return "系统"
    person = getattr(actor, "person", None)
    return person.name if person else actor.get_username()


def _step(*, actor: User, project: Project, action: str, before_status: str, reason: str = "") -> None:
    ProjectStep.objects.create(
        project=project, action=action, from_status=before_status, to_status=project.status, actor=actor,
        actor_name=_actor_name(actor), at=timezone.now(), reason=reason,
    )  # fmt: skip


def _validate(project: Project) -> None:
    errors = {}
    if not (project.title or "").strip():
        errors["title"] = "请填写项目名称。"
    if project.start_date and project.end_date and project.end_date < project.start_date:
        errors["end_date"] = "结束日期不能早于开始日期。"
    if project.branch_id and project.branch.kind not in BRANCH_KINDS:
        errors["branch"] = "项目应归属于一个党支部或党总支。"
    if project.leader_id:
        if project.kind in MEMBER_LED_KINDS and not project.leader.is_member:
            kind = ProjectKind(project.kind).label
            errors["leader"] = f"{kind}的负责人须为中共党员(含预备党员),{project.leader.name} 不是党员。"
        if not project.leader.is_active:
            errors["leader"] = f"{project.leader.name} 已不在职,不能担任负责人。"
    if errors:
        raise ValidationError(errors)
    duplicate = (
        Project.objects.filter(leader_id=project.leader_id, kind=project.kind, title=project.title.strip())
        .exclude(status__in=(ProjectStatus.WITHDRAWN, ProjectStatus.REJECTED))
        .exclude(pk=project.pk)
        .first()
    )
    if duplicate is not None:
        raise ValidationError(
            f"{project.leader.name} 已申报过同名的{duplicate.get_kind_display()}“{duplicate.title}”"
            f"(编号 {duplicate.pk},{duplicate.get_status_display()}),请勿重复提交。"
        )


def _ensure_submitter(actor: User, project: Project) -> None:
    """After the insert, in its transaction: refuse unless ``actor`` may submit ``project`` (``Action.ADD``).

    Checked on the saved row so the rule is the policy's SQL and nothing else; a refusal rolls the insert back.
    Asked afresh, not through ``may``: its answer for this row may predate the write (an earlier check in
    the same request, or the project's creation by the same user).
    """
    if Project.objects.restrict(actor, Action.ADD).filter(pk=project.pk).exists():
        return
    leader, scope = project.leader, get_scope(actor)
    if scope is None or scope.person_id != leader.pk:
        raise ScopeError("只能以本人为负责人申报,或由所在支部代为申报。")
    raise ValidationError({"branch": f"{leader.name} 不是 {project.branch} 的党员,请选择本人所在的支部。"})


@transaction.atomic
def project_create(*, actor: User, members: tuple[tuple[Person, str], ...] = (), **data) -> Project:
    """申报 a project; the leader joins the team as 负责人. ``members``: (person, role) pairs."""
    unknown = set(data) - set(PROJECT_FIELDS)
    if unknown:
        raise ValidationError(f"未知字段:{', '.join(sorted(unknown))}")
    for name in ("kind", "title", "start_date", "end_date", "branch", "leader"):
        if not data.get(name):
            raise ValidationError({name: f"请填写{Project._meta.get_field(name).verbose_name}。"})
    data["expected_benefit"] = parse_benefit(
        data.get("expected_benefit"), field_name="expected_benefit", required=False
    )
    data["title"] = data["title"].strip()
    project = Project(**data, status=ProjectStatus.PROPOSED, submitted_by=actor, **_month_numbers(data))
    _validate(project)
    project.full_clean(exclude=["number"])
    project.save()
    _ensure_submitter(actor, project)
    team = [ProjectMember(project=project, person=project.leader, role=MemberRole.LEADER)]
    seen = {project.leader_id}
    for person, role in members:
        if person.pk not in seen:
            seen.add(person.pk)
            team.append(ProjectMember(project=project, person=person, role=role))
    ProjectMember.objects.bulk_create(team)
    _step(actor=actor, project=project, action="submit", before_status="")
    audit(actor=actor, action=events.PROJECT_CREATE, obj=project, after=snapshot(project))
    return project


@transaction.atomic
def project_update(*, actor: User, project: Project, data: dict, expected_version: int | None = None) -> Project:
    """Edit an application while it is 已申报 or 已退回; a new branch or leader must be one the actor may submit for."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    check_version(project, expected_version)
    _ensure(actor, project, Action.CHANGE)
    if project.status not in EDITABLE_STATUSES:
        raise ValidationError(f"项目当前状态为“{project.get_status_display()}”,申报内容已不能修改。")
    data = {k: v for k, v in data.items() if k in PROJECT_FIELDS}
    if "expected_benefit" in data:
        data["expected_benefit"] = parse_benefit(
            data["expected_benefit"], field_name="expected_benefit", required=False
        )
    draft = copy.copy(project)
    for name, value in data.items():
        setattr(draft, name, value)
    _validate(draft)
    data |= _month_numbers(data)
    old_leader_id = project.leader_id
    project = model_update(obj=project, data=data, actor=actor, action=events.PROJECT_UPDATE)
    if {"branch", "leader"} & set(data):
        _ensure_submitter(actor, project)
    if project.leader_id != old_leader_id:
        _team_leader_move(actor, project, old_leader_id)
    return project


def _month_numbers(data: dict) -> dict:
    """The stored month numbers of the dates in ``data`` (``start_month``, ``end_month``), written with them."""
    numbers = {}
    for name in ("start_date", "end_date"):
        if data.get(name):
            day = Project._meta.get_field(name).to_python(data[name])
            numbers[name.replace("_date", "_month")] = month_number(day)
    return numbers


def _team_leader_move(actor: User, project: Project, old_leader_id: int) -> None:
    """A new leader heads the team and the old one leaves it, so access follows the application."""
    leaving = ProjectMember.objects.filter(project=project, person_id__in=(old_leader_id, project.leader_id))
    for member in leaving.select_related("person"):
        audit(actor=actor, action=events.PROJECT_MEMBER_REMOVE, obj=member, before=snapshot(member))
        member.delete()
    leader = ProjectMember.objects.create(project=project, person=project.leader, role=MemberRole.LEADER)
    audit(actor=actor, action=events.PROJECT_MEMBER_ADD, obj=leader, after=snapshot(leader))


def _next_number(project: Project, year: int) -> str:
    prefix = f"{year}-{KIND_CODES[project.kind]}-"
    taken = Project.objects.filter(number__startswith=prefix).values_list("number", flat=True)
    last = max((int(n[len(prefix) :]) for n in taken if parse_id(n[len(prefix) :])), default=0)
    return f"{prefix}{last + 1:04d}"


def _step_fields(
    project: Project, action: str, *, measured_benefit: object, evidence: str, rating: str, summary: str
) -> dict:
    """The fields a step writes besides the status, checked: the number, the summary, the benefit, the rating."""
    now = timezone.now()
    if action == Transition.APPROVE:
        return {"number": _next_number(project, timezone.localdate().year), "approved_at": now}
    if action == Transition.APPLY_COMPLETION:
        summary = (summary or "").strip()
        if not summary:
            raise ValidationError({"summary": "申请结项须填写结项总结。"})
        return {"completion_summary": summary}
    if action == Transition.ACCEPT:
        benefit = parse_benefit(measured_benefit)
        evidence = (evidence or "").strip()
        if not evidence:
            raise ValidationError({"evidence": "验收须填写效益的依据(如财务核算、指标报表)。"})
        return {"measured_benefit": benefit, "evidence": evidence, "accepted_at": now}
    if action == Transition.RATE:
        if rating not in Rating.values:
            choices = "、".join(Rating.labels)
            raise ValidationError({"rating": f"请选择评定等级({choices})。"})
        return {"rating": rating}
    return {}


@transaction.atomic
def project_transition(
    *, actor: User, project: Project, action: str, reason: str = "", expected_version: int | None = None,
    measured_benefit: object = None, evidence: str = "", rating: str = "", summary: str = "",
) -> Project:  # fmt: skip
    """Move ``project`` one step along its lifecycle (``choices.TRANSITIONS``), checked, audited, timelined.

    Then the step's event (``events.TRANSITION_EVENTS``) is emitted in the same transaction: an accepted
    benefit is counted into the campaign targets the project serves, or the acceptance fails whole.
    """
    if action not in TRANSITIONS:
        raise ValidationError({"action": f"未知的操作“{action}”。"})
    project = Project.objects.select_for_update().select_related("branch", "leader").get(pk=project.pk)
    check_version(project, expected_version)
    sources, target, needed, needs_reason = TRANSITIONS[action]
    label = Transition(action).label
    if project.status not in sources:
        allowed = "、".join(ProjectStatus(s).label for s in sources)
        raise ValidationError(
            f"项目当前状态为“{project.get_status_display()}”,不能{label};只有“{allowed}”的项目可以{label}。"
        )
    _ensure(actor, project, needed)
    reason = (reason or "").strip()
    if needs_reason and not reason:
        raise ValidationError({"reason": f"{label}须填写理由。"})
    before_status = project.status
    before = snapshot(project)
    changes = {"status": target[before_status] if isinstance(target, dict) else target}
    changes |= _step_fields(
        project, action, measured_benefit=measured_benefit, evidence=evidence, rating=rating, summary=summary
    )
    for name, value in changes.items():
        setattr(project, name, value)
    project.version += 1
    project.save(update_fields=[*changes, "version", "updated_at"])
    _step(actor=actor, project=project, action=action, before_status=before_status, reason=reason)
    after = snapshot(project)
    if reason:
        after = {**after, "reason": reason}
    event = events.TRANSITION_EVENTS[action]
    audit(actor=actor, action=event, obj=project, before=before, after=after)
    emit(event, events.ProjectChange(actor=actor, project=project))
    return project


# ---------------------------------------------------------------- team


def _check_team_editor(actor: User, project: Project) -> None:
    _ensure(actor, project, Action.CHANGE)
    if project.status in ENDED_STATUSES:
        raise ValidationError(f"项目{project.get_status_display()},团队不能再调整。")


@transaction.atomic
def project_member_add(
    *, actor: User, project: Project, person: Person, role: str = MemberRole.MEMBER, duty: str = ""
) -> ProjectMember:
    _check_team_editor(actor, project)
    if role == MemberRole.LEADER:
        raise ValidationError({"role": "负责人在项目信息中指定,不能另行添加。"})
    if not person.is_active:
        raise ValidationError({"person": f"{person.name} 已不在职。"})
    if ProjectMember.objects.filter(project=project, person=person).exists():
        raise ValidationError({"person": f"{person.name} 已在项目团队中。"})
    member = ProjectMember.objects.create(project=project, person=person, role=role, duty=duty)
    audit(actor=actor, action=events.PROJECT_MEMBER_ADD, obj=member, after=snapshot(member))
    return member


@transaction.atomic
def project_member_remove(*, actor: User, member: ProjectMember) -> None:
    _check_team_editor(actor, member.project)
    if member.role == MemberRole.LEADER:
        raise ValidationError("不能移除项目负责人;如需更换,请修改项目信息。")
    before = snapshot(member)
    audit(actor=actor, action=events.PROJECT_MEMBER_REMOVE, obj=member, before=before)
    member.delete()


# ---------------------------------------------------------------- monthly logs


@atomic_with_files()
def project_log_create(
    *, actor: User, project: Project, date: datetime.date, content: str, participants: Iterable[Person] = (),
    outcome: str = "", attachment: File | None = None,
) -> ProjectLog:  # fmt: skip
    """Record a month's activity. Only a project under way (or applying for completion) logs."""
    _ensure(actor, project, Action.CHANGE)
    if project.status not in ACTIVE_STATUSES:
        raise ValidationError(f"项目当前状态为“{project.get_status_display()}”,只有实施中的项目可以登记活动。")
    if not date:
        raise ValidationError({"date": "请填写活动日期。"})
    if date < project.start_date or date > project.end_date:
        raise ValidationError(
            {
                "date": f"活动日期 {date:%Y-%m-%d} 不在项目周期内({project.start_date:%Y-%m-%d} 至 {project.end_date:%Y-%m-%d})。"
            }
        )
    not_in_future(date, "活动日期", field="date", hint="请在活动开展后登记")
    content = (content or "").strip()
    if not content:
        raise ValidationError({"content": "请填写活动内容。"})
    if attachment is not None:
        check_upload(attachment, field="attachment")
    log = ProjectLog(
        project=project, date=date, month=date.replace(day=1), content=content, outcome=(outcome or "").strip(),
        created_by=actor,
    )  # fmt: skip
    if attachment is not None:
        log.attachment = attachment
    log.save()
    if participants:
        log.participants.set(participants)
    refresh(LOG_MONTHS, project_id=project.pk)
    after = snapshot(log, fields=LOG_FIELDS)
    audit(actor=actor, action=events.PROJECT_LOG, obj=log, after={**after, "attachment": log.attachment.name or ""})
    return log


@transaction.atomic
def project_log_delete(*, actor: User, log: ProjectLog) -> None:
    """Take back a log entered by mistake, while the project is still under way; the audit keeps it."""
    project = Project.objects.select_for_update().select_related("branch").get(pk=log.project_id)
    _ensure(actor, project, Action.CHANGE)
    if project.status not in ACTIVE_STATUSES:
        raise ValidationError(f"项目当前状态为“{project.get_status_display()}”,活动记录已归档,不能删除。")
    before = snapshot(log, fields=LOG_FIELDS)
    audit(
        actor=actor,
        action=events.PROJECT_LOG_DELETE,
        obj=log,
        before={**before, "attachment": log.attachment.name or ""},
    )
    log.delete()
    refresh(LOG_MONTHS, project_id=project.pk)


@transaction.atomic
def project_bulk_create(
    *, actor: User, projects: list[Project], members: dict[int, list[ProjectMember]],
    logs: dict[int, list[ProjectLog]], steps: dict[int, list[ProjectStep]],
) -> list[Project]:  # fmt: skip
    """Many projects at once (imports, the demo), with their teams, logs and timelines.

    ``members``, ``logs`` and ``steps`` map a project's index to lists of unsaved rows whose
    ``project`` is set here; one audit event per project. The caller builds valid rows.
    """
    for project in projects:
        project.start_month, project.end_month = month_number(project.start_date), month_number(project.end_date)
    created = Project.objects.bulk_create(projects, batch_size=2000)
    team, entries, timeline = [], [], []
    for i, project in enumerate(created):
        for row in members.get(i, ()):
            row.project_id = project.pk
            team.append(row)
        for row in logs.get(i, ()):
            row.project_id = project.pk
            row.month = row.date.replace(day=1)
            entries.append(row)
        for row in steps.get(i, ()):
            row.project_id = project.pk
            timeline.append(row)
    ProjectMember.objects.bulk_create(team, batch_size=5000)
    ProjectLog.objects.bulk_create(entries, batch_size=5000)
    ProjectStep.objects.bulk_create(timeline, batch_size=5000)
    logged = sorted({row.project_id for row in entries})
    for first in range(0, len(logged), 2000):
        refresh(LOG_MONTHS, project_id__in=logged[first : first + 2000])
    audit_many(
        actor=actor,
        action=events.PROJECT_IMPORT,
        changes=(
            (p, None, {"kind": p.kind, "status": p.status, "branch": p.branch_id, "number": p.number}) for p in created
        ),
    )
    return created
