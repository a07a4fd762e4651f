"""The talent API: titles with their criteria, awards in scope, nominating through the service."""

from django.utils import timezone

from vanguard.core.testing import database_fingerprint, fingerprint_changes
from vanguard.indicators.models import TalentAward, TalentTitle


def test_titles_list_their_criteria_for_everyone(api_as, company):
    body = api_as("zhigong").get("/api/v1/talent-titles/?channel=skilled").json()
    results = body["results"] if isinstance(body, dict) else body
    names = {t["name"] for t in results}
    assert names == set(TalentTitle.objects.filter(channel="skilled").values_list("name", flat=True))
    assert all(sum(float(c["max_score"]) for c in t["criteria"]) == 100 for t in results)


def test_awards_are_scoped_like_the_pool(api_as, company):
    zhigong = company.users["zhigong"].person
    body = api_as("zhigong").get("/api/v1/talent-awards/").json()
    results = body["results"] if isinstance(body, dict) else body
    assert results and {a["person"] for a in results} == {zhigong.pk}
    today = timezone.localdate().isoformat()
    body = api_as("dangwei").get(f"/api/v1/talent-awards/?valid_to__gte={today}&status=active").json()
    assert (body["count"] if isinstance(body, dict) else len(body)) == TalentAward.objects.filter(
        status="active", valid_to__gte=today
    ).count()


def test_a_nomination_with_a_title_of_another_channel_is_refused_and_changes_nothing(api_as, company):
    management = TalentTitle.objects.filter(channel="management").first()
    before = database_fingerprint()
    response = api_as("dangwei").post(
        "/api/v1/talent-nominations/",
        {"person": company.users["zhigong"].person.pk, "title": management.pk, "year": 2026, "reasons": "x"},
        format="json",
    )
    assert response.status_code == 400 and "通道" in response.content.decode()
    assert fingerprint_changes(before, database_fingerprint()) == []
