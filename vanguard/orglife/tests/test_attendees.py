"""A held meeting keeps its people: those expected are the members of the meeting's day (transfer history),
written down when attendance is recorded; later transfers and imports change neither its page nor its Word
record."""

import io
import re
from datetime import timedelta

import pytest
from django.utils import timezone
from docx import Document

from vanguard.org import services as org_services
from vanguard.org.models import PartyMembership
from vanguard.orglife import services
from vanguard.orglife.models import Attendance

from .conftest import free_day

pytestmark = pytest.mark.django_db


def _branch_member(company, org, exclude=()):
    """A plain member (no committee post) of ``org``'s subtree."""
    return (
        PartyMembership.objects.filter(party_org__path__startswith=org.path, post="member", person__is_active=True)
        .exclude(person__user__username__in=["shuji", "dangyuan", *exclude])
        .select_related("person", "party_org")
        .order_by("person__employee_no")
        .first()
    )


def _transfer(company, membership, to_org, on):
    org_services.membership_set(
        actor=company.users["admin"], person=membership.person, party_org=to_org, status=membership.status,
        joined_on=membership.joined_on, regularised_on=membership.regularised_on, moved_on=on,
    )  # fmt: skip


def _page_people(client, meeting):
    page = client.get(f"/orglife/meetings/{meeting.pk}/").content.decode()
    rows = re.findall(r'data-testid="attendance-row">\s*<td>([^<]+?)(?: <span[^>]*>列席</span>)?</td>', page)
    guests = re.findall(r'data-testid="attendance-row">\s*<td>([^<]+?) <span[^>]*>列席</span>', page)
    return sorted(rows), sorted(guests)


def _word(client, meeting):
    response = client.get(f"/orglife/meetings/{meeting.pk}/word/")
    document = Document(io.BytesIO(response.content))
    return {row.cells[0].text: row.cells[1].text for row in document.tables[0].rows}


def test_a_recorded_meeting_keeps_its_attendees_after_transfers(client_as, company):
    shuji = company.users["shuji"]
    day = free_day(company.branch, "general")
    meeting = services.meeting_create(
        actor=shuji, org=company.branch, kind="general", title="学习传达上级精神", date=day, held=True
    )
    expected = list(services.expected_people(meeting))
    services.meeting_record_attendance(actor=shuji, meeting=meeting, marks={p.pk: "present" for p in expected})
    client = client_as("shuji")
    page_before, word_before = _page_people(client, meeting), _word(client, meeting)
    assert page_before[0] == sorted(p.name for p in expected) and page_before[1] == []

    leaving = _branch_member(company, company.branch)
    coming = _branch_member(company, company.other_branch)
    today = timezone.localdate()
    _transfer(company, leaving, company.other_branch, today)
    _transfer(company, coming, company.branch, today)

    assert _page_people(client, meeting) == page_before  # the same people, nobody turned guest
    word = _word(client, meeting)
    assert word == word_before
    assert leaving.person.name in word["出席人员"] and coming.person.name not in word["出席人员"] + word["列席人员"]
    assert word["应到人数"] == f"{len(expected)} 人"


def test_a_meeting_not_recorded_yet_expects_who_belonged_on_its_day(company):
    shuji = company.users["shuji"]
    day = free_day(company.branch, "general", before=timezone.localdate() - timedelta(days=3))
    meeting = services.meeting_create(actor=shuji, org=company.branch, kind="general", title="季度党员大会", date=day)
    leaving = _branch_member(company, company.branch)
    coming = _branch_member(company, company.other_branch)
    today = timezone.localdate()
    _transfer(company, leaving, company.other_branch, today)
    _transfer(company, coming, company.branch, today)
    # A worker joins the party today and is entered in the roll: not a member on the meeting's day.
    zhigong = company.users["zhigong"].person
    org_services.membership_set(
        actor=company.users["admin"], person=zhigong, party_org=company.branch, status="probationary", joined_on=today
    )

    expected = set(services.expected_people(meeting).values_list("pk", flat=True))
    assert leaving.person.pk in expected
    assert coming.person.pk not in expected and zhigong.pk not in expected
    today_expected = set(services.expected_people(company.branch, "general").values_list("pk", flat=True))
    assert {coming.person.pk, zhigong.pk} <= today_expected and leaving.person.pk not in today_expected

    # Recorded afterwards: the one who left is expected, the newcomer marked at it sits in as a guest.
    result = services.meeting_record_attendance(
        actor=shuji, meeting=meeting, marks={leaving.person.pk: "present", coming.person.pk: "present"}
    )
    assert result["guests"] == 1
    assert Attendance.objects.get(meeting=meeting, person=coming.person).is_guest
    assert not Attendance.objects.get(meeting=meeting, person=leaving.person).is_guest


def test_the_first_record_writes_down_everyone_expected(client_as, company):
    shuji = company.users["shuji"]
    day = free_day(company.branch, "lecture")
    meeting = services.meeting_create(actor=shuji, org=company.branch, kind="lecture", title="书记讲党课", date=day)
    expected = set(services.expected_people(meeting).values_list("pk", flat=True))
    assert len(expected) >= 2
    one = company.users["shuji"].person.pk
    services.meeting_record_attendance(actor=shuji, meeting=meeting, marks={one: "present"})
    rows = dict(Attendance.objects.filter(meeting=meeting).values_list("person_id", "status"))
    assert set(rows) == expected
    assert rows[one] == "present" and {s for pid, s in rows.items() if pid != one} == {"unmarked"}
    page = client_as("shuji").get(f"/orglife/meetings/{meeting.pk}/").content.decode()
    assert f"共 {len(expected)} 人" in page and "未记录" in page
    # The phone form offers the six marks, not 未记录, and starts the unmarked at 出席.
    form = client_as("shuji").get(f"/orglife/meetings/{meeting.pk}/attendance/").content.decode()
    assert 'value="unmarked"' not in form
