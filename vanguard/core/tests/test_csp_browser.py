"""In a real browser, under the Content-Security-Policy: the pages, their charts, htmx and the API docs still
work, and the browser reports no violation at desktop or phone width."""

import re

import pytest
from playwright.sync_api import expect

from vanguard.campaigns.models import Campaign
from vanguard.core.tests.browser import DESKTOP, PHONE, login
from vanguard.org.choices import UnitKind
from vanguard.org.models import Unit

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(("viewport", "name"), [(DESKTOP, "desktop"), (PHONE, "phone")])
def test_pages_work_under_the_policy_and_break_none_of_it(open_page, viewport, name):
    page = open_page(viewport)  # fails on any violation the browser reports
    response = page.goto("/accounts/login/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    login(page, "dangwei")
    expect(page.locator("[data-testid=scope]")).to_contain_text("党委管理员")
    page.screenshot(path=f"/tmp/secweb-home-{name}.png", full_page=True)

    campaign = Campaign.objects.filter(status="active").order_by("pk").first()
    page.goto(f"/campaigns/{campaign.pk}/")
    expect(page.locator("#chart-status canvas")).to_be_visible()
    page.wait_for_timeout(1500)  # the charts animate in
    page.screenshot(path=f"/tmp/secweb-campaign-{name}.png", full_page=True)

    page.goto("/org/units/")  # htmx loads a node's children on the first click
    plant = Unit.objects.filter(kind=UnitKind.PLANT, numchild__gt=0).order_by("path").first()
    page.locator(f"#node-unit-{plant.pk} .vg-toggle").first.click()
    expect(page.locator(f"#children-unit-{plant.pk} .vg-count").first).to_be_visible()
    page.screenshot(path=f"/tmp/secweb-tree-{name}.png")

    page.goto("/campaigns/letters/")  # a select that submits its form (data-autosubmit)
    page.select_option("select[name=campaign]", str(campaign.pk))
    expect(page).to_have_url(re.compile(rf"campaign={campaign.pk}"))

    page.goto("/api/v1/docs/")
    page.wait_for_selector(
        "#operations-tag-auth"
    )  # the first tags; swagger-ui renders the rest as they scroll into view
    page.screenshot(path=f"/tmp/secweb-apidocs-{name}.png")
    page.wait_for_load_state("networkidle")
