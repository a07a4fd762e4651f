# ruff: noqa: F811  (the fixtures of competition_kit, imported by name)
"""The competition pages as their users meet them: the board costs the same for 2 teams or 8, the team
leader reads where every point of his team came from (and why it was vetoed), a judge signs on his phone
once per team, the results print from Excel, the home page says what is due; the API refuses a second score
and a score outside the judge's competition with a Chinese message and writes nothing."""

from io import BytesIO

import openpyxl
import pytest

from vanguard.core.testing import database_fingerprint, fingerprint_changes, home_items, page_queries
from vanguard.indicators.models import JudgeScore
from vanguard.indicators.periods import Period
from vanguard.indicators.services import competitions as services

from .competition_kit import APRIL, MAY, labour, output, skills, teams, write  # noqa: F401

pytestmark = pytest.mark.django_db
Q2 = Period.quarter(2026, 2)


def board(competition, period=f"{MAY}-{MAY}"):
    return f"/indicators/competitions/{competition.pk}/?period={period}"


def test_the_board_costs_the_same_for_two_teams_or_eight(client_as, company, labour, output):
    office = client_as("dangwei")
    write(company, output, {t: 90 + n for n, t in enumerate(teams()[:2])})
    few, response = page_queries(office, board(labour))
    assert response.content.decode().count('data-testid="standing-row"') == 5  # the first category's teams
    write(company, output, {t: 90 + n for n, t in enumerate(teams())})
    many, response = page_queries(office, board(labour))
    assert few == many <= 16
    page = response.content.decode()
    assert labour.entries.get(unit=teams()[0]).name in page and "流动红旗" in page


def test_a_team_leader_reads_every_point_of_his_team_and_the_veto_that_took_it_out(client_as, company, labour, output):
    team = company.team
    write(company, output, {team: 112})
    entry = labour.entries.get(unit=team)
    url = f"/indicators/competitions/entries/{entry.pk}/?period={MAY}-{MAY}"
    queries, response = page_queries(client_as("banzhang"), url)
    page = response.content.decode()
    assert queries <= 12
    assert "106" in page and "目标 100" in page and "达到超 10% 档,加 6 分" in page
    services.veto_record(actor=company.users["dangwei"], entry=entry, first_month=MAY, last_month=MAY,
                         reason="发生一般安全事故", evidence="安监通报〔2026〕7号")  # fmt: skip
    page = client_as("banzhang").get(url).content.decode()
    assert 'data-testid="vetoed"' in page and "发生一般安全事故" in page and "安监通报〔2026〕7号" in page


def test_a_judge_signs_once_on_his_phone(client_as, company, skills):
    judge = client_as("shuji")
    url = f"/indicators/competitions/{skills.pk}/judge/?period={Q2.first}-{Q2.last}"
    entry = skills.entries.first()
    queries, response = page_queries(judge, url)
    assert queries <= 12 and response.content.decode().count('data-testid="score-form"') == 4
    assert judge.post(url, {"entry": entry.pk, "score": "91"}).status_code == 302
    before = database_fingerprint()
    again = judge.post(url, {"entry": entry.pk, "score": "95"})
    assert again.status_code == 200 and "不能重复评分" in again.content.decode()
    bad = judge.post(url, {"entry": skills.entries.last().pk, "score": "九十"})
    assert "评分必须是数字" in bad.content.decode()
    assert fingerprint_changes(before, database_fingerprint()) == []
    assert JudgeScore.objects.get(entry=entry).score == 91


def test_the_results_print_from_excel(client_as, company, labour, output):
    write(company, output, {t: 80 + 5 * n for n, t in enumerate(teams())}, month=APRIL)
    services.competition_results_publish(actor=company.users["dangwei"], competition=labour, first_month=APRIL,
                                         last_month=APRIL)  # fmt: skip
    response = client_as("zhigong").get(f"/indicators/competitions/{labour.pk}/results.xlsx?period={APRIL}-{APRIL}")
    sheet = openpyxl.load_workbook(BytesIO(response.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert "竞赛结果" in str(rows[0][0]) and "未公布" not in str(rows[0][0])
    ranked = [r for r in rows if r[1] == 1]
    assert {r[0] for r in ranked} == {"生产班组", "辅助班组"}
    assert sheet.page_setup.orientation == "landscape"


def test_home_tells_a_judge_his_sheets_and_the_office_the_results_to_publish(client_as, company, skills, labour):
    items = home_items(client_as("shuji"))
    assert items["indicators.judge_sheets"][0] == "4"
    assert f"/indicators/competitions/{skills.pk}/judge/" in items["indicators.judge_sheets"][1]
    office = home_items(client_as("dangwei"))
    assert "indicators.competition_results" in office  # months of the year past, none published
    assert "indicators.judge_sheets" in office  # dangwei judges the 技术比武 too
    assert "indicators.judge_sheets" not in home_items(client_as("zhigong"))


def test_the_api_refuses_a_second_score_and_one_outside_his_competition(api_as, company, skills, labour):
    api, entry = api_as("shuji"), skills.entries.first()
    data = {"entry": entry.pk, "first_month": Q2.first, "last_month": Q2.last, "score": "90"}
    assert api.post("/api/v1/judge-scores/", data, format="json").status_code == 201
    before = database_fingerprint()
    twice = api.post("/api/v1/judge-scores/", data | {"score": "99"}, format="json")
    assert twice.status_code == 400 and "不能重复评分" in str(twice.json())
    outside = {"entry": labour.entries.first().pk, "first_month": MAY, "last_month": MAY, "score": "90"}
    refused = api.post("/api/v1/judge-scores/", outside, format="json")
    assert refused.status_code == 403 and "不是该竞赛的评委" in str(refused.json())
    worker = api_as("zhigong").post("/api/v1/judge-scores/", data, format="json")
    assert worker.status_code == 403
    assert fingerprint_changes(before, database_fingerprint()) == []
    mine = api.get("/api/v1/judge-scores/").json()
    assert [row["score"] for row in mine["results"]] == ["90.00"]


def test_the_list_filters_and_exports_what_the_user_sees(client_as, company):
    from vanguard.indicators.models import Competition

    response = client_as("outsider").get("/indicators/competitions/export/?kind=labour")
    sheet = openpyxl.load_workbook(BytesIO(response.content)).active
    names = {row[0].value for row in sheet.iter_rows()}
    visible = set(
        Competition.objects.restrict(company.users["outsider"]).filter(kind="labour").values_list("name", flat=True)
    )
    hidden = set(Competition.objects.filter(kind="labour").values_list("name", flat=True)) - visible
    assert visible and visible <= names and not (hidden & names)
    queries, page = page_queries(client_as("zhigong"), "/indicators/competitions/?kind=skills")
    own = Competition.objects.restrict(company.users["zhigong"]).filter(kind="skills").count()
    assert queries <= 10 and page.content.decode().count('data-testid="competition-row"') == own == 1


def test_the_office_sets_up_a_competition_on_its_pages_and_the_board_ranks(client_as, company, output):
    office = client_as("dangwei")
    from vanguard.org.models import Unit

    plant = Unit.objects.get(path=company.team.path[: 2 * Unit.steplen])
    response = office.post("/indicators/competitions/new/", {
        "name": "轧管厂产量竞赛", "kind": "labour", "year": 2026, "unit": plant.pk, "granularity": "month",
        "method": "indicators", "min_judges": 3, "red_flag_threshold": 90, "categories": "生产班组、辅助班组",
    })  # fmt: skip
    from vanguard.indicators.models import Competition

    competition = Competition.objects.get(name="轧管厂产量竞赛")
    setup = f"/indicators/competitions/{competition.pk}/setup/"
    assert response.status_code == 302 and response["Location"] == setup
    category = competition.categories.get(name="生产班组")
    assert office.post(setup, {"part": "entries", "e-category": category.pk, "e-under": plant.pk}).status_code == 302
    bad = office.post(setup, {"part": "rule", "r-indicator": output.pk, "r-weight": 100, "r-normalisation": "none",
                              "r-target": 100, "r-tiers": "五:2"})  # fmt: skip
    assert "不是“超出%:加分”的格式" in bad.content.decode()
    assert office.post(setup, {"part": "rule", "r-indicator": output.pk, "r-weight": 100, "r-normalisation": "none",
                               "r-target": 100, "r-tiers": "5:2, 10:4"}).status_code == 302  # fmt: skip
    write(company, output, {company.team: 111})
    page = office.get(f"/indicators/competitions/{competition.pk}/?period={MAY}-{MAY}").content.decode()
    assert "104.00" in page and competition.entries.get(unit=company.team).name in page
    # The union organises her own plant's competitions only; the worker none.
    assert client_as("zhigong").get("/indicators/competitions/new/").status_code == 404
