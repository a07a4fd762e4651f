"""In a real browser on a phone: the home page shows a worker only what is for him."""

import pytest
from playwright.sync_api import expect

from vanguard.core.tests.browser import PHONE, login
from vanguard.org.models import Person

pytestmark = pytest.mark.browser


def test_a_worker_s_home_on_a_phone_has_nothing_of_members_or_meetings(open_page):
    page = login(open_page(viewport=PHONE), "zhigong")
    due = page.locator("[data-testid=due-list]")
    # Only the findings his team rectifies (the demo raises some against it).
    expect(due).to_contain_text("我负责整改")
    body = page.locator(".page-body")
    for word in ("学时", "出勤", "会议记录", "支部党员大会"):
        expect(body).not_to_contain_text(word)
    # What he can do instead, in reach of a thumb, without horizontal scrolling.
    links = page.locator("[data-testid=quick-links] a")
    expect(links.first).to_be_visible()
    assert links.first.bounding_box()["height"] >= 40
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.locator("[data-testid=quick-links] a", has_text="我的档案").click()
    me = Person.objects.get(user__username="zhigong")
    page.wait_for_url(f"**/org/people/{me.pk}/")
    expect(page.locator(".page-body")).to_contain_text(me.employee_no)
