"""Indicator pages: a worker's board shows his team and not another plant's; the team leader enters his own
team's month on a phone (a closed month asks for the reason); a file of values imported whole or refused
whole; the lists, exports, months, targets and pledges; query counts stay flat."""

import io

import openpyxl
import pytest

from vanguard.core.testing import database_fingerprint, fingerprint_changes, home_items, page_queries
from vanguard.indicators.models import Indicator, IndicatorPeriod, IndicatorValue, Pledge, ValueCorrection
from vanguard.indicators.periods import month_key
from vanguard.indicators.selectors.values import IN_PROGRESS, MET, MISSED, pledge_states
from vanguard.org.models import Unit

pytestmark = pytest.mark.django_db
LAST = 2026 * 12 + 4  # May 2026: last month on the frozen clock, still open in the demo


def test_a_worker_sees_his_team_board_and_not_another_plants(client_as, company):
    client = client_as("zhigong")
    queries, response = page_queries(client, "/indicators/")
    body = response.content.decode()
    assert (
        company.team.name in body
        and body.count('data-testid="indicator-card"') == Indicator.objects.filter(active=True).count()
    )
    assert queries <= 20
    assert client.get(f"/indicators/?unit={company.other_team.pk}").status_code == 404
    # the plant and company figures above his team are his to see
    plant = Unit.objects.get(path=company.team.path[: 2 * Unit.steplen])
    assert client.get(f"/indicators/?unit={plant.pk}").status_code == 200


def test_a_unit_board_lists_its_children_from_the_roll_up_in_flat_queries(client_as, company):
    client = client_as("dangwei")
    root = Unit.objects.get(path=company.team.path[: Unit.steplen])
    queries, response = page_queries(client, f"/indicators/?unit={root.pk}&month={month_key(LAST - 1)}")
    body = response.content.decode()
    assert 'data-testid="child-row"' in body and "未填报" not in body.split('data-testid="children"')[0]
    assert queries <= 20


def test_the_team_leader_enters_his_team_month_and_not_another_team(client_as, company):
    client = client_as("banzhang")
    team = company.team
    queries, response = page_queries(client, f"/indicators/entry/?unit={team.pk}&month={month_key(LAST)}")
    assert queries <= 20
    assert client.get(f"/indicators/entry/?unit={company.other_team.pk}").status_code == 404
    data = {"output": "1234.5", "safety-violations": "0"}
    response = client.post(f"/indicators/entry/?unit={team.pk}&month={month_key(LAST)}", data)
    assert response.status_code == 302
    assert IndicatorValue.objects.get(unit=team, month=LAST, indicator__code="output").value == 1234.5


def test_a_wrong_value_is_shown_next_to_its_field_and_nothing_is_saved(client_as, company):
    client = client_as("banzhang")
    before = database_fingerprint()
    response = client.post(f"/indicators/entry/?unit={company.team.pk}&month={month_key(LAST)}",
                           {"output": "十吨", "quality-pass-rate": "120"})  # fmt: skip
    body = response.content.decode()
    assert response.status_code == 200 and "不是数字" in body and "不能大于" in body
    assert fingerprint_changes(before, database_fingerprint()) == []


def test_a_closed_month_asks_for_the_reason_and_keeps_a_correction(client_as, company):
    client = client_as("banzhang")
    team, month = company.team, LAST - 2
    url = f"/indicators/entry/?unit={team.pk}&month={month_key(month)}"
    assert 'data-testid="closed"' in client.get(url).content.decode()
    response = client.post(url, {"output": "999"})
    assert response.status_code == 200 and "更正须填写原因" in response.content.decode()
    response = client.post(url, {"output": "999", "reason": "计量表校准"})
    assert response.status_code == 302
    assert ValueCorrection.objects.filter(value__unit=team, value__month=month, reason="计量表校准").exists()


def _csv(rows, encoding="gbk"):
    text = "\n".join(",".join(r) for r in rows)
    return io.BytesIO(text.encode(encoding))


def test_a_gbk_csv_with_a_title_row_and_full_width_digits_imports(client_as, company):
    client = client_as("banzhang")
    team = company.team
    upload = _csv([["5月班组指标"], ["月份", "班组名称", "产量(吨)", "违章次数"],
                   [" 2026-05 ", team.name, "１２３４", " 1 "]])  # fmt: skip
    upload.name = "指标.csv"
    response = client.post("/indicators/values/import/", {"file": upload})
    body = response.content.decode()
    assert 'data-testid="imported"' in body, body[body.find("import-errors") : body.find("import-errors") + 800]
    assert IndicatorValue.objects.get(unit=team, month=LAST, indicator__code="output").value == 1234


def test_a_non_numeric_cell_refuses_the_whole_file_with_its_row(client_as, company):
    client = client_as("banzhang")
    team = company.team
    upload = _csv([["月份", "班组名称", "产量", "违章次数"], ["2026-05", team.name, "1234", "1"],
                   ["2026-04", team.name, "一千", "0"], ["2026-05", company.other_team.name, "5", "0"]], "utf-8")  # fmt: skip
    upload.name = "指标.csv"
    before = database_fingerprint()
    body = client.post("/indicators/values/import/", {"file": upload}).content.decode()
    assert 'data-testid="import-errors"' in body and "第 3 行" in body and "不是数字" in body and "第 4 行" in body
    assert fingerprint_changes(before, database_fingerprint()) == []


def test_the_template_and_the_exports_open(client_as, company):
    client = client_as("banzhang")
    book = openpyxl.load_workbook(io.BytesIO(client.get("/indicators/values/import/template/").content))
    assert "产量(吨)" in [c.value for c in book.active[1]]
    url = f"/indicators/values/export/?unit={company.team.pk}&first=2026-01"
    assert client.get(url).status_code == 200
    csv_body = client.get(url + "&fmt=csv").content.decode("utf-8-sig")
    assert csv_body.startswith("月份,单位编码") and company.team.name in csv_body


@pytest.mark.parametrize("url", ["/indicators/values/", "/indicators/targets/", "/indicators/pledges/",
                                 "/indicators/months/"])  # fmt: skip
def test_the_lists_open_in_flat_queries(client_as, company, url):
    queries, _ = page_queries(client_as("dangwei"), url)
    assert queries <= 25


def test_the_targets_and_pledges_export_what_the_lists_show(client_as, company):
    client = client_as("dangwei")
    book = openpyxl.load_workbook(
        io.BytesIO(client.get(f"/indicators/targets/export/?year=2026&unit={company.team.pk}").content)
    )
    assert book.active.max_row >= 1 + 8  # a title row, the header and the team's eight targets
    book = openpyxl.load_workbook(io.BytesIO(client.get("/indicators/pledges/export/").content))
    states = {row[6] for row in book.active.iter_rows(min_row=3, values_only=True)}
    assert states <= {"进行中", "已兑现", "未兑现"} and "已兑现" in states


def test_the_office_closes_a_month_and_a_leader_may_not(client_as, company):
    assert client_as("banzhang").post("/indicators/months/", {"month": month_key(LAST)}).status_code == 404
    client_as("dangwei").post("/indicators/months/", {"month": month_key(LAST)})
    assert IndicatorPeriod.objects.filter(month=LAST).exists()


def test_the_office_reopens_a_month_with_a_reason(client_as, company):
    client = client_as("dangwei")
    month = month_key(LAST - 1)
    client.post("/indicators/months/", {"month": month, "action": "reopen", "reason": ""})
    assert IndicatorPeriod.objects.filter(month=LAST - 1).exists()
    client.post("/indicators/months/", {"month": month, "action": "reopen", "reason": "四月产量重新结算"})
    assert not IndicatorPeriod.objects.filter(month=LAST - 1).exists()


def test_pledges_are_met_or_missed_once_their_months_closed(company):
    pledges = list(Pledge.objects.select_related("indicator__weight_by"))
    states = {state for state, _ in pledge_states(pledges).values()}
    assert states == {IN_PROGRESS, MET, MISSED}


def test_the_home_items_count_what_their_lists_show(client_as, company):
    IndicatorValue.objects.filter(unit=company.team, month=LAST).delete()
    items = home_items(client_as("banzhang"))
    assert items["indicators.values_missing"][0] == "1"
    ended = Pledge.objects.filter(last_month__lt=LAST + 1, follow_up="").count()
    count, url = home_items(client_as("dangwei"))["indicators.pledges_follow"]
    assert int(count) == ended > 0
    assert client_as("dangwei").get(url).content.decode().count('data-testid="pledge-row"') == min(ended, 25)


def test_a_large_file_imports_in_the_background_with_progress(client_as, company, settings):
    settings.ROSTER_BACKGROUND_ROWS = 1
    client = client_as("banzhang")
    upload = _csv([["月份", "班组名称", "产量(吨)"], ["2026-05", company.team.name, "888"],
                   ["2026-04", company.team.name, "777"]], "utf-8")  # fmt: skip
    upload.name = "指标.csv"
    response = client.post("/indicators/values/import/", {"file": upload, "reason": "四月补报"})
    assert response.status_code == 302 and "?task=" in response["Location"]
    body = client.get(response["Location"]).content.decode()
    assert 'data-testid="imported"' in body and 'class="vg-task"' in body
    assert IndicatorValue.objects.get(unit=company.team, month=LAST - 1, indicator__code="output").value == 777


def test_a_unit_figure_opens_the_team_values_behind_it(client_as, company):
    client = client_as("dangwei")
    root = Unit.objects.get(path=company.team.path[: Unit.steplen])
    body = client.get(f"/indicators/?unit={root.pk}&month={month_key(LAST - 1)}").content.decode()
    card = body[body.index('data-code="output"') :]
    link = card[card.index('href="') + 6 : card.index('" title="查看数值"')].replace("&amp;", "&")
    listed = client.get(link).content.decode()
    teams = IndicatorValue.objects.filter(indicator__code="output", month=LAST - 1, unit__kind="team").count()
    assert f"共 {teams} 条" in listed or listed.count('data-testid="value-row"') == teams
