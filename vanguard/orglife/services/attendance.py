"""Attendance at a meeting: who came, guests (列席), taking a person off."""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction

from vanguard.core.access import ensure_allowed
from vanguard.core.audit import audit, snapshot
from vanguard.core.choices import Action
from vanguard.core.dates import not_in_future
from vanguard.core.services import model_update
from vanguard.org.models import Person, User

from .. import events
from ..attendees import expected_people
from ..choices import AttendanceStatus, MeetingStatus
from ..models import Attendance, Meeting
from ..summaries import refresh_meetings


def _attendance_marks(actor, meeting, marks, existing):
    """Validated {person_id: status} with the people, and who is expected (everyone else is a guest).

    A guest must be someone the actor may see (a person out of scope is answered as unknown). The expected
    are those already written down for the meeting, or, the first time, those its kind expects on its date.
    """
    valid = set(AttendanceStatus.values) - {AttendanceStatus.UNMARKED}
    bad = [str(s) for s in marks.values() if s not in valid]
    if bad:
        raise ValidationError(f"出勤状态“{bad[0]}”无效,应为出席、迟到、请假(病/事/公)或缺席。")
    people = Person.objects.restrict(actor, Action.VIEW).in_bulk(list(marks))
    missing = [pid for pid in marks if pid not in people]
    if missing:
        raise ValidationError(f"人员编号 {missing[0]} 不存在。")
    if existing:
        return people, [pid for pid, row in existing.items() if not row.is_guest]
    return people, list(expected_people(meeting).values_list("pk", flat=True))


def _readable_marks(*marks_maps):
    """The history reads marks as people do: ``李红梅(T100003)：缺席``, not person ids and codes (one query)."""
    ids = {int(pid) for marks in marks_maps for pid in marks}
    names = {
        pk: f"{name}({no})"
        for pk, name, no in Person.objects.filter(pk__in=ids).values_list("pk", "name", "employee_no")
    }
    return lambda marks: {names[int(pid)]: AttendanceStatus(status).label for pid, status in marks.items()}


@transaction.atomic
def meeting_record_attendance(
    *, actor: User, meeting: Meeting, marks: Mapping[int | str, str], notes: Mapping[int, str] | None = None,
    expected_version: int | None = None,
) -> dict[str, int]:  # fmt: skip
    """Record who came: ``marks`` maps person ids to an ``AttendanceStatus``.

    The first time, everyone the meeting expects on its date is written down (those not marked as
    未记录), so the roster stays as it was on the day whatever transfers and imports follow. People
    outside it are kept as guests (列席, flagged). A planned meeting whose day has come becomes 已召开;
    attendees earn its class hours from then on.
    """
    ensure_allowed(actor, meeting, Action.CHANGE)
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError("会议已取消,不能记录出勤。")
    not_in_future(meeting.date, "会议日期", hint="开会后再记录出勤")
    marks = {int(pid): status for pid, status in marks.items()}
    if not marks:
        raise ValidationError("请至少记录一人的出勤情况。")
    existing = {a.person_id: a for a in meeting.attendances.all()}
    people, roster = _attendance_marks(actor, meeting, marks, existing)
    expected = set(roster)
    notes = notes or {}
    before = {str(pid): a.status for pid, a in existing.items()}
    new, changed = [], []
    if not existing:  # the roster is written down once, as it stands on the meeting's day
        new = [Attendance(meeting=meeting, person_id=pid, status=AttendanceStatus.UNMARKED) for pid in roster]
        existing = {row.person_id: row for row in new}
    for pid, status in marks.items():
        guest = pid not in expected
        note = (notes.get(pid) or "")[:200]
        row = existing.get(pid)
        if row is None:
            new.append(Attendance(meeting=meeting, person_id=pid, status=status, is_guest=guest, note=note))
        elif (row.status, row.is_guest, row.note) != (status, guest, note):
            row.status, row.is_guest, row.note = status, guest, note
            if row.pk is not None:
                changed.append(row)
    Attendance.objects.bulk_create(new)
    Attendance.objects.bulk_update(changed, ["status", "is_guest", "note"])
    data = {}
    if meeting.status == MeetingStatus.PLANNED:
        data["status"] = MeetingStatus.HELD
    after = {**before, **{str(row.person_id): row.status for row in (*new, *changed)}}
    if data:
        model_update(obj=meeting, data=data, actor=actor, action=events.MEETING_HOLD, expected_version=expected_version)
        refresh_meetings((meeting.org_id, meeting.date))  # held now: it counts
    shown = _readable_marks(before, after)
    audit(
        actor=actor,
        action=events.MEETING_ATTENDANCE,
        obj=meeting,
        before={"attendance": shown(before)},
        after={"attendance": shown(after), "guests": sorted(str(people[p]) for p in marks if p not in expected)},
    )
    return {"created": len(new), "changed": len(changed), "guests": sum(1 for p in marks if p not in expected)}


@transaction.atomic
def attendance_remove(*, actor: User, attendance: Attendance) -> None:
    """Take a wrongly added person (usually a guest) off a meeting's attendance."""
    ensure_allowed(actor, attendance.meeting, Action.CHANGE)
    before = snapshot(attendance)
    attendance.delete()
    audit(actor=actor, action=events.ATTENDANCE_REMOVE, obj=attendance.meeting, before=before)
