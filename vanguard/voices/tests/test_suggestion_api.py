"""The suggestions API: submit (201 with the id), the category as a documented choice list, the steps,
the history and the reward rules."""

from vanguard.voices.models import Suggestion


def test_post_creates_a_suggestion_and_answers_its_id(api_as, company):
    body = {"title": "空压机管路查漏", "content": "空压站管路多处漏气,建议每周用超声波检漏仪巡检。", "category": "cost"}
    response = api_as("zhigong").post("/api/v1/suggestions/", body, format="json")
    assert response.status_code == 201, response.content
    created = Suggestion.objects.get(pk=response.json()["id"])
    assert (created.proposer, created.status) == (company.users["zhigong"].person, "submitted")
    assert response.json()["number"] == created.number


def test_bad_category_and_short_content_answer_400_in_chinese(api_as):
    response = api_as("zhigong").post(
        "/api/v1/suggestions/", {"title": "x", "content": "短", "category": "nope"}, format="json"
    )
    assert response.status_code == 400
    assert "category" in response.json()
    response = api_as("zhigong").post("/api/v1/suggestions/", {"title": "x", "content": "短", "category": "cost"})
    assert response.status_code == 400 and "至少 10 个字" in str(response.json())


def test_the_schema_documents_the_categories(api_as):
    schema = api_as("zhigong").get("/api/v1/schema/?format=json").json()
    text = str(schema["components"]["schemas"])
    assert "efficiency" in text and "增效" in text


def test_steps_through_the_api_to_a_reward(api_as, company, submitted):
    pk = submitted.pk

    def step(persona, **data):
        response = api_as(persona).post(f"/api/v1/suggestions/{pk}/transition/", data, format="json")
        assert response.status_code == 200, response.content
        return response.json()

    step("banzhang", action="unit_review", decision="unit_pass")
    step("gonghui", action="expert_review", decision="recommend")
    step("banzhang", action="implement", implementation_cost="0")
    done = step(
        "dangwei", action="verify", gross_benefit="50000", benefit_from="2025-03-01", evidence="核算单",
        finance_signoff="财务",
    )  # fmt: skip
    assert done["verified_benefit"] == "50000.00"
    refused = api_as("dangwei").post(
        f"/api/v1/suggestions/{pk}/transition/", {"action": "reward", "reward_amount": "5000"}, format="json"
    )
    assert refused.status_code == 400 and "300.00 至 500.00" in str(refused.json())
    assert step("dangwei", action="reward", reward_amount="400")["status"] == "rewarded"
    history = api_as("zhigong").get(f"/api/v1/suggestion-reviews/?suggestion={pk}").json()
    rows = history["results"] if isinstance(history, dict) else history
    assert [r["step"] for r in rows] == ["submit", "unit_pass", "recommend", "implement", "verify", "reward"]


def test_a_return_without_reason_answers_400_and_changes_nothing(api_as, submitted):
    response = api_as("shuji").post(
        f"/api/v1/suggestions/{submitted.pk}/transition/",
        {"action": "unit_review", "decision": "return"},
        format="json",
    )
    assert response.status_code == 400 and "须写明理由" in str(response.json())
    submitted.refresh_from_db()
    assert submitted.status == "submitted"


def test_reward_rules_are_the_1986_tiers(api_as):
    data = api_as("zhigong").get("/api/v1/reward-rules/").json()
    rows = data["results"] if isinstance(data, dict) else data
    top = rows[0]
    assert (top["min_benefit"], top["max_benefit"], top["min_amount"], top["max_amount"], top["certificate"]) == (
        "1000000.00", None, "2500.00", "4000.00", True,
    )  # fmt: skip
    assert len(rows) == 5


def test_detail_route_leaves_similar_to_its_own_view(api_as):
    """``suggestions/similar/`` is not read as a suggestion's id."""
    from django.urls import Resolver404, resolve

    try:
        match = resolve("/api/v1/suggestions/similar/")
    except Resolver404:
        return
    assert match.url_name != "api-suggestion-detail"
