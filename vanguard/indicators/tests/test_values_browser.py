"""In a real browser, on a phone: the team leader enters last month's values of his team and the board shows
them against target with their trend; a wrong figure is shown next to its field. The unit board at 1366 px."""

import pytest
from playwright.sync_api import expect

from vanguard.core.tests.browser import DESKTOP, PHONE, login
from vanguard.indicators.models import IndicatorValue
from vanguard.org.demo import company_handles

pytestmark = pytest.mark.browser
LAST = 2026 * 12 + 4


def test_the_team_leader_enters_his_month_on_a_phone_and_sees_his_board(open_page):
    team = company_handles().team
    IndicatorValue.objects.filter(unit=team, month=LAST).delete()
    page = login(open_page(PHONE), "banzhang")
    page.goto("/indicators/entry/")
    page.fill("#id_output", "十吨")
    page.fill("#id_safety-violations", "0")
    page.click("[data-testid=entry-form] button[type=submit]")
    expect(page.locator(".invalid-feedback")).to_contain_text("不是数字")
    page.fill("#id_output", "1250.5")
    page.click("[data-testid=entry-form] button[type=submit]")
    card = page.locator("[data-testid=indicator-card][data-code=output]")
    expect(card.locator("[data-testid=figure]")).to_contain_text("1250.5")
    expect(card.locator("[data-testid=flag]")).to_be_visible()
    expect(card.locator(".vg-chart canvas, .vg-chart svg").first).to_be_attached()
    assert IndicatorValue.objects.get(unit=team, month=LAST, indicator__code="output").value == 1250.5


def test_the_office_drills_down_from_the_company_to_a_team(open_page):
    page = login(open_page(DESKTOP), "dangwei")
    page.goto("/indicators/")
    expect(page.locator("[data-testid=child-row]").first).to_be_visible()
    with page.expect_navigation():
        page.locator("[data-testid=child-row] a", has_text="轧管厂").click()
    expect(page.locator("[data-testid=up]")).to_be_visible()
    for _ in range(5):  # plant → work area → process → team
        links = page.locator("[data-testid=child-row] a")
        if not links.count():
            break
        with page.expect_navigation():
            links.first.click()
    expect(page.locator("[data-testid=indicator-card]")).to_have_count(8)
    expect(page.locator("[data-testid=pledge-row], [data-testid=indicator-card]").first).to_be_visible()
