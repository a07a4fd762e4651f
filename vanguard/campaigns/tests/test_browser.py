"""In a real browser, the whole loop as the personas: the office creates and splits a campaign, the
secretary splits his part to a member and issues letters, the member acknowledges and reports
from a phone, the secretary accepts, and the dashboard and the roll-up change."""

import time
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from vanguard.campaigns.models import Campaign, Target
from vanguard.core.tests.browser import DESKTOP, PHONE, login
from vanguard.org.demo import company_handles

pytestmark = pytest.mark.browser
TITLE = "“降成本降费用增效益”主题实践活动(测试)"


def create_and_split(page, company):
    today = timezone.localdate()
    page.goto("/campaigns/new/")
    page.fill("#id_title", TITLE)
    page.fill("#id_starts_on", (today - timedelta(days=60)).isoformat())
    page.fill("#id_ends_on", (today + timedelta(days=300)).isoformat())
    page.select_option("#id_participants", [str(company.branch.pk)])
    page.click("[data-testid=save]")
    page.click("[data-testid=activate]")
    expect(page.locator(".page-title")).to_contain_text("进行中")
    page.click("text=总体目标 >> nth=0")
    page.fill("#id_title", "全年挖潜增效")
    page.fill("#id_metric_name", "降本增效额")
    page.fill("#id_metric_unit", "万元")
    page.fill("#id_baseline", "0")
    page.fill("#id_target_value", "100")
    page.click("[data-testid=save]")
    page.click("[data-testid=decompose-link]")
    page.select_option("select[name=rows-0-owner]", f"org:{company.branch.pk}")
    page.fill("input[name=rows-0-target_value]", "60")
    page.click("[data-testid=decompose-submit]")
    expect(page.locator("[data-testid=allocation-warning]")).to_contain_text("未覆盖上级目标 100万元")
    return Campaign.objects.get(title=TITLE)


def split_to_member(page, company, campaign):
    branch_target = Target.objects.get(campaign=campaign, owner_org=company.branch, depth=2)
    page.goto(f"/campaigns/{campaign.pk}/tree/")
    page.click(f"#target-{branch_target.pk} .vg-target-title")
    page.click("[data-testid=decompose-link]")
    dangyuan = company.users["dangyuan"].person
    page.fill("#id_rows-0-person", dangyuan.name)  # the picker searches as she types
    page.click(f".vg-picker [role=option][data-id='{dangyuan.pk}']")
    page.fill("input[name=rows-0-title]", "降低本岗位辅料消耗")
    page.fill("input[name=rows-0-target_value]", "60")
    page.click("[data-testid=decompose-submit]")
    expect(page.locator(".alert-success")).to_contain_text("已分解为 1 项下级目标")
    page.click("[data-testid=issue-letters]")
    expect(page.locator(".alert-success")).to_contain_text("已下达 1 份责任书")


def acknowledge_and_report(page):
    page.goto("/campaigns/my/")
    letter = page.locator("[data-testid=letter-pending]", has_text=TITLE)
    expect(letter).to_be_visible()
    letter.locator("[data-testid=acknowledge]").click()
    expect(page.locator(".alert-success")).to_contain_text("已确认责任书")
    started = time.monotonic()
    card = page.locator("[data-testid=my-target]", has_text="降低本岗位辅料消耗")
    card.locator("[data-testid=report-button]").click()
    page.fill("#id_value", "12")
    page.fill("#id_narrative", "回收辅料,降本 12 万元")
    page.click("[data-testid=report-submit]")
    expect(page.locator(".alert-success")).to_contain_text("等待支部审核")
    assert time.monotonic() - started < 60
    expect(card).to_contain_text("待审核")
    # Nothing on the phone page is wider than the phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_the_whole_loop(open_page):
    company = company_handles()
    office = login(open_page(DESKTOP), "dangwei")
    campaign = create_and_split(office, company)

    secretary = login(open_page(DESKTOP), "shuji")
    split_to_member(secretary, company, campaign)

    member = login(open_page(PHONE), "dangyuan")
    acknowledge_and_report(member)

    office.goto(f"/campaigns/{campaign.pk}/")
    root = office.locator("[data-testid=top-target]", has_text="全年挖潜增效")
    expect(root).to_contain_text("未填报")

    secretary.goto("/campaigns/reviews/")
    secretary.locator("[data-testid=review-card]", has_text="降低本岗位辅料消耗").locator(
        "[data-testid=accept]"
    ).click()
    expect(secretary.locator(".alert-success")).to_contain_text("已通过")

    office.reload()
    expect(root.locator("[data-testid=rollup-link]")).to_have_text("12万元")
    expect(root).to_contain_text("20%")  # 12 of the member's 60, the branch's only share, the root's only child
    expect(office.locator("#chart-trend canvas")).to_be_visible()
    root.locator("[data-testid=rollup-link]").click()
    expect(office.locator("[data-testid=behind-row]")).to_contain_text("降低本岗位辅料消耗")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_a_large_level_of_the_tree_loads_more_on_request(open_page, monkeypatch, viewport):
    from vanguard.campaigns.views import targets as views

    monkeypatch.setattr(views, "CHILDREN_PAGE", 2)
    monkeypatch.setattr(views, "PRELOAD_CHILDREN", 0)  # as in a large tree: levels open on a click
    saving = Target.objects.get(campaign__theme="cost", depth=1, metric_name="降本增效额")
    total = Target.objects.filter(path__startswith=saving.path, depth=2).count()
    page = login(open_page(viewport), "dangwei")
    page.goto(f"/campaigns/{saving.campaign_id}/tree/")
    box = page.locator(f"#children-target-{saving.pk}")
    page.click(f"#target-{saving.pk} > .vg-node .vg-toggle")
    children = box.locator(":scope > ul > li[data-testid=target-node]")
    expect(children).to_have_count(2)
    more = box.locator("[data-testid=tree-more]")
    expect(more).to_contain_text(f"还有 {total - 2} 项,共 {total} 项")
    more.locator("button").click()
    expect(children).to_have_count(min(4, total))
    page.screenshot(path=f"/tmp/target-tree-more-{viewport['width']}.png")
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
