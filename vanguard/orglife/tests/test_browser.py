"""In a real browser: the secretary records a 支委会 on a phone and the member sees the hours; the office
sees the branch that skipped a quarter's 党员大会 in red."""

from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from vanguard.core.tests.browser import DESKTOP, PHONE, login
from vanguard.org.demo import company_handles
from vanguard.orglife.models import Attendance, ComplianceRule, Meeting
from vanguard.orglife.selectors import person_hours
from vanguard.orglife.templatetags.orglife import hours

from .conftest import free_day

pytestmark = pytest.mark.browser


def test_the_secretary_records_a_committee_meeting_and_the_member_sees_her_hours(open_page):
    company = company_handles()
    dangyuan = company.users["dangyuan"].person
    day = free_day(company.branch, "committee")
    before = person_hours(person_id=dangyuan.pk, year=day.year).meetings

    page = login(open_page(PHONE), "shuji")
    page.goto("/orglife/meetings/new/?kind=committee")
    page.select_option("#id_org", str(company.branch.pk))
    page.fill("#id_title", "研究降本增效攻关措施")
    page.fill("#id_date", day.isoformat())
    page.fill("#id_class_hours", "1.5")
    page.check("#id_held")
    page.click("[data-testid=save]")
    expect(page.locator("[data-testid=attendance-form]")).to_be_visible()
    meeting = Meeting.objects.get(org=company.branch, kind="committee", date=day)

    # The committee is expected; dangyuan sits in as a guest (列席), added by her employee number.
    page.fill("#guest", dangyuan.employee_no)
    page.click("button[name=add_guest]")
    guest_row = page.locator(f"[data-testid=attendance-person][data-person='{dangyuan.name}']")
    expect(guest_row).to_contain_text("列席")
    guest_row.locator("label", has_text="迟").click()
    page.click("[data-testid=save]")
    expect(page.locator("[data-testid=minutes]")).to_be_visible()
    assert Attendance.objects.get(meeting=meeting, person=dangyuan).status == "late"

    member = login(open_page(DESKTOP), "dangyuan")
    member.goto(f"/orglife/my/?year={day.year}")
    expect(member.locator("[data-testid=meeting-hours]")).to_have_text(hours(before + Decimal("1.5")))
    expect(member.locator("[data-testid=year-meeting]").first).to_contain_text("研究降本增效攻关措施")


def test_the_compliance_matrix_shows_the_skipped_quarter_in_red(open_page):
    from vanguard.orglife.demo import build_demo_orglife

    if not Meeting.objects.exists():  # the live-server tables are emptied after each test
        build_demo_orglife("tiny")
    company = company_handles()
    year = timezone.localdate().year - 1
    rule = ComplianceRule.objects.get(subject="general", org_kind="branch")

    page = login(open_page(DESKTOP), "dangwei")
    page.goto(f"/orglife/compliance/?year={year}&rule={rule.pk}")
    cells = page.locator(f"tr[data-org='{company.other_branch.name}'] td[data-status]")
    expect(cells.nth(1)).to_have_attribute("data-status", "missed")
    expect(cells.nth(0)).to_have_attribute("data-status", "ok")
    cells.nth(1).locator("a").click()
    expect(page.locator("#meeting-results")).to_contain_text("没有符合条件的会议")


def test_a_meeting_recorded_before_a_transfer_still_shows_the_same_attendees_afterwards(open_page):
    from vanguard.org import services as org_services
    from vanguard.org.models import PartyMembership

    company = company_handles()
    day = free_day(company.branch, "lecture")
    page = login(open_page(PHONE), "shuji")
    page.goto("/orglife/meetings/new/?kind=lecture")
    page.select_option("#id_org", str(company.branch.pk))
    page.fill("#id_title", "书记讲党课:当好先锋")
    page.fill("#id_date", day.isoformat())
    page.check("#id_held")
    page.click("[data-testid=save]")
    expect(page.locator("[data-testid=attendance-form]")).to_be_visible()
    page.click("[data-testid=save]")  # everyone expected, marked 出席
    rows = page.locator("[data-testid=attendance-row]")
    expect(rows.first).to_be_visible()
    before = sorted(rows.all_inner_texts())
    assert before and not any("列席" in text for text in before)

    # A member leaves for the other branch and one of the other branch comes in, after the meeting.
    def plain_member(org):
        return (
            PartyMembership.objects.filter(party_org__path__startswith=org.path, post="member")
            .exclude(person__user__username__in=["shuji", "dangyuan"])
            .order_by("person__employee_no")
            .first()
        )

    for membership, to_org in ((plain_member(company.branch), company.other_branch),
                               (plain_member(company.other_branch), company.branch)):  # fmt: skip
        org_services.membership_set(
            actor=company.users["admin"], person=membership.person, party_org=to_org, status=membership.status,
            joined_on=membership.joined_on, regularised_on=membership.regularised_on,
        )  # fmt: skip

    page.reload()
    expect(page.locator("[data-testid=attendance-row]")).to_have_count(len(before))
    after = sorted(page.locator("[data-testid=attendance-row]").all_inner_texts())
    # The same people with the same marks; only the org each now belongs to may read differently.
    assert [text.split("\t")[0] for text in after] == [text.split("\t")[0] for text in before]
    assert not any("列席" in text for text in after)
