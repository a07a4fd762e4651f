"""In a real browser: a helper opens the plan on a phone, adds a follow-up review from the shop floor; the
secretary sees the plan on a desktop. Screenshots at 390 and 1366 px wide (``/tmp/support-*.png``)."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from vanguard.core.tests.browser import DESKTOP, PHONE, login
from vanguard.org.demo import company_handles

from ..models import SupportReview
from .support_kit import plan_in_progress

pytestmark = pytest.mark.browser


def test_a_helper_records_a_review_on_a_phone(open_page):
    company = company_handles()
    _round, plan, helpers, finding = plan_in_progress(company)
    phone = login(open_page(PHONE), helpers[1].user.username)
    phone.goto(f"/evaluations/support/{plan.pk}/")
    expect(phone.locator("[data-testid=review-form]")).to_be_visible()
    # The form fits the phone's width: nothing to scroll sideways.
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    phone.screenshot(path="/tmp/support-phone.png", full_page=True)
    phone.fill("#id_change", "主动承担夜班巡检,按时参加主题党日")
    phone.locator("[data-testid=review-form] button").click()
    phone.wait_for_load_state("networkidle")
    expect(phone.locator("[data-testid=review-row]").first).to_contain_text("主动承担夜班巡检")
    review = SupportReview.objects.get(plan=plan, change__startswith="主动承担")
    assert review.held_on == timezone.localdate() and review.reviewer == helpers[1]

    desk = login(open_page(DESKTOP), "shuji")
    desk.goto(f"/evaluations/support/{plan.pk}/")
    expect(desk.locator("[data-testid=finding-row]")).to_contain_text(finding.number)
    expect(desk.locator("[data-testid=helpers]")).to_contain_text(f"{helpers[0].name}(组长)")
    desk.screenshot(path="/tmp/support-desktop.png", full_page=True)
    desk.goto("/evaluations/support/")
    expect(desk.locator("[data-testid=plan-row]", has_text=plan.round.name)).to_have_count(1)  # with the demo's
    desk.screenshot(path="/tmp/support-list.png", full_page=True)
