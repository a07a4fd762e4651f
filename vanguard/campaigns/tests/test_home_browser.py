"""In a real browser: the secretary's home shows his pending reviews, and one tap opens them."""

import pytest
from playwright.sync_api import expect

from vanguard.campaigns.models import ProgressReport
from vanguard.core.tests.browser import DESKTOP, PHONE, login
from vanguard.org.models import User

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_secretary_opens_his_pending_reviews_from_home(open_page, viewport):
    shuji = User.objects.get(username="shuji")
    pending = ProgressReport.objects.restrict(shuji, "review").filter(status="submitted")
    titles = list(pending.values_list("target__title", flat=True))
    assert titles, "the demo has reports waiting for the secretary"
    page = login(open_page(viewport=viewport), "shuji")
    item = page.locator("[data-testid=due-item][data-key='campaigns.reviews']")
    expect(item).to_contain_text("待审核的进展填报")
    expect(item.locator("[data-testid=due-count]")).to_have_text(str(len(titles)))
    item.click()
    page.wait_for_url("**/campaigns/reviews/")
    cards = page.locator("[data-testid=review-card]")
    expect(cards).to_have_count(len(titles))
    for title in titles:
        expect(page.locator(".page-body")).to_contain_text(title)
