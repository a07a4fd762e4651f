"""Writes of the orglife app. Every function is atomic and audited; bad input raises a Chinese ValidationError.

Who may write what is the policy in ``access.py``: a refused write raises ``ScopeError``; a party org or
person outside what the actor may record for is a ValidationError on that field (the forms offer no other).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date as Date
from datetime import time as Time
from decimal import Decimal
from typing import Any

import nh3
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape

from vanguard.core import access
from vanguard.core.access import ensure_allowed
from vanguard.core.audit import audit, audit_many, snapshot
from vanguard.core.choices import Action
from vanguard.core.dates import month_start, not_in_future
from vanguard.core.exceptions import ScopeError
from vanguard.core.numbers import parse_decimal
from vanguard.core.services import model_update
from vanguard.core.uploads import check_upload
from vanguard.org.choices import SECTION_AND_ABOVE
from vanguard.org.models import PartyMembership, PartyOrg, Person, User

from . import events
from .choices import (
    COMMITTEE_KINDS,
    COMMITTEE_POSTS,
    DEFAULT_CLASS_HOURS,
    MAX_MEETING_HOURS,
    MAX_TRAINING_HOURS,
    AttendanceStatus,
    MeetingStatus,
)
from .models import (
    Attendance,
    ComplianceExemption,
    ComplianceRule,
    FieldDay,
    Meeting,
    MeetingAttachment,
    Review,
    ReviewGrade,
    TrainingRecord,
)

MEETING_FIELDS = (
    "org", "kind", "form", "title", "date", "start_time", "place", "host", "recorder", "topics", "minutes",
    "resolutions", "class_hours",
)  # fmt: skip
# What pasted minutes may keep: paragraphs, lists, emphasis and tables; no scripts, styles or links out.
MINUTES_TAGS = {"p", "br", "b", "strong", "i", "em", "u", "ul", "ol", "li", "h3", "h4", "table", "thead", "tbody",
                "tr", "th", "td", "blockquote"}  # fmt: skip
LOOKS_LIKE_HTML = re.compile(r"<[a-zA-Z/!]")


def sanitise_minutes(text: str | None) -> str:
    """Minutes as safe HTML: pasted markup keeps its structure, anything executable is dropped, no text is lost."""
    text = (text or "").strip()
    if not text:
        return ""
    if not LOOKS_LIKE_HTML.search(text):
        # Plain text: keep the line breaks the secretary typed.
        paragraphs = [line.strip() for line in text.splitlines()]
        return "".join(f"<p>{escape(line)}</p>" for line in paragraphs if line)
    return nh3.clean(text, tags=MINUTES_TAGS, attributes={}, strip_comments=True).strip()


def parse_hours(
    value: object,
    *,
    field_name: str = "hours",
    maximum: Decimal = MAX_TRAINING_HOURS,
    minimum: Decimal = Decimal("0.5"),
) -> Decimal:
    """Class hours from user input; a Chinese message for text or a number out of range."""
    hours = parse_decimal(value, label="学时", field=field_name)
    if hours is None:
        raise ValidationError({field_name: "请填写学时。"})
    if hours < minimum or hours > maximum:
        raise ValidationError({field_name: f"学时应在 {minimum} 到 {maximum} 之间,您填写的是 {value}。"})
    if hours * 2 != int(hours * 2):
        raise ValidationError({field_name: "学时以半小时为单位(如 1.5)。"})
    return hours


def _ensure_org(actor: User, model: type, org: PartyOrg) -> None:
    """``org`` must be one the policy lets the actor record ``model`` rows for."""
    if not access.choices(actor, model, "org", Action.ADD).filter(pk=org.pk).exists():
        raise ValidationError({"org": "只能为您负责的党组织登记会议。"})


def _ensure_person(actor: User, model: type, person: Person) -> None:
    """``person`` must be one the policy lets the actor record ``model`` rows for (a member of an org he records
    for; for field days also the cadre himself)."""
    if not access.choices(actor, model, "person", Action.ADD).filter(pk=person.pk).exists():
        raise ValidationError({"person": "只能为您负责的党组织的党员登记。"})


def _ensure_may_add(actor: User, model: type, message: str) -> None:
    """For the office's settings: the role message when no rule of the policy lets the actor add at all."""
    if not access.may(actor, Action.ADD, model):
        raise ScopeError(message)


# ---------------------------------------------------------------- expected attendees


def expected_memberships(org, kind):
    """Who is expected at a meeting of ``kind`` of ``org``: derived from the org, never typed.

    Committee meetings (支委会, 中心组学习) expect the committee elected on the org itself;
    every other kind expects every member of the org and the orgs below it (a branch's
    general meeting: the branch and all its party groups).
    """
    memberships = PartyMembership.objects.filter(person__is_active=True)
    if kind in COMMITTEE_KINDS:
        return memberships.filter(party_org=org, post__in=COMMITTEE_POSTS)
    return memberships.filter(party_org__path__startswith=org.path)


def expected_people(meeting_or_org, kind=None):
    org, kind = (meeting_or_org.org, meeting_or_org.kind) if kind is None else (meeting_or_org, kind)
    return Person.objects.filter(membership__in=expected_memberships(org, kind)).order_by(
        "membership__party_org__path", "employee_no"
    )


# ---------------------------------------------------------------- meetings


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
    return model_update(
        obj=meeting, data=data, actor=actor, action=events.MEETING_UPDATE, expected_version=expected_version
    )


@transaction.atomic
def meeting_cancel(*, actor: User, meeting: Meeting, expected_version: int | None = None) -> Meeting:
    ensure_allowed(actor, meeting, Action.CHANGE)
    if meeting.is_held:
        raise ValidationError("会议已召开,不能取消;如登记有误,请修改会议内容。")
    return model_update(
        obj=meeting, data={"status": MeetingStatus.CANCELLED}, actor=actor, action=events.MEETING_CANCEL,
        expected_version=expected_version,
    )  # fmt: skip


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
    return model_update(
        obj=meeting,
        data={"minutes": clean, "resolutions": resolutions, "status": MeetingStatus.RECORDED},
        actor=actor,
        action=events.MEETING_MINUTES,
        expected_version=expected_version,
    )


def _attendance_marks(actor, meeting, marks):
    """Validated {person_id: status} with the people, and which of them are guests.

    A guest must be someone the actor may see (a person out of scope is answered as unknown).
    """
    valid = set(AttendanceStatus.values)
    bad = [str(s) for s in marks.values() if s not in valid]
    if bad:
        raise ValidationError(f"出勤状态“{bad[0]}”无效,应为出席、迟到、请假(病/事/公)或缺席。")
    people = Person.objects.restrict(actor, Action.VIEW).in_bulk(list(marks))
    missing = [pid for pid in marks if pid not in people]
    if missing:
        raise ValidationError(f"人员编号 {missing[0]} 不存在。")
    expected = set(expected_memberships(meeting.org, meeting.kind).values_list("person_id", flat=True))
    return people, expected


@transaction.atomic
def meeting_record_attendance(
    *, actor: User, meeting: Meeting, marks: Mapping[int | str, str], notes: Mapping[int, str] | None = None,
    expected_version: int | None = None,
) -> dict[str, int]:  # fmt: skip
    """Record who came: ``marks`` maps person ids to an ``AttendanceStatus``.

    People outside the org are kept as guests (列席, flagged). A planned meeting whose day
    has come becomes 已召开; attendees earn its class hours from then on.
    """
    ensure_allowed(actor, meeting, Action.CHANGE)
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError("会议已取消,不能记录出勤。")
    not_in_future(meeting.date, "会议日期", hint="开会后再记录出勤")
    marks = {int(pid): status for pid, status in marks.items()}
    if not marks:
        raise ValidationError("请至少记录一人的出勤情况。")
    people, expected = _attendance_marks(actor, meeting, marks)
    notes = notes or {}
    existing = {a.person_id: a for a in meeting.attendances.all()}
    before = {str(pid): a.status for pid, a in existing.items()}
    new, changed = [], []
    for pid, status in marks.items():
        guest = pid not in expected
        note = (notes.get(pid) or "")[:200]
        row = existing.get(pid)
        if row is None:
            new.append(Attendance(meeting=meeting, person_id=pid, status=status, is_guest=guest, note=note))
        elif (row.status, row.is_guest, row.note) != (status, guest, note):
            row.status, row.is_guest, row.note = status, guest, note
            changed.append(row)
    Attendance.objects.bulk_create(new)
    Attendance.objects.bulk_update(changed, ["status", "is_guest", "note"])
    data = {}
    if meeting.status == MeetingStatus.PLANNED:
        data["status"] = MeetingStatus.HELD
    after = {**before, **{str(pid): status for pid, status in marks.items()}}
    if data:
        model_update(obj=meeting, data=data, actor=actor, action=events.MEETING_HOLD, expected_version=expected_version)
    audit(
        actor=actor,
        action=events.MEETING_ATTENDANCE,
        obj=meeting,
        before={"attendance": before},
        after={"attendance": after, "guests": sorted(str(people[p]) for p in marks if p not in expected)},
    )
    return {"created": len(new), "changed": len(changed), "guests": sum(1 for p in marks if p not in expected)}


@transaction.atomic
def attendance_remove(*, actor: User, attendance: Attendance) -> None:
    """Take a wrongly added person (usually a guest) off a meeting's attendance."""
    ensure_allowed(actor, attendance.meeting, Action.CHANGE)
    before = snapshot(attendance)
    attendance.delete()
    audit(actor=actor, action=events.ATTENDANCE_REMOVE, obj=attendance.meeting, before=before)


@transaction.atomic
def attachment_add(*, actor: User, meeting: Meeting, file: UploadedFile) -> MeetingAttachment:
    ensure_allowed(actor, meeting, Action.CHANGE)
    check_upload(file, field="file")
    attachment = MeetingAttachment.objects.create(meeting=meeting, file=file, name=file.name[:200])
    audit(actor=actor, action=events.MEETING_ATTACHMENT, obj=meeting, after={"attachment": attachment.name})
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
    rows = [
        Attendance(meeting_id=created[i].pk, person_id=pid, status=status)
        for i, marks in attendance.items()
        for pid, status in marks.items()
    ]
    Attendance.objects.bulk_create(rows, batch_size=5000)
    audit_many(
        actor=actor,
        action=events.MEETING_IMPORT,
        changes=((m, None, {"kind": m.kind, "date": m.date, "org": m.org_id, "attendance": len(attendance.get(i, {}))})
                 for i, m in enumerate(created)),
    )  # fmt: skip
    return created


# ---------------------------------------------------------------- training


@transaction.atomic
def training_create(
    *, actor: User, person: Person, title: str, date: Date, hours: Decimal | str, category: str = "member",
    channel: str = "online", provider: str = "", note: str = "",
) -> TrainingRecord:  # fmt: skip
    """An external or online training; the hours add to those earned at meetings."""
    _ensure_person(actor, TrainingRecord, person)
    hours = parse_hours(hours)
    not_in_future(date, "培训日期", field="date", hint="请在培训结束后登记")
    if TrainingRecord.objects.filter(person=person, title=title.strip(), date=date).exists():
        raise ValidationError(f"{person.name} 在 {date:%Y-%m-%d} 已有“{title}”的培训记录,请勿重复登记。")
    record = TrainingRecord(
        person=person, title=title.strip(), date=date, hours=hours, category=category, channel=channel,
        provider=provider, note=note, created_by=actor,
    )  # fmt: skip
    record.full_clean(validate_constraints=False)
    record.save()
    audit(actor=actor, action=events.TRAINING_CREATE, obj=record, after=snapshot(record))
    return record


@transaction.atomic
def training_update(
    *, actor: User, record: TrainingRecord, data: Mapping[str, Any], expected_version: int | None = None
) -> TrainingRecord:
    ensure_allowed(actor, record, Action.CHANGE)
    data = {k: v for k, v in data.items() if k in ("title", "date", "hours", "category", "channel", "provider", "note")}
    if "hours" in data:
        data["hours"] = parse_hours(data["hours"])
    return model_update(
        obj=record, data=data, actor=actor, action=events.TRAINING_UPDATE, expected_version=expected_version
    )


@transaction.atomic
def training_bulk_create(*, actor: User, records: list[TrainingRecord]) -> list[TrainingRecord]:
    created = TrainingRecord.objects.bulk_create(records, batch_size=2000)
    audit_many(
        actor=actor, action=events.TRAINING_IMPORT,
        changes=((r, None, {"person": r.person_id, "hours": r.hours, "date": r.date}) for r in created),
    )  # fmt: skip
    return created


# ---------------------------------------------------------------- reviews


@transaction.atomic
def review_record(
    *, actor: User, person: Person, org: PartyOrg, month: Date, grade: ReviewGrade, comment: str = "",
    evidence: Iterable[Mapping[str, Any]] = (),
) -> Review:  # fmt: skip
    """The month's review of one member by a party group or branch (a second one replaces the first)."""
    _ensure_org(actor, Review, org)
    month = month_start(month)
    if month > month_start(timezone.localdate()):
        raise ValidationError({"month": f"{month:%Y年%m月}尚未到来,不能讲评。"})
    if not PartyMembership.objects.filter(person=person, party_org__path__startswith=org.path).exists():
        raise ValidationError({"person": f"{person.name} 不是 {org} 的党员,不能由该组织讲评。"})
    if not grade.is_active:
        raise ValidationError({"grade": f"讲评等级“{grade.label}”已停用。"})
    evidence = [
        {"object_type": str(e["object_type"]), "object_id": int(e["object_id"]), "label": str(e.get("label", ""))[:100]}
        for e in evidence or ()
    ]
    review = Review.objects.filter(person=person, org=org, month=month).first()
    if review is not None:
        return model_update(
            obj=review, data={"grade": grade, "comment": comment, "evidence": evidence, "reviewer": actor},
            actor=actor, action=events.REVIEW_UPDATE,
        )  # fmt: skip
    review = Review.objects.create(
        person=person, org=org, month=month, grade=grade, comment=comment, evidence=evidence, reviewer=actor
    )
    audit(actor=actor, action=events.REVIEW_CREATE, obj=review, after=snapshot(review))
    return review


@transaction.atomic
def review_bulk_create(*, actor: User, reviews: list[Review]) -> list[Review]:
    """Many reviews at once; one audit event per org and month lists who got which grade (a month's
    review of a company's members is hundreds of thousands of rows, its trail a few thousand events)."""
    created = Review.objects.bulk_create(reviews, batch_size=2000)
    sessions = {}
    for r in created:
        sessions.setdefault((r.org_id, r.month), {})[str(r.person_id)] = r.grade_id
    audit_many(
        actor=actor, action=events.REVIEW_IMPORT,
        changes=((("orglife.review", f"{org_id}:{month:%Y-%m}", f"{month:%Y-%m} 讲评({len(grades)} 人)"), None,
                  {"org": org_id, "month": month, "grades": grades})
                 for (org_id, month), grades in sessions.items()),
    )  # fmt: skip
    return created


# ---------------------------------------------------------------- field days


def is_field_cadre(person: Person) -> bool:
    return person.cadre_level in SECTION_AND_ABOVE


@transaction.atomic
def field_day_create(
    *, actor: User, person: Person, date: Date, half: str, place: str, problems_found: str = "",
    problems_solved: str = "",
) -> FieldDay:  # fmt: skip
    """Half a day on site by a cadre of section level or above (the cadre or their secretary records it)."""
    _ensure_person(actor, FieldDay, person)
    if not is_field_cadre(person):
        raise ValidationError({"person": f"{person.name} 不是科级及以上干部,无需登记深入现场。"})
    not_in_future(date, "深入现场日期", field="date", hint="请在到现场后登记")
    if not (place or "").strip():
        raise ValidationError({"place": "请填写到过的现场。"})
    if FieldDay.objects.filter(person=person, date=date, half=half).exists():
        raise ValidationError(f"{date:%Y-%m-%d} 的这个半天已经登记过,请勿重复登记。")
    entry = FieldDay(
        person=person, date=date, half=half, place=place.strip(), problems_found=problems_found,
        problems_solved=problems_solved,
    )  # fmt: skip
    entry.full_clean(validate_constraints=False)
    entry.save()
    audit(actor=actor, action=events.FIELD_DAY_CREATE, obj=entry, after=snapshot(entry))
    return entry


@transaction.atomic
def field_day_bulk_create(*, actor: User, entries: list[FieldDay]) -> list[FieldDay]:
    created = FieldDay.objects.bulk_create(entries, batch_size=5000)
    audit_many(
        actor=actor, action=events.FIELD_DAY_IMPORT,
        changes=((e, None, {"person": e.person_id, "date": e.date, "half": e.half}) for e in created),
    )  # fmt: skip
    return created


# ---------------------------------------------------------------- rules


@transaction.atomic
def rule_create(
    *, actor: User, subject: str, org_kind: str, period: str, minimum: int = 1, basis: str = "", is_active: bool = True
) -> ComplianceRule:
    _ensure_may_add(actor, ComplianceRule, "只有党委管理员可以设置组织生活规则。")
    if ComplianceRule.objects.filter(subject=subject, org_kind=org_kind).exists():
        raise ValidationError("该组织类型的这一事项已有规则,请直接修改。")
    rule = ComplianceRule(
        subject=subject, org_kind=org_kind, period=period, minimum=minimum, basis=basis, is_active=is_active
    )
    rule.full_clean(validate_constraints=False)
    rule.save()
    audit(actor=actor, action=events.RULE_CREATE, obj=rule, after=snapshot(rule))
    return rule


@transaction.atomic
def rule_update(
    *, actor: User, rule: ComplianceRule, data: Mapping[str, Any], expected_version: int | None = None
) -> ComplianceRule:
    ensure_allowed(actor, rule, Action.CHANGE)
    data = {k: v for k, v in data.items() if k in ("period", "minimum", "basis", "is_active")}
    if "minimum" in data and (data["minimum"] is None or int(data["minimum"]) < 1):
        raise ValidationError({"minimum": "最少次数至少为 1。"})
    return model_update(obj=rule, data=data, actor=actor, action=events.RULE_UPDATE, expected_version=expected_version)


@transaction.atomic
def exemption_create(
    *, actor: User, org: PartyOrg, starts_on: Date, ends_on: Date, reason: str, rule: ComplianceRule | None = None
) -> ComplianceExemption:
    _ensure_may_add(actor, ComplianceExemption, "只有党委管理员可以设置免于考核。")
    if ends_on < starts_on:
        raise ValidationError({"ends_on": "截止日期不能早于起始日期。"})
    if not (reason or "").strip():
        raise ValidationError({"reason": "请填写免于考核的原因。"})
    exemption = ComplianceExemption.objects.create(
        org=org, rule=rule, starts_on=starts_on, ends_on=ends_on, reason=reason.strip()
    )
    audit(actor=actor, action=events.EXEMPTION_CREATE, obj=exemption, after=snapshot(exemption))
    return exemption
