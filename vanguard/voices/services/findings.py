"""Writes of findings (问题清单) and their rectification (整改闭环): raise, the steps of the loop, extensions.

Every function is atomic, audited and writes a history row (``FindingStep``); a refused step raises a
Chinese ``ScopeError`` or ``ValidationError`` and changes nothing.
"""

import bisect
import datetime
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone

from vanguard.core.access import is_system, may
from vanguard.core.audit import audit, audit_many, snapshot
from vanguard.core.choices import Action
from vanguard.core.dates import workdays
from vanguard.core.events import emit
from vanguard.core.exceptions import ScopeError
from vanguard.core.services import check_version
from vanguard.org.models import Person, Unit, User
from vanguard.orglife.models import Meeting

from .. import events
from ..choices import (
    BLUE_WORKDAYS,
    FINDING_ACTIVE,
    FINDING_TRANSITIONS,
    ExtensionStatus,
    FindingSource,
    FindingStatus,
    FindingTransition,
)
from ..models import Finding, FindingExtension, FindingStep, Suggestion, Visit

REFUSED = {
    Action.CHANGE: "只有责任人或责任单位的负责人可以办理此步骤。",
    Action.REVIEW: "只有提出问题的一方(提出人或提出单位的负责人)可以验证销号或退回重改。",
}
SOURCE_FIELD = {FindingSource.VISIT: "visit", FindingSource.SUGGESTION: "suggestion", FindingSource.MEETING: "meeting"}


# ---------------------------------------------------------------- the dates the colours read


class DeadlineMarks:
    """``blue_from`` and ``yellow_from`` for deadlines, from one read of the working calendar.

    Blue starts ``BLUE_WORKDAYS`` working days before the deadline; yellow (behind schedule) once half
    the time from raising to the deadline is gone without rectification under way.
    """

    def __init__(self, first: datetime.date, last: datetime.date):
        self.days = workdays(first - timedelta(days=BLUE_WORKDAYS * 3 + 21), last)

    def blue_from(self, deadline: datetime.date) -> datetime.date:
        # The working days up to the deadline (itself included when worked): blue from the BLUE_WORKDAYS-th last.
        at = bisect.bisect_right(self.days, deadline)
        return self.days[max(at - BLUE_WORKDAYS, 0)] if at else deadline

    def marks(self, raised_on: datetime.date, deadline: datetime.date) -> dict:
        return {
            "blue_from": self.blue_from(deadline),
            "yellow_from": raised_on + (deadline - raised_on) / 2,
        }


def deadline_marks(raised_on: datetime.date, deadline: datetime.date) -> dict:
    """The stored dates of one deadline (``DeadlineMarks``)."""
    return DeadlineMarks(deadline, deadline).marks(raised_on, deadline)


# ---------------------------------------------------------------- helpers


def _actor_name(actor: User) -> str:
    if is_system(actor):
        return "系统"
    person = getattr(actor, "person", None)
    return person.name if person else actor.get_username()


def _step(*, actor: User, finding: Finding, action: str, before_status: str, note: str = "") -> FindingStep:
    return FindingStep.objects.create(
        finding=finding, action=action, from_status=before_status, to_status=finding.status, actor=actor,
        actor_name=_actor_name(actor), at=timezone.now(), note=note,
    )  # fmt: skip


def _ensure(actor: User, finding: Finding, action: str) -> None:
    if not may(actor, action, finding):
        raise ScopeError(REFUSED[action])


def _text(value) -> str:
    return (value or "").strip()


def _next_number(year: int) -> str:
    prefix = f"WT{year}-"
    last = Finding.objects.filter(number__startswith=prefix).order_by("-number").values_list("number", flat=True)
    last = last.first()
    return f"{prefix}{int(last[len(prefix) :]) + 1 if last else 1:05d}"


# ---------------------------------------------------------------- raise


def _check_source(actor: User, source_kind: str, *, visit, suggestion, meeting, source_ref: str) -> None:
    """A finding names its source: the record for a visit, a suggestion or a meeting (one the raiser may see),
    the appraisal's or inspection's name otherwise."""
    if source_kind not in FindingSource.values:
        raise ValidationError({"source_kind": "请选择问题来源(" + "、".join(FindingSource.labels) + ")。"})
    given = {"visit": visit, "suggestion": suggestion, "meeting": meeting}
    wanted = SOURCE_FIELD.get(source_kind)
    for name, value in given.items():
        if value is not None and name != wanted:
            raise ValidationError({name: f"来源为“{FindingSource(source_kind).label}”的问题不能关联其他记录。"})
    if wanted:
        record = given[wanted]
        if record is None:
            raise ValidationError({wanted: f"请指明来源的{FindingSource(source_kind).label}。"})
        model = {"visit": Visit, "suggestion": Suggestion, "meeting": Meeting}[wanted]
        if not model.objects.restrict(actor, Action.VIEW).filter(pk=record.pk).exists():
            raise ScopeError(f"您看不到所选的{FindingSource(source_kind).label},不能以它为来源。")
    elif not source_ref:
        raise ValidationError({"source_ref": f"请写明{FindingSource(source_kind).label}的名称或文号。"})


def _check_people(raised_by: Person, responsible_person: Person) -> None:
    if not raised_by.is_active:
        raise ValidationError({"raised_by": f"{raised_by.name} 已不在职。"})
    if not responsible_person.is_active:
        raise ValidationError({"responsible_person": f"{responsible_person.name} 已不在职,不能担任责任人。"})


@transaction.atomic
def finding_create(
    *, actor: User, title: str, source_kind: str, raised_unit: Unit, raised_by: Person, responsible_unit: Unit,
    responsible_person: Person, deadline: datetime.date, description: str = "", measure: str = "",
    visit: Visit | None = None, suggestion: Suggestion | None = None, meeting: Meeting | None = None,
    source_ref: str = "",
) -> Finding:  # fmt: skip
    """提出 a finding: the raising side (the raiser himself, or a head of the raising unit) names the responsible
    unit and person and the deadline; it starts 待接收."""
    title, source_ref = _text(title), _text(source_ref)
    if not title:
        raise ValidationError({"title": "请填写问题。"})
    for value, name, label in ((raised_unit, "raised_unit", "提出单位"), (raised_by, "raised_by", "提出人"),
                               (responsible_unit, "responsible_unit", "责任单位"),
                               (responsible_person, "responsible_person", "责任人"), (deadline, "deadline", "整改期限")):  # fmt: skip
        if not value:
            raise ValidationError({name: f"请填写{label}。"})
    _check_source(actor, source_kind, visit=visit, suggestion=suggestion, meeting=meeting, source_ref=source_ref)
    _check_people(raised_by, responsible_person)
    today = timezone.localdate()
    if deadline < today:
        raise ValidationError({"deadline": f"整改期限 {deadline:%Y-%m-%d} 早于今天,请重新确定。"})
    finding = Finding(
        number=_next_number(today.year), title=title, description=_text(description), source_kind=source_kind,
        visit=visit, suggestion=suggestion, meeting=meeting, source_ref=source_ref, raised_unit=raised_unit,
        raised_by=raised_by, raised_on=today, responsible_unit=responsible_unit,
        responsible_person=responsible_person, measure=_text(measure), deadline=deadline, original_deadline=deadline,
        created_by=actor, **deadline_marks(today, deadline),
    )  # fmt: skip
    finding.full_clean(exclude=["number"])
    finding.save()
    if not Finding.objects.restrict(actor, Action.ADD).filter(pk=finding.pk).exists():
        raise ScopeError("只能以本人,或以本人负责的单位的名义提出问题。")
    _step(actor=actor, finding=finding, action="raise", before_status="")
    audit(actor=actor, action=events.FINDING_CREATE, obj=finding, after=snapshot(finding))
    emit(events.FINDING_CREATE, events.FindingChange(actor=actor, finding=finding))
    return finding


# ---------------------------------------------------------------- the loop


def _step_fields(finding: Finding, action: str, *, actor: User, note: str, rectification: str, evidence: str,
                 measure: str, deadline: datetime.date | None) -> dict:  # fmt: skip
    """What a step writes besides the status, checked."""
    today = timezone.localdate()
    if action == FindingTransition.ACCEPT:
        measure = measure or finding.measure
        if not measure:
            raise ValidationError({"measure": "接收问题须填写整改措施。"})
        return {"measure": measure}
    if action == FindingTransition.RESOLVE:
        if not rectification:
            raise ValidationError({"rectification": "请填写整改情况。"})
        return {"rectification": rectification, "resolved_on": today}
    if action == FindingTransition.VERIFY:
        if not evidence:
            raise ValidationError({"evidence": "销号须写明验证依据(现场复查情况、记录或照片)。"})
        return {"evidence": evidence, "closed_on": today, "closed_by": getattr(actor, "person", None)}
    if action == FindingTransition.REOPEN:
        if not note:
            raise ValidationError({"note": "退回重改须写明理由。"})
        changes = {"reopen_count": finding.reopen_count + 1, "resolved_on": None}
        if deadline is not None:
            if deadline < today:
                raise ValidationError({"deadline": f"新的整改期限 {deadline:%Y-%m-%d} 早于今天。"})
            changes |= {"deadline": deadline, **deadline_marks(finding.raised_on, deadline)}
        return changes
    return {}


@transaction.atomic
def finding_transition(
    *, actor: User, finding: Finding, action: str, note: str = "", rectification: str = "", evidence: str = "",
    measure: str = "", deadline: datetime.date | None = None, expected_version: int | None = None,
) -> Finding:  # fmt: skip
    """One step of the loop (``choices.FINDING_TRANSITIONS``): the responsible side accepts, starts and resolves;
    only the raising side verifies (销号, with evidence) or reopens (counted in ``reopen_count``)."""
    if action not in FINDING_TRANSITIONS:
        raise ValidationError({"action": f"未知的操作“{action}”。"})
    finding = Finding.objects.select_for_update().get(pk=finding.pk)
    check_version(finding, expected_version)
    sources, target, needed, _written = FINDING_TRANSITIONS[action]
    label = FindingTransition(action).label
    _ensure(actor, finding, needed)
    if finding.status not in sources:
        allowed = "、".join(f"“{FindingStatus(s).label}”" for s in sources)
        raise ValidationError(
            f"问题当前状态为“{finding.get_status_display()}”,不能{label};只有{allowed}的问题可以{label}。"
        )
    note = _text(note)
    changes = {"status": target} | _step_fields(
        finding, action, actor=actor, note=note, rectification=_text(rectification), evidence=_text(evidence),
        measure=_text(measure), deadline=deadline,
    )  # fmt: skip
    before_status, before = finding.status, snapshot(finding)
    for name, value in changes.items():
        setattr(finding, name, value)
    finding.version += 1
    finding.save(update_fields=[*changes, "version", "updated_at"])
    written = note or _text(rectification) or _text(evidence)
    _step(actor=actor, finding=finding, action=action, before_status=before_status, note=written)
    event = events.FINDING_TRANSITION_EVENTS[action]
    audit(actor=actor, action=event, obj=finding, before=before, after={**snapshot(finding), "note": written})
    emit(event, events.FindingChange(actor=actor, finding=finding))
    return finding


# ---------------------------------------------------------------- extensions


@transaction.atomic
def finding_extension_request(
    *, actor: User, finding: Finding, requested_deadline: datetime.date, reason: str
) -> FindingExtension:
    """延期申请 by the responsible side, on or before the deadline, to a later day; one waits at a time."""
    finding = Finding.objects.select_for_update().get(pk=finding.pk)
    _ensure(actor, finding, Action.CHANGE)
    today = timezone.localdate()
    if finding.status not in FINDING_ACTIVE:
        raise ValidationError(f"问题当前状态为“{finding.get_status_display()}”,不需要延期。")
    if today > finding.deadline:
        raise ValidationError(f"整改期限 {finding.deadline:%Y-%m-%d} 已过,延期须在期限之前申请。")
    if not requested_deadline or requested_deadline <= finding.deadline:
        raise ValidationError({"requested_deadline": f"申请的新期限须晚于现在的期限 {finding.deadline:%Y-%m-%d}。"})
    reason = _text(reason)
    if not reason:
        raise ValidationError({"reason": "请写明延期理由。"})
    if finding.extensions.filter(status=ExtensionStatus.PENDING).exists():
        raise ValidationError("该问题已有一项待审批的延期申请。")
    extension = FindingExtension(
        finding=finding, requested_deadline=requested_deadline, previous_deadline=finding.deadline, reason=reason,
        requested_by=actor, requested_on=today,
    )  # fmt: skip
    extension.full_clean()
    extension.save()
    _step(actor=actor, finding=finding, action="extension_request", before_status=finding.status,
          note=f"申请延至 {requested_deadline:%Y-%m-%d}:{reason}")  # fmt: skip
    audit(actor=actor, action=events.FINDING_EXTENSION_REQUEST, obj=extension, after=snapshot(extension))
    emit(events.FINDING_EXTENSION_REQUEST, events.FindingChange(actor=actor, finding=finding))
    return extension


@transaction.atomic
def finding_extension_decide(
    *, actor: User, extension: FindingExtension, approve: bool, note: str = ""
) -> FindingExtension:
    """The responsible person's head approves (the deadline moves, with its colours) or refuses (with a reason)."""
    extension = FindingExtension.objects.select_for_update().select_related("finding").get(pk=extension.pk)
    finding = Finding.objects.select_for_update().get(pk=extension.finding_id)
    if not may(actor, Action.APPROVE, extension):
        raise ScopeError("延期申请须由责任人所在单位的负责人审批。")
    own = getattr(getattr(actor, "person", None), "pk", None)
    if extension.requested_by_id == actor.pk or (own is not None and own == finding.responsible_person_id):
        raise ScopeError("不能审批本人的延期申请。")
    if extension.status != ExtensionStatus.PENDING:
        raise ValidationError(f"该延期申请已{extension.get_status_display()},不能再次审批。")
    note = _text(note)
    if not approve and not note:
        raise ValidationError({"note": "不批准延期须写明理由。"})
    before = snapshot(extension)
    extension.status = ExtensionStatus.APPROVED if approve else ExtensionStatus.REFUSED
    extension.decided_by, extension.decided_on, extension.decision_note = actor, timezone.localdate(), note
    extension.version += 1
    extension.save()
    if approve:
        changes = {"deadline": extension.requested_deadline,
                   **deadline_marks(finding.raised_on, extension.requested_deadline)}  # fmt: skip
        for name, value in changes.items():
            setattr(finding, name, value)
        finding.version += 1
        finding.save(update_fields=[*changes, "version", "updated_at"])
    event = events.FINDING_EXTENSION_APPROVED if approve else events.FINDING_EXTENSION_REFUSED
    outcome = f"批准延至 {extension.requested_deadline:%Y-%m-%d}" if approve else "不批准延期"
    _step(actor=actor, finding=finding, action="extension_" + ("approve" if approve else "refuse"),
          before_status=finding.status, note=f"{outcome}{':' + note if note else ''}")  # fmt: skip
    audit(actor=actor, action=event, obj=extension, before=before, after=snapshot(extension))
    emit(event, events.FindingChange(actor=actor, finding=finding))
    return extension


# ---------------------------------------------------------------- many at once


def _insert_steps(rows: list[FindingStep]) -> None:
    """History rows in one ``executemany``: at a hundred thousand rows the ORM's preparation of every value
    costs several times the insert itself (the demo's large size). The rows are plain: no default to fill,
    no signal to send; the times go through the backend's own adaptation, once per distinct time."""
    if not rows:
        return
    ops = connection.ops
    names = ("finding_id", "action", "from_status", "to_status", "actor_id", "actor_name", "at", "note")
    table, columns = ops.quote_name(FindingStep._meta.db_table), ", ".join(ops.quote_name(n) for n in names)
    sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(names))})"
    times = {}
    values = []
    for row in rows:
        at = times.get(row.at)
        if at is None:
            at = times[row.at] = ops.adapt_datetimefield_value(row.at)
        values.append((row.finding_id, row.action, row.from_status, row.to_status, row.actor_id, row.actor_name, at,
                       row.note))  # fmt: skip
    with connection.cursor() as cursor:
        for first in range(0, len(values), 5000):
            cursor.executemany(sql, values[first : first + 5000])


@transaction.atomic
def finding_bulk_create(
    *, actor: User, findings: list[Finding], steps: dict[int, list[FindingStep]],
    extensions: dict[int, list[FindingExtension]] | None = None, batch_size: int = 5000,
) -> list[Finding]:  # fmt: skip
    """Many findings at once (the demo, a historical list), with their history and extensions.

    The caller builds valid rows with their dates; the colours' stored dates are written here from one read
    of the working calendar. ``steps`` and ``extensions`` map a finding's index to unsaved rows; one audit
    event per finding.
    """
    if not findings:
        return []
    marks = DeadlineMarks(min(f.deadline for f in findings), max(f.deadline for f in findings))
    for finding in findings:
        finding.original_deadline = finding.original_deadline or finding.deadline
        for name, value in marks.marks(finding.raised_on, finding.deadline).items():
            setattr(finding, name, value)
    created = Finding.objects.bulk_create(findings, batch_size=batch_size)
    history, asked = [], []
    for i, finding in enumerate(created):
        for row in steps.get(i, ()):
            row.finding_id = finding.pk
            history.append(row)
        for row in (extensions or {}).get(i, ()):
            row.finding_id = finding.pk
            asked.append(row)
    _insert_steps(history)
    FindingExtension.objects.bulk_create(asked, batch_size=batch_size)
    audit_many(
        actor=actor, action=events.FINDING_IMPORT,
        changes=((f, None, {"status": f.status, "responsible_unit": f.responsible_unit_id, "number": f.number})
                 for f in created),
    )  # fmt: skip
    return created
