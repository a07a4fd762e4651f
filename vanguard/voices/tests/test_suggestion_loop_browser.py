"""The whole loop in a real browser: zhigong, on a phone, is shown a suggestion like his before he submits his own;
it is reviewed, adopted and implemented, linked to a campaign target, and its verified benefit moves that
target once; then it is rewarded. (Visits and findings: ``test_findings_browser.py``.)"""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from vanguard.campaigns.models import Target
from vanguard.core.tests.browser import DESKTOP, PHONE, login
from vanguard.voices.choices import SuggestionStatus
from vanguard.voices.models import Suggestion

pytestmark = pytest.mark.browser


def _step(page, action, fill=None, choose=None):
    form = page.locator(f'[data-testid="form-{action}"]')
    if choose:
        form.locator("label.form-selectgroup-item", has_text=choose).click()
    for name, value in (fill or {}).items():
        form.locator(f'[name="{name}"]').fill(value)
    form.locator(f'[data-testid="do-{action}"]').click()
    page.wait_for_load_state("networkidle")


def test_a_suggestion_from_a_phone_to_a_target_and_a_reward(open_page, company):
    zhigong = company.users["zhigong"].person
    plant = zhigong.unit.path[:4]
    known = (
        Suggestion.objects.filter(unit__path__startswith=plant)
        .exclude(status__in=(SuggestionStatus.DUPLICATE, SuggestionStatus.REJECTED))
        .order_by("id")
        .first()
    )
    phone = login(open_page(PHONE), "zhigong")
    phone.goto("/voices/suggestions/new/")
    phone.fill("#id_title", known.title)
    phone.fill("#id_content", known.content)
    similar = phone.locator('[data-testid="similar-suggestion"]').first
    expect(similar).to_contain_text(known.title)  # shown before he submits
    phone.fill("#id_title", "空压机管路查漏")
    phone.fill("#id_content", "空压站到各跨的管路多处漏气,建议每周用超声波检漏仪巡检并挂牌消漏。")
    phone.locator("label.form-selectgroup-item", has_text="降本").click()
    phone.fill("#id_expected_benefit", "80000")
    phone.click('[data-testid="submit"]')
    expect(phone.locator('[data-testid="deadline"]')).to_be_visible()
    mine = Suggestion.objects.get(proposer=zhigong, title="空压机管路查漏")
    url = f"/voices/suggestions/{mine.pk}/"

    banzhang = login(open_page(DESKTOP), "banzhang")
    banzhang.goto(url)
    _step(banzhang, "unit_review", choose="单位初审通过")
    gonghui = login(open_page(DESKTOP), "gonghui")
    gonghui.goto(url)
    _step(gonghui, "expert_review", choose="推荐实施")
    banzhang.goto(url)
    _step(banzhang, "implement", fill={"implementation_cost": "20000"})
    assert Suggestion.objects.get(pk=mine.pk).status == SuggestionStatus.IMPLEMENTED

    office = login(open_page(DESKTOP), "dangwei")
    office.goto(url)
    office.locator('[data-testid="link-target-form"] select').select_option(index=1)
    office.click('[data-testid="link-target"]')
    link = office.locator('[data-testid="suggestion-target"]')
    expect(link).to_contain_text("核定后计入")
    linked = _linked_target(mine)
    before = linked.actual_value or Decimal(0)
    _step(office, "verify", fill={
        "gross_benefit": "180000", "benefit_from": "2025-05", "evidence": "财务部效益核算单", "finance_signoff": "钱会计",
    })  # fmt: skip
    expect(office.locator('[data-testid="verified-benefit"]')).to_contain_text("160,000")
    expect(office.locator('[data-testid="counted-value"]')).to_be_visible()
    linked.refresh_from_db()
    assert linked.actual_value > before  # the benefit moved the target, once
    moved = linked.actual_value
    office.reload()
    linked.refresh_from_db()
    assert linked.actual_value == moved
    expect(office.locator('[data-testid="reward-range"]')).to_be_visible()
    _step(office, "reward", fill={"reward_amount": "1000"})
    expect(office.locator('[data-testid="reward"]')).to_contain_text("1,000")
    phone.goto(url)
    expect(phone.locator('[data-testid="reward"]')).to_be_visible()  # the proposer sees his reward


def _linked_target(suggestion):
    from vanguard.contributions.models import SuggestionContribution

    return Target.objects.get(pk=SuggestionContribution.objects.get(suggestion=suggestion).contribution.target_id)
