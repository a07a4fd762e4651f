"""Meetings (三会一课 and the other kinds): planning, minutes, attachments, bulk import."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date as Date
from datetime import time as Time
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from vanguard.core.access import ensure_allowed
from vanguard.core.audit import audit, audit_many, snapshot
from vanguard.core.bulk import insert_rows
from vanguard.core.choices import Action
from vanguard.core.dates import not_in_future
from vanguard.core.services import check_version, model_update
from vanguard.core.uploads import atomic_with_files, check_upload, file_facts
from vanguard.org.models import PartyOrg, Person, User

from .. import events
from ..choices import DEFAULT_CLASS_HOURS, MAX_MEETING_HOURS, MeetingStatus
from ..minutes import sanitise_minutes
from ..models import Attendance, Meeting, MeetingAttachment
from ..summaries import MEETINGS, refresh_meetings, refresh_span
from ._common import _ensure_org

MEETING_FIELDS = (
    "org", "kind", "form", "title", "date", "start_time", "place", "host", "recorder", "topics", "minutes",
    "resolutions", "class_hours",
)  # fmt: skip


def _counted(meeting):
    """What the kept counts of held meetings (``orglife.summaries``) read of a meeting."""
    return (meeting.org_id, meeting.date, meeting.kind, meeting.is_held)


def _recount(before, meeting):
    """Refresh the kept counts of the meeting's org and month, before and after, when the change moves them."""
    after = _counted(meeting)
    if before != after:
        refresh_meetings(*{before[:2], after[:2]} if before is not None else {after[:2]})


def _check_meeting(meeting, *, held):
    if held:
        not_in_future(meeting.date, "已召开会议的日期", field="date", hint="请先保存为计划会议,开会后再记录")
    hours = meeting.class_hours
    if hours is None or hours < 0 or hours > MAX_MEETING_HOURS:
        raise ValidationError({"class_hours": f"会议学时应在 0 到 {MAX_MEETING_HOURS} 之间,您填写的是 {hours}。"})
    duplicate = (
        Meeting.objects.filter(org_id=meeting.org_id, kind=meeting.kind, date=meeting.date)
        .exclude(status=MeetingStatus.CANCELLED)
        .exclude(pk=meeting.pk)
        .first()
    )
    if duplicate is not None:
        raise ValidationError(
            f"{meeting.org} 在 {meeting.date:%Y-%m-%d} 已登记过{meeting.get_kind_display()}"
            f"(“{duplicate.title}”,编号 {duplicate.pk}),请勿重复登记;如需补充,请打开该会议修改。"
        )


@transaction.atomic
def meeting_create(
    *, actor: User, org: PartyOrg, kind: str, title: str, date: Date, form: str = "plain",
    start_time: Time | None = None, place: str = "", host: Person | None = None, recorder: Person | None = None,
    topics: str = "", minutes: str = "", resolutions: str = "", class_hours: Decimal | str | None = None,
    held: bool = False,
) -> Meeting:  # fmt: skip
    """A meeting, planned or (``held``) already held; the secretary records attendance afterwards."""
    _ensure_org(actor, Meeting, org)
    meeting = Meeting(
        org=org, kind=kind, form=form, title=(title or "").strip(), date=date, start_time=start_time, place=place,
        host=host, recorder=recorder, topics=topics, minutes=sanitise_minutes(minutes), resolutions=resolutions,
        class_hours=DEFAULT_CLASS_HOURS.get(kind, Decimal(1)) if class_hours in (None, "") else class_hours,
        status=MeetingStatus.HELD if held else MeetingStatus.PLANNED, created_by=actor,
    )  # fmt: skip
    _check_meeting(meeting, held=held)
    meeting.full_clean(validate_constraints=False)
    meeting.save()
    _recount(None, meeting)
    audit(actor=actor, action=events.MEETING_CREATE, obj=meeting, after=snapshot(meeting))
    return meeting


@transaction.atomic
def meeting_update(
    *, actor: User, meeting: Meeting, data: Mapping[str, Any], expected_version: int | None = None
) -> Meeting:
    ensure_allowed(actor, meeting, Action.CHANGE)
    data = {k: v for k, v in data.items() if k in MEETING_FIELDS}
    if "org" in data and data["org"].pk != meeting.org_id:
        _ensure_org(actor, Meeting, data["org"])
    if "minutes" in data:
        data["minutes"] = sanitise_minutes(data["minutes"])
    probe = Meeting(pk=meeting.pk, status=meeting.status, **{f: getattr(meeting, f) for f in MEETING_FIELDS})
    for name, value in data.items():
        setattr(probe, name, value)
    _check_meeting(probe, held=meeting.is_held)
    before = _counted(meeting)
    model_update(obj=meeting, data=data, actor=actor, action=events.MEETING_UPDATE, expected_version=expected_version)
    _recount(before, meeting)
    return meeting


@transaction.atomic
def meeting_cancel(*, actor: User, meeting: Meeting, expected_version: int | None = None) -> Meeting:
    ensure_allowed(actor, meeting, Action.CHANGE)
    if meeting.is_held:
        raise ValidationError("会议已召开,不能取消;如登记有误,请修改会议内容。")
    before = _counted(meeting)
    model_update(
        obj=meeting, data={"status": MeetingStatus.CANCELLED}, actor=actor, action=events.MEETING_CANCEL,
        expected_version=expected_version,
    )  # fmt: skip
    _recount(before, meeting)
    return meeting


@transaction.atomic
def meeting_record_minutes(
    *, actor: User, meeting: Meeting, minutes: str, resolutions: str = "", expected_version: int | None = None
) -> Meeting:
    """The minutes (sanitised) and resolutions; the meeting is then 已记录."""
    ensure_allowed(actor, meeting, Action.CHANGE)
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError("会议已取消,不能记录会议内容。")
    not_in_future(meeting.date, "会议日期", hint="开会后再记录会议内容")
    clean = sanitise_minutes(minutes)
    if not clean:
        raise ValidationError({"minutes": "请填写会议记录。"})
    before = _counted(meeting)
    model_update(
        obj=meeting,
        data={"minutes": clean, "resolutions": resolutions, "status": MeetingStatus.RECORDED},
        actor=actor,
        action=events.MEETING_MINUTES,
        expected_version=expected_version,
    )
    _recount(before, meeting)
    return meeting


@transaction.atomic
def meeting_delete(*, actor: User, meeting: Meeting, expected_version: int | None = None) -> None:
    """Take a meeting registered in error off the ledger, with its attendance and attachments (the history keeps
    what it was); a meeting held by mistake of day or org is better corrected by editing it."""
    ensure_allowed(actor, meeting, Action.CHANGE)
    check_version(meeting, expected_version)
    before = _counted(meeting)
    facts = {**snapshot(meeting), "attendance": meeting.attendances.count()}
    audit(actor=actor, action=events.MEETING_DELETE, obj=meeting, before=facts)
    meeting.delete()
    refresh_meetings(before[:2])


@atomic_with_files()
def attachment_add(*, actor: User, meeting: Meeting, file: UploadedFile) -> MeetingAttachment:
    ensure_allowed(actor, meeting, Action.CHANGE)
    check_upload(file, field="file")
    facts = file_facts(file)
    attachment = MeetingAttachment.objects.create(meeting=meeting, file=file, name=file.name[:200])
    audit(
        actor=actor, action=events.MEETING_ATTACHMENT, obj=meeting, after={"attachment": attachment.name, "file": facts}
    )
    return attachment


@transaction.atomic
def meeting_bulk_create(
    *, actor: User, meetings: list[Meeting], attendance: Mapping[int, Mapping[int, str]]
) -> list[Meeting]:
    """Many held meetings at once (imports, the demo): ``attendance`` maps a meeting's index to {person_id: status}.

    Written with bulk inserts and one audit event per meeting; the same checks as one by one
    are the caller's (the rows are built from the org, so no guest or future day arises).
    """
    created = Meeting.objects.bulk_create(meetings, batch_size=2000)
    # A company's three years are a million rows: plain tuples (``core.bulk``), not a model instance each.
    insert_rows(
        Attendance,
        ("meeting", "person", "status", "is_guest", "note"),
        (
            (created[i].pk, pid, str(status), False, "")
            for i, marks in attendance.items()
            for pid, status in marks.items()
        ),
    )
    refresh_span(MEETINGS, created, "date")
    audit_many(
        actor=actor,
        action=events.MEETING_IMPORT,
        changes=((m, None, {"kind": m.kind, "date": m.date, "org": m.org_id, "attendance": len(attendance.get(i, {}))})
                 for i, m in enumerate(created)),
    )  # fmt: skip
    return created
