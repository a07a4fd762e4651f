"""Services: expected attendees from the org, bad input in Chinese with nothing written, hours derived from attendance."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from vanguard.core.exceptions import ScopeError
from vanguard.core.models import AuditEvent
from vanguard.org.choices import PartyPost
from vanguard.org.models import PartyMembership, Person
from vanguard.orglife import services
from vanguard.orglife.hours import parse_hours
from vanguard.orglife.minutes import sanitise_minutes
from vanguard.orglife.models import Attendance, ComplianceRule, Meeting, Review, ReviewGrade, TrainingRecord
from vanguard.orglife.selectors import person_hours

from .conftest import free_day, free_field_day

pytestmark = pytest.mark.django_db


def _yesterday():
    return timezone.localdate() - timedelta(days=1)


def test_a_general_meeting_expects_the_branch_and_its_groups(company, life):
    expected = set(services.expected_people(company.branch, "general").values_list("pk", flat=True))
    members = set(
        PartyMembership.objects.filter(party_org__path__startswith=company.branch.path).values_list(
            "person_id", flat=True
        )
    )
    assert expected == members
    assert life.dangyuan.pk in expected  # she sits in a party group below the branch


def test_a_committee_meeting_expects_the_committee_only(company, life):
    expected = set(services.expected_people(company.branch, "committee").values_list("pk", flat=True))
    posts = set(
        PartyMembership.objects.filter(
            party_org=company.branch,
            post__in=[PartyPost.SECRETARY, PartyPost.DEPUTY_SECRETARY, PartyPost.COMMITTEE_MEMBER],
        ).values_list("person_id", flat=True)
    )
    assert expected == posts and life.shuji.pk in expected
    assert life.dangyuan.pk not in expected


def test_a_group_meeting_expects_the_group(life):
    expected = set(services.expected_people(life.group, "group").values_list("pk", flat=True))
    assert life.dangyuan.pk in expected
    assert expected == set(PartyMembership.objects.filter(party_org=life.group).values_list("person_id", flat=True))


def test_a_meeting_held_in_the_future_is_refused(company):
    shuji = company.users["shuji"]
    tomorrow = timezone.localdate() + timedelta(days=1)
    planned_days = set(Meeting.objects.filter(org=company.branch, kind="committee").values_list("date", flat=True))
    while tomorrow in planned_days:  # the demo plans meetings ahead; pick a future day still free
        tomorrow += timedelta(days=1)
    count = Meeting.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.meeting_create(
            actor=shuji, org=company.branch, kind="committee", title="研究工作", date=tomorrow, held=True
        )
    assert "不能晚于今天" in str(exc.value) and "计划会议" in str(exc.value)
    assert Meeting.objects.count() == count
    planned = services.meeting_create(
        actor=shuji, org=company.branch, kind="committee", title="研究工作", date=tomorrow
    )
    assert planned.status == "planned"
    with pytest.raises(ValidationError, match="不能晚于今天,开会后再记录出勤"):
        services.meeting_record_attendance(actor=shuji, meeting=planned, marks={life_id(company): "present"})


def life_id(company):
    return company.users["shuji"].person.pk


def test_a_duplicate_record_of_the_same_meeting_is_refused_with_a_pointer(life, company):
    existing = life.branch_meeting
    count = Meeting.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.meeting_create(
            actor=company.users["shuji"],
            org=existing.org,
            kind=existing.kind,
            title="重复",
            date=existing.date,
            held=True,
        )
    message = " ".join(exc.value.messages)
    assert "已登记过" in message and str(existing.pk) in message
    assert Meeting.objects.count() == count


def test_hours_out_of_range_are_refused(company):
    day = free_day(company.branch, "lecture")
    with pytest.raises(ValidationError) as exc:
        services.meeting_create(
            actor=company.users["shuji"],
            org=company.branch,
            kind="lecture",
            title="党课",
            date=day,
            class_hours=Decimal("12"),
            held=True,
        )
    assert "会议学时应在 0 到 8 之间" in " ".join(exc.value.messages)
    with pytest.raises(ValidationError, match="学时应在 0.5 到 200 之间"):
        services.training_create(
            actor=company.users["shuji"],
            person=Person.objects.get(user__username="dangyuan"),
            title="网课",
            date=_yesterday(),
            hours="-3",
        )
    with pytest.raises(ValidationError, match="不是有效的数字"):
        parse_hours("三小时")


def test_a_secretary_cannot_record_for_another_branch(company):
    with pytest.raises(ValidationError, match="只能为您负责的党组织登记会议"):
        services.meeting_create(
            actor=company.users["shuji"], org=company.other_branch, kind="committee", title="越权", date=_yesterday()
        )


def test_pasted_minutes_are_sanitised_and_keep_their_text(life, company):
    html = '<p style="color:red" onclick="steal()">会议<b>传达</b>了精神</p><script>alert(1)</script><a href="//example.invalid/x">链接文字</a>'
    meeting = services.meeting_record_minutes(actor=company.users["shuji"], meeting=life.branch_meeting, minutes=html)
    assert meeting.minutes.startswith("<p>会议<b>传达</b>了精神</p>")
    assert "script" not in meeting.minutes and "onclick" not in meeting.minutes and "style" not in meeting.minutes
    assert "链接文字" in meeting.minutes and "href" not in meeting.minutes
    assert sanitise_minutes("第一条\n第二条 <3") == "<p>第一条</p><p>第二条 &lt;3</p>"


def test_attendance_credits_hours_and_a_guest_is_flagged(company, life):
    shuji = company.users["shuji"]
    day = free_day(company.branch, "committee")
    before = person_hours(person_id=life.dangyuan.pk, year=day.year).meetings
    meeting = services.meeting_create(
        actor=shuji, org=company.branch, kind="committee", title="研究本月工作", date=day, class_hours=Decimal("1.5")
    )
    result = services.meeting_record_attendance(
        actor=shuji, meeting=meeting, marks={life.shuji.pk: "present", life.dangyuan.pk: "late"}
    )
    assert result["guests"] == 1
    meeting.refresh_from_db()
    assert meeting.status == "held"  # a planned meeting whose day has come is held once attendance is in
    guest = Attendance.objects.get(meeting=meeting, person=life.dangyuan)
    assert guest.is_guest and not Attendance.objects.get(meeting=meeting, person=life.shuji).is_guest
    assert person_hours(person_id=life.dangyuan.pk, year=day.year).meetings == before + Decimal("1.5")
    # Derived, not copied: correcting the meeting's hours corrects everyone's total.
    services.meeting_update(actor=shuji, meeting=meeting, data={"class_hours": Decimal("2")})
    assert person_hours(person_id=life.dangyuan.pk, year=day.year).meetings == before + Decimal("2")
    # Marked absent afterwards: no hours.
    services.meeting_record_attendance(actor=shuji, meeting=meeting, marks={life.dangyuan.pk: "absent"})
    assert person_hours(person_id=life.dangyuan.pk, year=day.year).meetings == before
    assert AuditEvent.objects.filter(action="meeting.attendance", object_id=str(meeting.pk)).count() == 2


def test_a_bad_attendance_status_changes_nothing(company, life):
    meeting = life.branch_meeting
    rows = list(Attendance.objects.filter(meeting=meeting).values_list("person_id", "status"))
    with pytest.raises(ValidationError, match="出勤状态“迟到早退”无效"):
        services.meeting_record_attendance(
            actor=company.users["shuji"],
            meeting=meeting,
            marks={life.shuji.pk: "present", life.dangyuan.pk: "迟到早退"},
        )
    assert list(Attendance.objects.filter(meeting=meeting).values_list("person_id", "status")) == rows


def test_training_adds_to_meeting_hours_and_duplicates_are_refused(company, life):
    year = _yesterday().year
    before = person_hours(person_id=life.dangyuan.pk, year=year)
    services.training_create(
        actor=company.users["shuji"], person=life.dangyuan, title="网上党校专题", date=_yesterday(), hours="3.5"
    )
    after = person_hours(person_id=life.dangyuan.pk, year=year)
    assert after.total == before.total + Decimal("3.5") and after.meetings == before.meetings
    with pytest.raises(ValidationError, match="请勿重复登记"):
        services.training_create(
            actor=company.users["shuji"], person=life.dangyuan, title="网上党校专题", date=_yesterday(), hours="3.5"
        )
    assert TrainingRecord.objects.filter(person=life.dangyuan, title="网上党校专题").count() == 1


def test_a_review_replaces_the_months_review_and_needs_a_member(company, life):
    shuji = company.users["shuji"]
    month = date(_yesterday().year, _yesterday().month, 1)
    grades = {g.code: g for g in ReviewGrade.objects.all()}
    services.review_record(
        actor=shuji, person=life.dangyuan, org=company.branch, month=month, grade=grades["praise"], comment="带头攻关"
    )
    services.review_record(
        actor=shuji, person=life.dangyuan, org=company.branch, month=month, grade=grades["remind"], comment="补课"
    )
    review = Review.objects.get(person=life.dangyuan, org=company.branch, month=month)
    assert (review.grade.code, review.comment) == ("remind", "补课")
    zhigong = company.users["zhigong"].person
    with pytest.raises(ValidationError, match="不是 .* 的党员"):
        services.review_record(actor=shuji, person=zhigong, org=company.branch, month=month, grade=grades["affirm"])


def test_field_days_are_for_cadres_once_per_half_day(company, life):
    shuji = company.users["shuji"]
    day = free_field_day(life.shuji)
    entry = services.field_day_create(actor=shuji, person=life.shuji, date=day, half="am", place="轧管作业区")
    assert entry.pk
    with pytest.raises(ValidationError, match="已经登记过"):
        services.field_day_create(actor=shuji, person=life.shuji, date=day, half="am", place="轧管作业区")
    with pytest.raises(ValidationError, match="不是科级及以上干部"):
        services.field_day_create(actor=shuji, person=life.dangyuan, date=day, half="pm", place="现场")


def test_only_the_office_changes_the_rules(company, life):
    with pytest.raises(ScopeError):
        services.rule_update(actor=company.users["shuji"], rule=life.general_rule, data={"minimum": 2})
    rule = services.rule_update(actor=company.users["dangwei"], rule=life.general_rule, data={"minimum": 2})
    assert ComplianceRule.objects.get(pk=rule.pk).minimum == 2
    with pytest.raises(ValidationError, match="最少次数至少为 1"):
        services.rule_update(actor=company.users["dangwei"], rule=rule, data={"minimum": 0})


def test_facts_dated_after_today_are_refused_and_change_nothing(company, life):
    """Hours trained, a day on site, the minutes and attendance of a meeting not yet held: refused, nothing written."""
    from vanguard.core.testing import database_fingerprint, fingerprint_changes

    shuji = company.users["shuji"]
    tomorrow = timezone.localdate() + timedelta(days=1)
    # A meeting planned ahead stays allowed: it is a plan, not a fact.
    day = tomorrow
    while Meeting.objects.filter(org=company.branch, kind="committee", date=day).exists():
        day += timedelta(days=1)
    planned = services.meeting_create(actor=shuji, org=company.branch, kind="committee", title="研究工作", date=day)
    before = database_fingerprint()
    refusals = [
        (
            lambda: services.training_create(
                actor=shuji, person=life.dangyuan, title="网络学习", date=tomorrow, hours="2"
            ),
            f"培训日期 {tomorrow:%Y-%m-%d} 不能晚于今天,请在培训结束后登记。",
        ),
        (
            lambda: services.field_day_create(
                actor=shuji, person=life.shuji, date=tomorrow, half="am", place="轧管作业区"
            ),
            f"深入现场日期 {tomorrow:%Y-%m-%d} 不能晚于今天,请在到现场后登记。",
        ),
        (
            lambda: services.meeting_record_minutes(actor=shuji, meeting=planned, minutes="<p>研究了工作</p>"),
            f"会议日期 {day:%Y-%m-%d} 不能晚于今天,开会后再记录会议内容。",
        ),
        (
            lambda: services.meeting_record_attendance(actor=shuji, meeting=planned, marks={life.shuji.pk: "present"}),
            f"会议日期 {day:%Y-%m-%d} 不能晚于今天,开会后再记录出勤。",
        ),
    ]
    for write, message in refusals:
        with pytest.raises(ValidationError) as exc:
            write()
        assert exc.value.messages == [message]
    assert fingerprint_changes(before, database_fingerprint()) == []


def test_reviews_written_in_bulk_read_back_as_written_with_their_trail(company):
    """The bulk path inserts plain tuples: the month, grade, evidence and timestamps read back as the form's do."""
    member = company.users["dangyuan"].person
    org = member.membership.party_org
    month = date(2019, 3, 1)  # a month the demo does not review
    grade = ReviewGrade.objects.get(code="praise")
    review = Review(person=member, org=org, month=month, grade=grade, comment="带头攻关",
                    evidence=[{"object_type": "projects.project", "object_id": 1, "label": "攻关"}])  # fmt: skip
    before = timezone.now()
    assert services.review_bulk_create(actor=company.users["dangwei"], reviews=[review]) == 1
    saved = Review.objects.get(person=member, org=org, month=month)
    assert (saved.grade, saved.comment, saved.version) == (grade, "带头攻关", 1)
    assert saved.evidence == [{"object_type": "projects.project", "object_id": 1, "label": "攻关"}]
    assert before - timedelta(seconds=1) <= saved.created_at <= timezone.now()
    assert AuditEvent.objects.filter(action="review.import", object_id=f"{org.pk}:2019-03").exists()
