"""The statistics page: who sees it, what it shows for a unit and its children, its links to the ledger,
the targets it marks, its Excel export, and its bounded queries."""

from datetime import date
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import override_settings
from django.urls import reverse

from vanguard.core.testing import page_queries
from vanguard.core.tests.sheets import assert_report, open_workbook
from vanguard.org.models import Person, Unit
from vanguard.voices.choices import SuggestionCategory, SuggestionStatus
from vanguard.voices.models import ParticipationTarget

from .participation_kit import submit

pytestmark = pytest.mark.django_db

URL = reverse("suggestion-statistics")


def _team_data(company):
    """Three suggestions from zhigong's team in March: one adopted, one verified and rewarded."""
    zhigong = company.users["zhigong"].person
    mate = Person.objects.active().filter(unit=zhigong.unit).exclude(pk=zhigong.pk).first()
    submit(zhigong, on=date(2026, 3, 3), category=SuggestionCategory.COST, co=[mate] if mate else [])
    submit(zhigong, on=date(2026, 3, 9), category=SuggestionCategory.SAFETY, status=SuggestionStatus.ADOPTED)
    submit(zhigong, on=date(2026, 3, 20), category=SuggestionCategory.COST, status=SuggestionStatus.REWARDED,
           benefit="12000", reward="300")  # fmt: skip
    return zhigong.unit


def _figures(row):
    return (row.suggestions, row.adopted, row.implemented, row.benefit, row.reward_paid)


def test_the_office_sees_the_company_and_its_plants(client_as, company):
    client = client_as("dangwei")
    plant = Unit.objects.get(path=company.team.path[: 2 * Unit.steplen])
    before = next(r for r in client.get(URL, {"year": 2026}).context["data"].rows if r.unit == plant)
    _team_data(company)
    response = client.get(URL, {"year": 2026})
    assert response.status_code == 200
    body = response.content.decode()
    assert f'data-unit="{plant.pk}"' in body
    row = next(r for r in response.context["data"].rows if r.unit == plant)
    # The three suggestions of the team: one adopted, one verified (¥12,000) and rewarded (¥300).
    assert [a - b for a, b in zip(_figures(row), _figures(before), strict=True)] == [3, 2, 1, 12000, 300]
    assert 'id="chart-suggestion-trend"' in body


def test_a_plant_opens_on_its_children_and_a_month(client_as, company):
    team = company.team
    parent = Unit.objects.get_parent(team)
    query = {"year": 2026, "month": 3, "unit": parent.pk}
    before = next(r for r in client_as("dangwei").get(URL, query).context["data"].rows if r.unit == team)
    _team_data(company)
    response = client_as("dangwei").get(URL, query)
    data = response.context["data"]
    row = next(r for r in data.rows if r.unit == team)
    added = {k: v - before.by_category.get(k, 0) for k, v in row.by_category.items()}
    assert {k: v for k, v in added.items() if v} == {"cost": 2, "safety": 1}
    assert row.participants >= 1
    # Head counts of the unit's whole subtree: the total and each child.
    for shown in (data.total, row):
        assert shown.people == Person.objects.active().filter(unit__path__startswith=shown.unit.path).count()


@override_settings(ROOT_URLCONF="vanguard.voices.tests.ledger_urls")
def test_every_figure_opens_the_ledger_filtered_the_same_way(client_as, company):
    team = _team_data(company)
    parent = Unit.objects.get_parent(team)
    response = client_as("dangwei").get(URL, {"year": 2026, "month": 3, "unit": parent.pk})
    links = [c["url"] for r in response.context["rows"] if r["row"].unit == team for c in r["cells"] if c["url"]]
    queries = [parse_qs(urlsplit(u).query) for u in links]
    assert all(urlsplit(u).path == reverse("suggestion-list") for u in links)
    assert all(q["unit"] == [str(team.pk)] and q["year"] == ["2026"] and q["month"] == ["3"] for q in queries)
    assert {"category": ["cost"], "unit": [str(team.pk)], "year": ["2026"], "month": ["3"]} in queries
    rewarded = [q for q in queries if q.get("status") == [SuggestionStatus.REWARDED]]
    assert rewarded  # the reward paid lists the rewarded suggestions
    adopted = next(q for q in queries if "adopted" in q.get("status", []))
    assert set(adopted["status"]) == {"adopted", "implemented", "verified", "rewarded"}


def test_targets_are_marked_met_or_missed(client_as, company):
    team = _team_data(company)
    parent = Unit.objects.get_parent(team)
    # The team's own target: easy on suggestions per head, impossible on participation.
    ParticipationTarget.objects.create(unit=team, per_head=Decimal("0.01"), participation=Decimal("100"),
                                       implementation=Decimal("10"))  # fmt: skip
    response = client_as("dangwei").get(URL, {"year": 2026, "unit": parent.pk})
    row = next(r for r in response.context["data"].rows if r.unit == team)
    people = Person.objects.active().filter(unit=team).count()
    assert row.target.own and row.per_head_met is True
    assert people > 2 and row.participation_met is (row.participants >= people)  # 100 %: everyone proposed
    assert row.implementation_met is True  # 1 implemented of 2 adopted
    assert 'data-met="no"' in response.content.decode()
    # Another unit answers to the company's default (40 %).
    other = next(r for r in response.context["data"].rows if r.unit != team)
    assert other.target is not None and not other.target.own and other.target.participation == Decimal("40")


def test_the_page_reads_kept_rows_in_a_fixed_number_of_queries(client_as, company):
    client = client_as("dangwei")
    client.get(URL)  # session and caches
    n_before, _ = page_queries(client, URL + "?year=2026")
    for _ in range(2):
        _team_data(company)
    n_after, _ = page_queries(client, URL + "?year=2026")
    assert n_before == n_after <= 14


def test_workers_do_not_see_the_statistics_and_a_unit_out_of_scope_is_404(client_as, company):
    assert client_as("zhigong").get(URL).status_code == 404
    assert client_as("dangyuan").get(URL).status_code == 404
    team = company.users["zhigong"].person.unit
    response = client_as("banzhang").get(URL)
    assert response.status_code == 200
    assert response.context["data"].node == team
    other = company.other_team
    assert client_as("banzhang").get(URL, {"unit": other.pk}).status_code == 404


def test_the_export_is_a_report_of_every_child_with_the_total(client_as, company):
    _team_data(company)
    response = client_as("dangwei").get(reverse("suggestion-statistics-export"), {"year": 2026})
    assert response.status_code == 200
    ws = open_workbook(response).active
    rows = assert_report(ws, title="合理化建议统计", header=["单位", "人数", "降本"])
    plants = set(Unit.objects.filter(depth=2).values_list("name", flat=True))
    assert {r[0] for r in rows[:-1]} == plants
    assert rows[-1][0].endswith("(合计)") and rows[-1][9] >= 3


def test_the_office_sets_a_units_target_and_the_statistics_judge_by_it(client_as, company):
    team = _team_data(company)
    url = reverse("suggestion-participation-targets")
    client = client_as("dangwei")
    assert client.get(url).status_code == 200
    data = {"unit": team.pk, "per_head": "0.5", "participation": "30", "implementation": "50"}
    assert client.post(url, data).status_code == 302
    target = ParticipationTarget.objects.get(unit=team)
    assert (target.per_head, target.participation) == (Decimal("0.5"), Decimal("30"))
    response = client.get(URL, {"year": 2026, "unit": Unit.objects.get_parent(team).pk})
    row = next(r for r in response.context["data"].rows if r.unit == team)
    assert row.target.own and row.target.participation == Decimal("30")
    # Changed, then removed: the team answers to the company's default again.
    client.post(url, {**data, "participation": "35"})
    assert ParticipationTarget.objects.get(unit=team).participation == Decimal("35")
    client.post(reverse("suggestion-participation-target-delete", args=[target.pk]))
    assert not ParticipationTarget.objects.filter(unit=team).exists()


def test_bad_targets_are_refused_with_a_message_and_change_nothing(client_as, company):
    url = reverse("suggestion-participation-targets")
    default = ParticipationTarget.objects.get(unit=None)
    response = client_as("dangwei").post(url, {"unit": "", "per_head": "abc", "participation": "140",
                                               "implementation": "30"})  # fmt: skip
    assert response.status_code == 200 and "participation" in response.context["form"].errors
    assert ParticipationTarget.objects.get(unit=None).participation == default.participation
    delete = reverse("suggestion-participation-target-delete", args=[default.pk])
    client_as("dangwei").post(delete)
    assert ParticipationTarget.objects.filter(unit=None).exists()  # the default stays
    # A secretary reads the targets, he does not set them.
    assert client_as("shuji").post(url, {"unit": "", "per_head": "9", "participation": "90",
                                         "implementation": "90"}).status_code == 404  # fmt: skip
    assert ParticipationTarget.objects.get(unit=None).per_head == default.per_head
