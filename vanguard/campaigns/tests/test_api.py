"""The campaigns API: scoped lists, the report loop, stale edits, constant query counts."""

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from vanguard.campaigns.models import Target
from vanguard.core.testing import page_queries
from vanguard.org.models import User

from .factories import make_campaign, make_root, split

LISTS = [
    ("dangwei", "/api/v1/campaigns/"),
    ("dangwei", "/api/v1/targets/"),
    ("shuji", "/api/v1/targets/"),
    ("dangyuan", "/api/v1/targets/"),
    ("dangwei", "/api/v1/target-stages/"),
    ("dangwei", "/api/v1/progress-reports/"),
    ("shuji", "/api/v1/progress-reports/"),
    ("dangwei", "/api/v1/responsibility-letters/"),
    ("shuji", "/api/v1/commitments/"),
    ("dangwei", "/api/v1/commitment-checks/"),
]


def fetch(username, url):
    client = APIClient()
    client.force_authenticate(User.objects.get(username=username))
    queries, response = page_queries(client, url)
    return response.json(), queries


@pytest.mark.parametrize(("username", "url"), LISTS)
def test_list_queries_do_not_grow_with_rows(demo, username, url):
    small, few = fetch(username, f"{url}?page_size=2")
    large, many = fetch(username, f"{url}?page_size=500")
    assert few == many, (few, many)
    assert many <= 8


def test_a_member_lists_only_her_own_targets(api_as, company, demo):
    rows = api_as("dangyuan").get("/api/v1/targets/?page_size=500").json()["results"]
    assert {r["owner_person"] for r in rows} == {company.users["dangyuan"].person.pk}


def test_the_secretary_lists_his_branch_and_its_members(api_as, company, demo):
    rows = api_as("shuji").get(f"/api/v1/targets/?campaign={demo.cost.pk}&page_size=500").json()["results"]
    ids = {r["id"] for r in rows}
    assert demo.branch_target.pk in ids and demo.dangyuan_target.pk in ids
    assert demo.saving.pk not in ids and demo.other_branch_target.pk not in ids


def test_the_report_loop_through_the_api(api_as, company):
    campaign = make_campaign(company)
    root = make_root(company, campaign)
    branch = split(company, root, [{"owner_org": company.branch, "target_value": 50}])[0]
    response = api_as("shuji").post(
        "/api/v1/targets/",
        {
            "campaign": campaign.pk,
            "parent": branch.pk,
            "title": "岗位降本",
            "target_value": "20",
            "owner_person": company.users["dangyuan"].person.pk,
            "due_date": campaign.ends_on.isoformat(),
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    mine = response.json()
    assert mine["parent"] == branch.pk and mine["target_value"] == "20.0000"
    report = api_as("dangyuan").post(
        "/api/v1/progress-reports/",
        {"target": mine["id"], "period": timezone.localdate().isoformat(), "value": "8"},
        format="json",
    )
    assert report.status_code == 201, report.json()
    # Each side is told what it may do with the report: the secretary reviews it, the member does not.
    assert report.json()["actions"] == []
    listed = api_as("shuji").get("/api/v1/progress-reports/", {"target": mine["id"]}).json()["results"]
    assert [row["actions"] for row in listed if row["id"] == report.json()["id"]] == [["review"]]
    accepted = api_as("shuji").post(f"/api/v1/progress-reports/{report.json()['id']}/accept/", {}, format="json")
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
    root_row = api_as("dangwei").get(f"/api/v1/targets/{root.pk}/").json()
    assert root_row["actual_value"] == "8.0000" and root_row["status"] != "not_started"


def test_a_non_numeric_value_is_a_chinese_400(api_as, company, demo):
    response = api_as("dangyuan").post(
        "/api/v1/progress-reports/",
        {"target": demo.dangyuan_target.pk, "period": timezone.localdate().isoformat(), "value": "很多"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["value"] == ["实际值“很多”不是有效的数字,请只填写数字(如 12.5)。"]


def test_a_stale_target_edit_is_409(api_as, demo):
    target = Target.objects.get(pk=demo.dangyuan_target.pk)
    first = api_as("shuji").patch(
        f"/api/v1/targets/{target.pk}/", {"standard": "甲", "version": target.version}, format="json"
    )
    assert first.status_code == 200
    second = api_as("dangwei").patch(
        f"/api/v1/targets/{target.pk}/", {"standard": "乙", "version": target.version}, format="json"
    )
    assert second.status_code == 409
    assert Target.objects.get(pk=target.pk).standard == "甲"


def test_an_over_allocation_is_a_400_naming_the_parent(api_as, company, demo):
    response = api_as("shuji").post(
        "/api/v1/targets/",
        {
            "campaign": demo.cost.pk,
            "parent": demo.branch_target.pk,
            "title": "加码",
            "target_value": "1000",
            "owner_person": company.users["zhigong"].person.pk,
            "due_date": demo.cost.ends_on.isoformat(),
        },
        format="json",
    )
    assert response.status_code == 400
    assert "超过上级目标" in response.json()["target_value"][0]


def test_the_member_acknowledges_her_letter(api_as, company, demo):
    from vanguard.campaigns.models import ResponsibilityLetter

    letter = ResponsibilityLetter.objects.get(campaign=demo.cost, recipient_person=company.users["dangyuan"].person)
    # Only the recipient is offered the acknowledgement, the office that reads the letter is not.
    assert api_as("dangwei").get(f"/api/v1/responsibility-letters/{letter.pk}/").json()["actions"] == []
    assert api_as("dangyuan").get(f"/api/v1/responsibility-letters/{letter.pk}/").json()["actions"] == ["acknowledge"]
    response = api_as("dangyuan").post(f"/api/v1/responsibility-letters/{letter.pk}/acknowledge/")
    assert response.status_code == 200 and response.json()["status"] == "acknowledged"
    assert response.json()["acknowledged_at"]
