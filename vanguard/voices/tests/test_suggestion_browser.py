"""In a real browser at phone width: zhigong submits a suggestion with the camera field, reads it in 我的建议,
banzhang finds it in the queue; each page is captured at 1366 and 390 px (``VOICES_SCREENSHOTS`` names a folder)."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from vanguard.core.tests.browser import DESKTOP, PHONE, login

pytestmark = pytest.mark.browser
SHOTS = os.environ.get("VOICES_SCREENSHOTS", "")


def _shot(page, name):
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def test_zhigong_submits_on_a_phone_and_banzhang_reviews(open_page):
    phone = login(open_page(PHONE), "zhigong")
    phone.goto("/voices/suggestions/new/")
    expect(phone.locator('input[type=file][capture="environment"]')).to_be_visible()
    _shot(phone, "submit-390")
    phone.fill("#id_title", "空压机管路查漏")
    phone.fill("#id_content", "空压站到各跨的管路多处漏气,建议每周用超声波检漏仪巡检并挂牌消漏。")
    phone.locator("label.form-selectgroup-item", has_text="降本").click()
    phone.fill("#id_expected_benefit", "80000")
    phone.click('[data-testid="submit"]')
    expect(phone.locator('[data-testid="deadline"]')).to_be_visible()
    _shot(phone, "detail-390")
    phone.goto("/voices/suggestions/mine/")
    expect(phone.locator('[data-testid="my-suggestion"]').first).to_contain_text("空压机管路查漏")
    _shot(phone, "mine-390")

    desk = login(open_page(DESKTOP), "banzhang")
    desk.goto("/voices/suggestions/queue/")
    expect(desk.locator('[data-testid="suggestion-row"]').first).to_be_visible()
    _shot(desk, "queue-1366")
    desk.get_by_role("link", name="空压机管路查漏").first.click()
    _shot(desk, "detail-1366")
    desk.locator("label.form-selectgroup-item", has_text="单位初审通过").click()
    desk.click('[data-testid="do-unit_review"]')
    expect(desk.locator('[data-testid="history"]')).to_contain_text("单位初审通过")


@pytest.mark.skipif(not SHOTS, reason="screenshots only when VOICES_SCREENSHOTS names a folder")
def test_screenshots_of_every_page(open_page):
    for viewport, width in ((DESKTOP, 1366), (PHONE, 390)):
        page = login(open_page(viewport), "dangwei")
        for name, url in (
            ("submit", "/voices/suggestions/new/"), ("mine", "/voices/suggestions/mine/"),
            ("queue", "/voices/suggestions/queue/"), ("ledger", "/voices/suggestions/"),
        ):  # fmt: skip
            page.goto(url)
            _shot(page, f"{name}-{width}")
        page.goto("/voices/suggestions/?status=rewarded")
        page.locator('[data-testid="suggestion-row"] a').first.click()
        _shot(page, f"detail-rewarded-{width}")
