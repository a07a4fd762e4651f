"""The values API as another system (MES, ERP) uses it: a pushed list written whole, idempotent by indicator
code + unit + month; a bad batch refused whole with its row errors; closed months need a reason; the lists
filtered and scoped."""

import pytest
from rest_framework.test import APIClient

from vanguard.core.testing import database_fingerprint, fingerprint_changes
from vanguard.indicators.models import IndicatorValue, Pledge, ValueCorrection

pytestmark = pytest.mark.django_db
LAST, CLOSED = "2026-05", "2026-03"


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def rows(team, month=LAST, output="500", violations="2"):
    return [
        {"indicator": "output", "unit": team.pk, "month": month, "value": output},
        {"indicator": "safety-violations", "unit": team.pk, "month": month, "value": violations},
    ]


def test_a_push_is_idempotent_and_counts_what_it_did(company):
    client, team = api(company.users["banzhang"]), company.team
    IndicatorValue.objects.filter(unit=team, month=2026 * 12 + 4).delete()
    first = client.post("/api/v1/indicator-values/", rows(team), format="json")
    assert first.status_code == 200 and first.json() == {"created": 2, "updated": 0, "unchanged": 0, "corrected": 0}
    again = client.post("/api/v1/indicator-values/", rows(team), format="json")
    assert again.json() == {"created": 0, "updated": 0, "unchanged": 2, "corrected": 0}
    changed = client.post("/api/v1/indicator-values/", rows(team, output="510"), format="json")
    assert changed.json() == {"created": 0, "updated": 1, "unchanged": 1, "corrected": 0}
    assert IndicatorValue.objects.filter(unit=team, month=2026 * 12 + 4).count() == 2


def test_a_closed_month_needs_a_reason_per_row(company):
    client, team = api(company.users["banzhang"]), company.team
    refused = client.post("/api/v1/indicator-values/", rows(team, CLOSED, output="1"), format="json")
    assert refused.status_code == 400 and "已关账" in refused.json()["errors"][0]["message"]
    pushed = [{**row, "reason": "ERP 结账后重传"} for row in rows(team, CLOSED, output="1")]
    answer = client.post("/api/v1/indicator-values/", pushed, format="json")
    assert answer.status_code == 200 and answer.json()["corrected"] >= 1
    assert ValueCorrection.objects.filter(value__unit=team, reason="ERP 结账后重传").exists()


def test_a_bad_batch_is_refused_whole_with_every_row_named(company):
    client, team = api(company.users["banzhang"]), company.team
    batch = [
        *rows(team, output="600"),
        {"indicator": "no-such", "unit": team.pk, "month": LAST, "value": "1"},
        {"indicator": "output", "unit": company.other_team.pk, "month": LAST, "value": "1"},
        {"indicator": "output", "unit": team.pk, "month": "2026-04", "value": "十"},
        {"indicator": "output", "unit": team.pk, "month": "五月", "value": "1"},
    ]
    before = database_fingerprint()
    answer = client.post("/api/v1/indicator-values/", batch, format="json")
    assert answer.status_code == 400
    errors = answer.json()["errors"]
    assert [e["row"] for e in errors] == ["第 3 条", "第 4 条", "第 5 条", "第 6 条"]
    assert "不存在" in errors[0]["message"] and "无权" in errors[1]["message"] and "不是数字" in errors[2]["message"]
    assert fingerprint_changes(before, database_fingerprint()) == []
    assert client.post("/api/v1/indicator-values/", {"x": 1}, format="json").status_code == 400


def test_the_values_list_filters_by_unit_indicator_and_months_in_scope(company):
    client = api(company.users["zhigong"])
    answer = client.get(f"/api/v1/indicator-values/?unit={company.team.pk}&indicator=output&month_from=2026-01"
                        "&month_to=2026-05")  # fmt: skip
    assert answer.status_code == 200
    months = {row["month"] for row in answer.json()["results"]}
    assert months <= {"2026-01", "2026-02", "2026-03", "2026-04", "2026-05"} and months
    other = client.get(f"/api/v1/indicator-values/?unit={company.other_team.pk}").json()
    assert other["count"] == 0


def test_pledges_carry_their_state_and_the_union_follows_them_up(company):
    client = api(company.users["dangwei"])
    listed = client.get("/api/v1/pledges/").json()["results"]
    assert {row["state"] for row in listed} <= {"进行中", "已兑现", "未兑现"}
    pledge = Pledge.objects.order_by("pk").first()
    answer = client.post(f"/api/v1/pledges/{pledge.pk}/follow/", {"follow_up": "已核实"}, format="json")
    assert answer.status_code == 200 and answer.json()["follow_up"] == "已核实"


def test_a_team_leader_pledges_for_his_team_only(company):
    client = api(company.users["banzhang"])
    body = {"indicator": "output", "unit": company.team.pk, "first_month": "2026-07", "last_month": "2026-09",
            "value": "6000", "content": "三季度产量确保 6000 吨"}  # fmt: skip
    assert client.post("/api/v1/pledges/", body, format="json").status_code == 201
    assert client.post("/api/v1/pledges/", {**body, "unit": company.other_team.pk}, format="json").status_code == 400
