"""In a real browser: the union forms a panel on a desktop, each assessor fills his score sheet on a phone, the
union concludes and awards the title, which then shows in the talent pool and on the holder's own page."""

import pytest
from playwright.sync_api import expect

from vanguard.core.tests.browser import DESKTOP, PHONE, login
from vanguard.indicators.models import TalentNomination, TalentTitle
from vanguard.indicators.services.talent import talent_nominate
from vanguard.org.demo import company_handles

pytestmark = pytest.mark.browser


def test_a_nomination_is_scored_on_phones_and_awarded(open_page):
    users = company_handles().users
    assessors = ["banzhang", "dangyuan", "shuji"]
    title = TalentTitle.objects.get(name="首席技师")
    nomination = talent_nominate(actor=users["gonghui"], person=users["zhigong"].person, title=title, year=2026,
                                 reasons="穿孔机操作技能全厂第一")  # fmt: skip
    union = login(open_page(DESKTOP), "gonghui")
    union.goto(f"/indicators/talent/nominations/{nomination.pk}/")
    union.fill("#id_assessors", " ".join(users[n].person.employee_no for n in assessors))
    union.click("[data-testid=panel-form] button")
    expect(union.locator("[data-testid=sheet-row]")).to_have_count(3)
    for name in assessors:
        phone = login(open_page(PHONE), name)
        phone.goto(f"/indicators/talent/nominations/{nomination.pk}/")
        for field in phone.locator("[data-testid=score-form] input[type=number]").all():
            field.fill(str(int(float(field.get_attribute("max")) * 0.9)))
        phone.click("[data-testid=submit-scores]")
        expect(phone.locator("[data-testid=sheet-row]")).to_have_count(1)
        phone.screenshot(path=f"/tmp/talent-sheet-{name}.png")
    union.reload()
    union.click("[data-testid=conclude]")
    expect(union.locator("[data-testid=mean-score]")).to_be_visible()
    union.click("[data-testid=grant]")
    expect(union.locator("[data-testid=award]")).to_contain_text("聘期")
    assert TalentNomination.objects.get(pk=nomination.pk).status == "awarded"
    union.goto(f"/indicators/talent/?q={users['zhigong'].person.employee_no}&title={title.pk}")
    expect(union.locator("[data-testid=pool-row]")).to_have_count(1)
    union.screenshot(path="/tmp/talent-pool.png", full_page=True)
    worker = login(open_page(PHONE), "zhigong")
    worker.goto("/indicators/talent/mine/")
    expect(worker.locator("[data-testid=my-award]").filter(has_text="首席技师").first).to_be_visible()
