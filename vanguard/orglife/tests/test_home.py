"""What organisational life puts on the home page: each count is the rows of the list its link opens;
member rules (学时) only for party members."""

import re
from decimal import Decimal

from django.utils import timezone

from vanguard.core.testing import home_items, page_queries
from vanguard.orglife import services
from vanguard.orglife.choices import AttendanceStatus, MeetingKind

from .conftest import free_day


def meeting_rows(client, url):
    return client.get(url).content.decode().count('data-testid="meeting-row"')


def plan_past_meetings(company, n):
    """``n`` branch-committee meetings of shuji's branch dated in the past and still only planned."""
    made = []
    for i in range(n):
        day = free_day(company.branch, MeetingKind.COMMITTEE)  # the day of the one made before is taken now
        made.append(
            services.meeting_create(
                actor=company.users["shuji"],
                org=company.branch,
                kind=MeetingKind.COMMITTEE,
                title=f"待登记{i}",
                date=day,
            )
        )
    return made


def test_meetings_past_their_day_without_attendance_open_the_ledger_with_them(client_as, company):
    client = client_as("shuji")
    before = int(home_items(client).get("orglife.attendance", ("0", ""))[0])
    meeting = plan_past_meetings(company, 1)[0]
    count, url = home_items(client)["orglife.attendance"]
    assert int(count) == before + 1
    assert meeting_rows(client, url) == int(count)
    assert meeting.title in client.get(url).content.decode()


def test_recording_attendance_moves_a_meeting_from_attendance_to_minutes(client_as, company):
    client = client_as("shuji")
    meeting = plan_past_meetings(company, 1)[0]
    items = home_items(client)
    attendance, minutes = int(items["orglife.attendance"][0]), int(items.get("orglife.minutes", ("0", ""))[0])
    services.meeting_record_attendance(
        actor=company.users["shuji"],
        meeting=meeting,
        marks={company.users["dangyuan"].person.pk: AttendanceStatus.PRESENT},
    )
    items = home_items(client)
    assert int(items.get("orglife.attendance", ("0", ""))[0]) == attendance - 1
    count, url = items["orglife.minutes"]
    assert int(count) == minutes + 1
    assert meeting_rows(client, url) == int(count)
    assert meeting.title in client.get(url).content.decode()


def test_the_home_page_costs_the_same_with_more_meetings_to_record(client_as, company):
    client = client_as("shuji")
    page_queries(client, "/")
    before, _ = page_queries(client, "/")
    plan_past_meetings(company, 4)
    after, _ = page_queries(client, "/")
    assert after == before


def test_rules_falling_due_open_the_compliance_list_of_them(client_as):
    client = client_as("shuji")
    count, url = home_items(client)["orglife.compliance"]
    assert url.startswith("/orglife/compliance/?days=")
    page = client.get(url).content.decode()
    due = page[page.index('data-testid="due-this-week"') :]
    assert f"天内到期({count})" in due
    assert due.count('class="list-group-item list-group-item-action" href="/orglife/meetings/?') == int(count)


def test_members_short_of_hours_open_the_hours_page_with_them(client_as):
    client = client_as("shuji")
    count, url = home_items(client)["orglife.hours"]
    assert url == "/orglife/hours/"
    assert client.get(url).content.decode().count('data-testid="hours-row"') == int(count)


def test_a_member_sees_her_own_shortfall_and_it_shrinks_with_training(client_as, company):
    client = client_as("dangyuan")
    short, url = home_items(client)["orglife.my_hours"]
    assert url == "/orglife/my/"
    year = client.get(url).content.decode()
    assert re.search(rf"还差 <strong[^>]*>{re.escape(short)}</strong> 学时", year)
    services.training_create(
        actor=company.users["shuji"], person=company.users["dangyuan"].person, title="网上党课",
        date=timezone.localdate(), hours="2",
    )  # fmt: skip
    assert Decimal(home_items(client)["orglife.my_hours"][0]) == Decimal(short) - 2


def test_a_worker_is_shown_no_rule_for_members_and_no_meeting_to_record(client_as):
    page = client_as("zhigong").get("/").content.decode()
    assert not [key for key in home_items(client_as("zhigong")) if key.startswith("orglife.")]
    assert "学时" not in page and "出勤" not in page
