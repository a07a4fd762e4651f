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


# ---------------------------------------------------------------- who each kind expects


@pytest.mark.parametrize("kind", ["general", "lecture", "theme_day", "life", "briefing", "other"])
def test_a_members_meeting_expects_the_members_of_the_org_and_below(company, kind):
    expected = set(services.expected_people(company.branch, kind).values_list("pk", flat=True))
    members = PartyMembership.objects.filter(party_org__path__startswith=company.branch.path, person__is_active=True)
    assert expected == set(members.values_list("person_id", flat=True)) and expected


def _committee():
    from vanguard.org.models import PartyOrg

    return PartyOrg.objects.filter(kind="committee").order_by("path").first()


def test_a_central_study_expects_the_central_group_kept_by_the_office(company):
    from vanguard.orglife.models import CentralGroupMember

    committee = _committee()
    listed = set(
        CentralGroupMember.objects.filter(org=committee, left_on__isnull=True).values_list("person", flat=True)
    )
    assert len(listed) >= 2  # the demo keeps the list
    assert set(services.expected_people(committee, "central_study").values_list("pk", flat=True)) == listed

    newcomer = company.users["dangyuan"].person
    office = company.users["dangwei"]
    yesterday = timezone.localdate() - timedelta(days=1)
    member = services.central_group_add(actor=office, org=committee, person=newcomer, joined_on=yesterday)
    assert newcomer.pk in set(services.expected_people(committee, "central_study").values_list("pk", flat=True))
    leaving = CentralGroupMember.objects.filter(org=committee, left_on__isnull=True).exclude(pk=member.pk).first()
    services.central_group_leave(actor=office, member=leaving)
    today = set(services.expected_people(committee, "central_study").values_list("pk", flat=True))
    before = set(services.expected_people(committee, "central_study", on=yesterday).values_list("pk", flat=True))
    assert leaving.person_id not in today and leaving.person_id in before  # a meeting of yesterday keeps him


def test_a_forum_expects_the_star_team_leaders_not_every_member(company):
    from vanguard.orglife.models import StarTeamLeader

    committee = _committee()
    stars = set(StarTeamLeader.objects.filter(revoked_on__isnull=True).values_list("person", flat=True))
    expected = set(services.expected_people(committee, "forum").values_list("pk", flat=True))
    assert expected == stars and 0 < len(expected) < PartyMembership.objects.count()
    # A branch's forum expects the star team leaders of the units it covers only.
    in_branch = set(services.expected_people(company.branch, "forum").values_list("pk", flat=True))
    assert in_branch <= stars
    title = StarTeamLeader.objects.filter(person__pk__in=in_branch or stars).first()
    services.star_title_revoke(actor=company.users["dangwei"], title=title)
    assert title.person_id not in set(services.expected_people(committee, "forum").values_list("pk", flat=True))


def test_a_star_team_leader_need_not_be_a_member(company):
    from vanguard.org.models import Person
    from vanguard.orglife.models import StarTeamLeader

    leader = (
        Person.objects.filter(cadre_level="team_leader", is_active=True, star_titles__isnull=True)
        .order_by("employee_no")
        .first()
    )
    services.star_title_award(actor=company.users["dangwei"], person=leader)
    assert leader.pk in set(services.expected_people(_committee(), "forum").values_list("pk", flat=True))
    assert StarTeamLeader.objects.filter(person=leader, revoked_on__isnull=True).count() == 1


def test_only_team_leaders_are_named_and_only_the_office_keeps_the_group(company):
    from django.core.exceptions import ValidationError

    from vanguard.core.exceptions import ScopeError
    from vanguard.core.models import AuditEvent
    from vanguard.orglife.models import CentralGroupMember, StarTeamLeader

    events, stars, group = (
        AuditEvent.objects.count(),
        StarTeamLeader.objects.count(),
        CentralGroupMember.objects.count(),
    )
    with pytest.raises(ValidationError, match="不是班组长"):
        services.star_title_award(actor=company.users["dangwei"], person=company.users["zhigong"].person)
    with pytest.raises(ScopeError):
        services.central_group_add(actor=company.users["shuji"], org=_committee(), person=company.users["shuji"].person)
    with pytest.raises(ValidationError, match="不是党委"):
        services.central_group_add(
            actor=company.users["dangwei"], org=company.branch, person=company.users["shuji"].person
        )
    assert (AuditEvent.objects.count(), StarTeamLeader.objects.count(), CentralGroupMember.objects.count()) == (
        events,
        stars,
        group,
    )


def test_the_meeting_page_says_whom_a_kind_expects(client_as, company):
    from vanguard.orglife.attendees import CENTRAL_GROUP, STAR_TEAM_LEADERS
    from vanguard.orglife.models import Meeting

    client = client_as("dangwei")
    for kind, expected in (("central_study", CENTRAL_GROUP), ("forum", STAR_TEAM_LEADERS)):
        meeting = Meeting.objects.filter(org=_committee(), kind=kind).first()
        page = client.get(f"/orglife/meetings/{meeting.pk}/").content.decode()
        assert f"应到人员:{expected.label}" in page and "上级组织可见" not in page
        assert page.count('data-testid="attendance-row"') == meeting.attendances.count() > 0


def test_the_office_keeps_the_lists_on_their_page(client_as, company):
    from vanguard.orglife.models import CentralGroupMember

    client = client_as("dangwei")
    committee = _committee()
    person = company.users["dangyuan"].person
    response = client.post(
        f"/orglife/attendee-lists/?org={committee.pk}",
        {"action": "central", "person": person.employee_no, "role": "member", "joined_on": timezone.localdate()},
    )
    assert response.status_code == 302
    assert CentralGroupMember.objects.filter(org=committee, person=person, left_on__isnull=True).exists()
    page = client.get(f"/orglife/attendee-lists/?org={committee.pk}").content.decode()
    assert person.name in page and "明星班组长" in page
    assert "中心组与明星班组长" not in _menu_of(client_as("shuji"))


def _menu_of(client):
    return client.get("/org/me/", follow=True).content.decode().split('aria-label="主导航"', 1)[1].split("</aside>")[0]
