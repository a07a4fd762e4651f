"""In a real browser at phone width: dangyuan finds the open ballot on the home page, chooses for every member
with the big buttons, confirms, reads the code; the ballot then refuses a second vote. ``BALLOT_SCREENSHOTS``
names a folder to keep the pages at 390 px."""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from vanguard.core.tests.browser import PHONE, login

from .ballot_kit import voting_round

pytestmark = pytest.mark.browser
SHOTS = os.environ.get("BALLOT_SCREENSHOTS", "")


def _shot(page, name):
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def _fits(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_a_member_votes_on_a_phone(open_page):
    from vanguard.org.demo import company_handles

    round_ = voting_round(company_handles())
    phone = login(open_page(PHONE), "dangyuan")
    phone.goto("/")
    phone.locator('[data-key="evaluations.ballots_open"]').click()
    vote = phone.locator(f'[data-testid="vote"][href="/evaluations/ballots/{round_.pk}/"]')  # the demo's is listed too
    expect(vote).to_have_count(1)
    _shot(phone, "mine-390")
    vote.click()
    subjects = phone.locator('[data-testid="subject"]')
    expect(subjects.first).to_be_visible()
    _fits(phone)
    _shot(phone, "ballot-390")
    for index in range(subjects.count()):
        choice = "优秀" if index == 0 else "合格"
        subjects.nth(index).locator("label", has_text=choice).first.click()
    phone.click('[data-testid="review"]')
    rows = phone.locator('[data-testid="confirm-row"]')
    expect(rows.first).to_contain_text("优秀")
    _fits(phone)
    _shot(phone, "confirm-390")
    phone.click('[data-testid="cast"]')
    code = phone.locator('[data-testid="code"]')
    expect(code).to_have_text(re.compile(r"^[A-Z2-9]{10}$"))
    _fits(phone)
    _shot(phone, "code-390")
    phone.goto(f"/evaluations/ballots/{round_.pk}/")
    expect(phone.locator('[data-testid="refusal"]')).to_contain_text("已经投过票")
