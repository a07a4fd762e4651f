"""Talent and studio pages: the pool with its figures read from the records and its filters, one's own titles,
the nomination steps on the page (an assessor's sheet), plans and studios; Excel; query counts; home items."""

import io
import re

import openpyxl
import pytest
from django.utils import timezone

from vanguard.core.testing import database_fingerprint, fingerprint_changes, home_items, page_queries
from vanguard.indicators.models import InnovationStudio, TalentAward, TalentNomination, TalentPlan, TalentTitle

POOL = "/indicators/talent/"


def rows(body, testid):
    return body.count(f'data-testid="{testid}"')


def _sheet(response):
    return openpyxl.load_workbook(io.BytesIO(response.content)).active


@pytest.mark.parametrize("persona,most", [("dangwei", 17), ("gonghui", 15)])
def test_the_pool_shows_titles_and_figures_at_a_fixed_cost(client_as, company, persona, most):
    count, response = page_queries(client_as(persona), POOL)
    body = response.content.decode()
    assert rows(body, "pool-row") > 0 and "培训学时" in body
    assert count <= most, count
    filtered, response = page_queries(client_as(persona), f"{POOL}?channel=skilled&state=all&q=张")
    assert filtered <= most + 1, filtered


def test_the_pool_of_the_union_covers_its_plant_only(client_as, company):
    body = client_as("gonghui").get(f"{POOL}?state=all").content.decode()
    plant = company.users["gonghui"].role_assignments.get().unit
    outsiders = TalentAward.objects.exclude(person__unit__path__startswith=plant.path).select_related("person")
    assert outsiders.exists()
    assert not any(f">{a.person.employee_no} ·" in body for a in outsiders[:20])
    assert company.users["zhigong"].person.employee_no in body


def test_the_pool_filters_by_title_and_exports_what_it_shows(client_as, company):
    client = client_as("dangwei")
    award = TalentAward.objects.current(timezone.localdate()).select_related("person", "title").first()
    body = client.get(f"{POOL}?title={award.title_id}&q={award.person.employee_no}").content.decode()
    assert rows(body, "pool-row") == 1 and award.title.name in body
    response = client.get(f"/indicators/talent/export/?title={award.title_id}")
    sheet = _sheet(response)
    numbers = {row[0] for row in sheet.iter_rows(values_only=True)}
    assert award.person.employee_no in numbers
    holders = TalentAward.objects.current(timezone.localdate()).filter(title=award.title).values("person").distinct()
    assert len([n for n in numbers if n and re.fullmatch(r"T\d+", str(n))]) == holders.count()


def test_a_worker_sees_his_own_titles_not_the_pool(client_as, company):
    client = client_as("zhigong")
    assert client.get(POOL).status_code == 404
    count, response = page_queries(client, "/indicators/talent/mine/")
    body = response.content.decode()
    assert rows(body, "my-award") >= 1 and count <= 11, count


def test_an_assessor_fills_his_sheet_on_the_page(client_as, company):
    client = client_as("banzhang")
    nomination = (
        TalentNomination.objects.filter(status="assessing", panel=company.users["banzhang"].person)
        .exclude(scores__assessor=company.users["banzhang"].person)
        .first()
    )
    assert nomination is not None, "the demo puts the team leader on panels under assessment"
    count, url = home_items(client)["indicators.talent_scores"]
    assert int(count) >= 1 and rows(client.get(url).content.decode(), "nomination-row") == int(count)
    count, response = page_queries(client, f"/indicators/talent/nominations/{nomination.pk}/")
    body = response.content.decode()
    assert 'data-testid="score-form"' in body and count <= 14, count
    assert rows(body, "sheet-row") == 1  # his own sheet, not the others'
    data = {"step": "score", **{f"score_{c.pk}": str(c.max_score) for c in nomination.title.criteria.all()}}
    client.post(f"/indicators/talent/nominations/{nomination.pk}/step/", data)
    assert nomination.scores.filter(assessor=company.users["banzhang"].person).count() == len(data) - 1


def test_the_union_takes_the_steps_on_the_page(client_as, company):
    client = client_as("gonghui")
    nomination = TalentNomination.objects.filter(
        status="passed", person__unit__path__startswith=company.users["gonghui"].role_assignments.get().unit.path
    ).first()
    assert nomination is not None
    count, _response = page_queries(client, f"/indicators/talent/nominations/{nomination.pk}/")
    assert count <= 14, count
    response = client.post(f"/indicators/talent/nominations/{nomination.pk}/step/", {"step": "award"}, follow=True)
    nomination.refresh_from_db()
    assert nomination.status == "awarded" and "已授予" in response.content.decode()


def test_the_home_of_the_office_shows_the_terms_ending(client_as, company):
    count, url = home_items(client_as("dangwei"))["indicators.talent_reassess"]
    body = client_as("dangwei").get(url).content.decode()
    assert int(count) and rows(body, "pool-row") == min(int(count), 25)


@pytest.mark.parametrize(
    "url,most", [("/indicators/talent/nominations/", 10), ("/indicators/talent/plans/", 10),
                 ("/indicators/studios/", 10), ("/indicators/talent/titles/", 6)],
)  # fmt: skip
def test_lists_cost_a_fixed_number_of_queries(client_as, company, url, most):
    count, _response = page_queries(client_as("dangwei"), url)
    assert count <= most, count


def test_a_plan_keeps_its_ledger_and_exports_it(client_as, company):
    client = client_as("dangwei")
    plan = TalentPlan.objects.order_by("pk").first()
    count, response = page_queries(client, f"/indicators/talent/plans/{plan.pk}/")
    assert rows(response.content.decode(), "record-row") == plan.records.count() and count <= 10, count
    before = plan.records.count()
    client.post(f"/indicators/talent/plans/{plan.pk}/", {"kind": "training", "date": timezone.localdate(),
                                                         "content": "首席技师授课", "hours": "4"})  # fmt: skip
    bad = client.post(f"/indicators/talent/plans/{plan.pk}/", {"kind": "incentive", "date": timezone.localdate(),
                                                               "content": "津贴"})  # fmt: skip
    assert "须填写金额" in bad.content.decode()
    assert plan.records.count() == before + 1
    csv_text = client.get("/indicators/talent/plans/export/?format=csv").content.decode("utf-8-sig")
    assert csv_text.splitlines()[0].startswith("年度,单位,规划") and "首席技师授课" in csv_text
    sheet = _sheet(client.get("/indicators/talent/plans/export/"))
    assert sum(1 for row in sheet.iter_rows(values_only=True) if row[4] in ("培训", "激励")) == sum(
        p.records.count() for p in TalentPlan.objects.all()
    )


def test_a_studio_shows_its_projects_and_reviews_and_the_registry_exports(client_as, company):
    client = client_as("dangwei")
    studio = (
        InnovationStudio.objects.filter(projects__project__isnull=False).first() or InnovationStudio.objects.first()
    )
    count, response = page_queries(client, f"/indicators/studios/{studio.pk}/")
    body = response.content.decode()
    assert rows(body, "studio-project-row") == studio.projects.count() and count <= 11, count
    response = client.post(f"/indicators/studios/{studio.pk}/", {"form": "review", "outcome": "rectify",
                                                                 "reviewed_on": timezone.localdate(), "note": ""})  # fmt: skip
    assert "复核意见" in response.content.decode() and not studio.reviews.filter(outcome="rectify").exists()
    sheet = _sheet(client.get("/indicators/studios/export/"))
    names = {row[0] for row in sheet.iter_rows(values_only=True)}
    assert set(InnovationStudio.objects.values_list("name", flat=True)) <= names


def test_a_worker_sees_the_studios_of_his_plant(client_as, company):
    body = client_as("zhigong").get("/indicators/studios/").content.decode()
    plant = company.users["gonghui"].role_assignments.get().unit
    mine = InnovationStudio.objects.filter(unit__path__startswith=plant.path)
    assert rows(body, "studio-row") == min(mine.count(), 25)


def test_the_office_sets_up_a_custom_title_with_its_criteria(client_as, company):
    client = client_as("dangwei")
    data = {"name": "青年技术能手", "kind": "custom", "channel": "technical", "term_years": 2, "pass_score": 75,
            "min_assessors": 3, "criteria": "专业技术水平 60\n创新成果 40", "active": "on"}  # fmt: skip
    before = database_fingerprint()
    response = client.post("/indicators/talent/titles/new/", {**data, "criteria": "专业技术水平 六十"})
    assert "满分须是数字" in response.content.decode()
    assert fingerprint_changes(before, database_fingerprint()) == []
    assert client.post("/indicators/talent/titles/new/", data).status_code == 302
    title = TalentTitle.objects.get(name="青年技术能手")
    assert title.unit is None and [(c.name, int(c.max_score)) for c in title.criteria.all()] == [
        ("专业技术水平", 60),
        ("创新成果", 40),
    ]
    assert "青年技术能手" in client.get("/indicators/talent/titles/").content.decode()


def test_the_union_sets_up_a_title_of_its_own_plant(client_as, company):
    client = client_as("gonghui")
    data = {"name": "轧管岗位能手", "kind": "custom", "channel": "skilled", "term_years": 1, "pass_score": 70,
            "min_assessors": 3, "criteria": "操作技能 100", "active": "on"}  # fmt: skip
    assert client.post("/indicators/talent/titles/new/", data).status_code == 302
    title = TalentTitle.objects.get(name="轧管岗位能手")
    assert title.unit == company.users["gonghui"].role_assignments.get().unit
    company_title = TalentTitle.objects.filter(unit__isnull=True).first()
    assert client.get(f"/indicators/talent/titles/{company_title.pk}/").status_code == 404


def test_the_union_changes_a_studio_and_its_members(client_as, company):
    client = client_as("gonghui")
    plant = company.users["gonghui"].role_assignments.get().unit
    studio = InnovationStudio.objects.filter(unit__path__startswith=plant.path).first()
    form = client.get(f"/indicators/studios/{studio.pk}/edit/").content.decode()
    assert studio.name in form
    data = {"name": studio.name + "(更名)", "unit": studio.unit_id, "lead": studio.lead.employee_no,
            "members": company.users["dangyuan"].person.employee_no, "founded": studio.founded, "level": studio.level,
            "focus": "", "reconfirm_years": 3}  # fmt: skip
    assert client.post(f"/indicators/studios/{studio.pk}/edit/", data).status_code == 302
    studio.refresh_from_db()
    assert studio.name.endswith("(更名)") and list(studio.members.all()) == [company.users["dangyuan"].person]
