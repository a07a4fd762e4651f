"""A target split among many: its page shows the children a page at a time, and checks the split over all of them."""

import pytest

from vanguard.core.testing import page_queries

from .factories import make_campaign, make_root, split

pytestmark = pytest.mark.django_db


@pytest.fixture
def crowded(company):
    campaign = make_campaign(company)
    root = make_root(company, campaign)  # 100万元
    rows = [{"owner_org": company.branch, "target_value": 1, "title": f"分项{i:02d}"} for i in range(60)]
    rows[-1]["target_value"] = None  # one share without a value
    split(company, root, rows)
    return root


def test_the_page_shows_fifty_children_and_checks_all_sixty(company, crowded, client):
    client.force_login(company.users["dangwei"])
    page = client.get(f"/campaigns/targets/{crowded.pk}/").content.decode()
    assert page.count('href="/campaigns/targets/') - page.count("/reports/") >= 50
    assert "分项49" in page and "分项50" not in page
    assert "共 60 项" in page
    assert "有 1 项下级目标未填目标值" in page
    assert "分解合计 59万元 未覆盖上级目标 100万元(差 41万元)。" in page
    second = client.get(f"/campaigns/targets/{crowded.pk}/?page=2").content.decode()
    assert "分项50" in second and "分项59" in second and "分项49" not in second


def test_the_page_costs_the_same_for_ten_children_or_sixty(company, crowded, client):
    few = make_root(company, crowded.campaign)
    split(company, few, [{"owner_org": company.branch, "target_value": 1, "title": f"少{i}"} for i in range(10)])
    client.force_login(company.users["dangwei"])
    many, _ = page_queries(client, f"/campaigns/targets/{crowded.pk}/")
    assert many == page_queries(client, f"/campaigns/targets/{few.pk}/")[0] == 12
