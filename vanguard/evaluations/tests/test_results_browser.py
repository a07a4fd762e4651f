"""In a real browser: an evaluator rates on a phone (a row saved in place, a score out of the scale refused),
the secretary computes, calibrates and publishes, and a member reads their own result and why on a phone.
Screenshots at 1366 and 390 px wide."""

import os

import pytest
from playwright.sync_api import expect

from vanguard.core.tests.browser import DESKTOP, PHONE, login
from vanguard.org.demo import company_handles

from ..choices import EvaluatorKind, Method, RoundStatus
from ..models import Rating, RoundResult
from . import results_kit as kit
from .kit import appraisal_round

pytestmark = pytest.mark.browser
SHOTS = os.environ.get("VANGUARD_SCREENSHOTS", "")


def _shot(page, name):
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def test_rate_on_a_phone_then_compute_calibrate_publish_and_read_my_result(open_page):
    c = company_handles()
    scheme = kit.scheme(groups={EvaluatorKind.PEER: 100})
    kit.criterion(scheme, "work", 100, Method.RATING, scale_max=10)
    scoring = appraisal_round(c, scheme=scheme, status=RoundStatus.SCORING)
    kit.rater(scoring, c.users["dangyuan"].person, EvaluatorKind.PEER)
    voting = appraisal_round(c)
    subjects = list(voting.subjects.order_by("pk"))
    kit.mark_voted(voting, len(subjects))
    kit.cast(voting, {s: ["excellent", "qualified", "qualified"][: 1 + i % 3] for i, s in enumerate(subjects)})

    phone = login(open_page(PHONE), "dangyuan")
    phone.goto("/evaluations/ratings/")
    phone.click("[data-testid=rating-task]")
    row = phone.locator("[data-testid=rating-row]").first
    row.locator("[data-testid=score]").fill("12")
    row.locator("[data-testid=save-row]").click()
    expect(phone.locator("[data-testid=row-error]").first).to_contain_text("超出范围")
    row = phone.locator("[data-testid=rating-row]").first
    row.locator("[data-testid=score]").fill("9")
    row.locator("[data-testid=save-row]").click()
    expect(phone.locator("[data-testid=saved]").first).to_be_visible()
    _shot(phone, "rating-grid-390")
    assert Rating.objects.filter(round=scoring).count() == 1

    desk = login(open_page(DESKTOP), "shuji")
    from vanguard.evaluations.services.results import round_compute

    round_compute(actor=c.users["shuji"], round_=voting)
    desk.goto(f"/evaluations/rounds/{voting.pk}/results/")
    expect(desk.locator("[data-testid=grade-counts]")).to_contain_text("名额")
    _shot(desk, "results-1366")
    desk.goto(f"/evaluations/rounds/{voting.pk}/calibration/")
    expect(desk.locator("[data-testid=calibration-unit]").first).to_be_visible()
    _shot(desk, "calibration-1366")
    from vanguard.evaluations.services.results import round_publish

    round_publish(actor=c.users["shuji"], round_=voting)

    phone.goto("/evaluations/results/mine/")
    phone.click("[data-testid=my-result]")
    expect(phone.locator("[data-testid=tally]")).to_contain_text("票")
    _shot(phone, "my-result-390")
    assert RoundResult.objects.filter(round=voting).count() == len(subjects)
