"""The visits and findings API: the loop through its actions, the Chinese refusals, the colours, the schema."""

from datetime import timedelta

from vanguard.voices.models import Finding


def test_the_loop_runs_through_the_api(api_as, company, finding):
    url = f"/api/v1/findings/{finding.pk}/transition/"
    zhigong, shuji = api_as("zhigong"), api_as("shuji")
    body = zhigong.post(url, {"action": "accept", "measure": "加装投光灯", "version": 1}, format="json").json()
    assert body["status"] == "accepted" and body["actions"] == ["change"]
    zhigong.post(url, {"action": "start", "version": 2}, format="json")
    zhigong.post(url, {"action": "resolve", "rectification": "已加装", "version": 3}, format="json")
    refused = zhigong.post(url, {"action": "verify", "evidence": "好", "version": 4}, format="json")
    assert refused.status_code == 403 and "只有提出问题的一方" in str(refused.json())
    reopened = shuji.post(url, {"action": "reopen", "note": "仍有暗区", "version": 4}, format="json").json()
    assert (reopened["status"], reopened["reopen_count"]) == ("reopened", 1)
    zhigong.post(url, {"action": "resolve", "rectification": "补装", "version": 5}, format="json")
    closed = shuji.post(url, {"action": "verify", "evidence": "复查合格", "version": 6}, format="json").json()
    assert closed["status"] == "closed" and closed["closed_on"]


def test_a_stale_version_answers_409_and_a_step_out_of_order_400(api_as, finding):
    url = f"/api/v1/findings/{finding.pk}/transition/"
    assert (
        api_as("zhigong").post(url, {"action": "accept", "measure": "m", "version": 9}, format="json").status_code
        == 409
    )
    wrong = api_as("zhigong").post(url, {"action": "resolve", "rectification": "r"}, format="json")
    assert wrong.status_code == 400 and "只有“整改中”" in str(wrong.json())


def test_findings_filter_by_visit_and_carry_their_colour(api_as, company):
    finding = Finding.objects.exclude(visit=None).first()
    rows = api_as("dangwei").get(f"/api/v1/findings/?visit={finding.visit_id}&page_size=100").json()["results"]
    assert finding.pk in {row["id"] for row in rows} and {row["visit"] for row in rows} == {finding.visit_id}
    assert {row["colour"] for row in rows} <= {"", "blue", "yellow", "red"}


def test_an_extension_is_asked_and_decided_through_the_api(api_as, finding):
    asked = api_as("zhigong").post(f"/api/v1/findings/{finding.pk}/extension/", {
        "requested_deadline": (finding.deadline + timedelta(days=6)).isoformat(), "reason": "等灯具"}, format="json")  # fmt: skip
    assert asked.status_code == 201
    refused = api_as("banzhang").post(f"/api/v1/findings/{finding.pk}/extension-decision/",
                                      {"extension": asked.json()["id"], "approve": False}, format="json")  # fmt: skip
    assert refused.status_code == 400 and "不批准延期须写明理由" in str(refused.json())
    decided = api_as("banzhang").post(f"/api/v1/findings/{finding.pk}/extension-decision/",
                                      {"extension": asked.json()["id"], "approve": True}, format="json")  # fmt: skip
    assert decided.json()["status"] == "approved"
    assert (
        api_as("zhigong").get(f"/api/v1/findings/{finding.pk}/").json()["deadline"]
        == asked.json()["requested_deadline"]
    )


def test_the_schema_lists_visits_findings_and_their_actions(api_as):
    paths = api_as("dangwei").get("/api/v1/schema/?format=json").json()["paths"]
    for path in ("/api/v1/visits/", "/api/v1/findings/", "/api/v1/findings/{id}/transition/",
                 "/api/v1/findings/{id}/extension/", "/api/v1/findings/{id}/extension-decision/"):  # fmt: skip
        assert path in paths
