"""Targets with their breakthrough, set by the union and the office over the unit; pledges made by the team
leader for his team and followed up by the union; indicator definitions kept by the office."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from vanguard.core.exceptions import ScopeError
from vanguard.core.testing import database_fingerprint, fingerprint_changes
from vanguard.indicators.models import Indicator, IndicatorTarget
from vanguard.indicators.periods import Period
from vanguard.indicators.services.indicators import indicator_save
from vanguard.indicators.services.targets import pledge_create, pledge_follow, target_save

pytestmark = pytest.mark.django_db
Q3 = Period.quarter(2026, 3)


def indicator(code):
    return Indicator.objects.get(code=code)


def test_the_union_sets_a_target_in_her_plant_and_saving_again_changes_it(company):
    union, cost = company.users["gonghui"], indicator("cost-per-ton")
    row = target_save(actor=union, indicator=cost, unit=company.team, first_month=Q3.first, last_month=Q3.last,
                      target="3000", breakthrough="2900")  # fmt: skip
    again = target_save(actor=union, indicator=cost, unit=company.team, first_month=Q3.first, last_month=Q3.last,
                        target="2950", breakthrough="2850")  # fmt: skip
    assert again.pk == row.pk and IndicatorTarget.objects.get(pk=row.pk).target == Decimal("2950")
    before = database_fingerprint()
    with pytest.raises(ValidationError, match="突破性目标应优于"):
        target_save(actor=union, indicator=cost, unit=company.team, first_month=Q3.first, last_month=Q3.last,
                    target="3000", breakthrough="3100")  # fmt: skip
    with pytest.raises(ScopeError):
        target_save(actor=union, indicator=cost, unit=company.other_team, first_month=Q3.first,
                    last_month=Q3.last, target="3000")  # fmt: skip
    with pytest.raises(ScopeError):
        target_save(actor=company.users["banzhang"], indicator=cost, unit=company.team, first_month=Q3.first,
                    last_month=Q3.last, target="1")  # fmt: skip
    assert fingerprint_changes(before, database_fingerprint()) == []


def test_the_team_leader_pledges_for_his_team_and_the_union_follows_it_up(company):
    leader = company.users["banzhang"]
    pledge = pledge_create(actor=leader, indicator=indicator("output"), unit=company.team, first_month=Q3.first,
                           last_month=Q3.last, value="6000", content="三季度产量 6000 吨")  # fmt: skip
    assert pledge.pledger == leader.person
    with pytest.raises(ScopeError, match="无权"):
        pledge_create(actor=leader, indicator=indicator("output"), unit=company.other_team, first_month=Q3.first,
                      last_month=Q3.last, value="1")  # fmt: skip
    with pytest.raises(ScopeError):
        pledge_follow(actor=leader, pledge=pledge, note="自己跟踪自己")
    followed = pledge_follow(actor=company.users["gonghui"], pledge=pledge, note="已到班组核实")
    assert followed.follow_up == "已到班组核实" and followed.follower == company.users["gonghui"].person


def test_only_the_office_keeps_the_indicators_and_a_weighted_one_needs_its_weight(company):
    data = {"code": "energy", "name": "吨管能耗", "kind": "custom", "unit_of_measure": "kgce/t",
            "direction": "lower", "aggregation": "weighted"}  # fmt: skip
    with pytest.raises(ScopeError):
        indicator_save(actor=company.users["banzhang"], indicator=Indicator(), data=data)
    with pytest.raises(ValidationError, match="加权依据"):
        indicator_save(actor=company.users["dangwei"], indicator=Indicator(), data=data)
    saved = indicator_save(actor=company.users["dangwei"], indicator=Indicator(),
                           data={**data, "weight_by": indicator("output")})  # fmt: skip
    with pytest.raises(ValidationError, match="代码不能再改"):
        indicator_save(actor=company.users["dangwei"], indicator=indicator("output"), data={"code": "output-2"})
    assert saved.weight_by.code == "output"


def _file(rows):
    import io

    upload = io.BytesIO("\n".join(",".join(r) for r in rows).encode("utf-8"))
    upload.name = "目标.csv"
    return upload


def test_targets_import_from_a_file_whole_or_not_at_all(client_as, company):
    client = client_as("gonghui")
    from vanguard.org.models import Unit

    process = Unit.objects.get(path=company.team.path[: -Unit.steplen])
    team = f"{process.name}／{company.team.name}"  # the same-named teams of her plant told apart by their process
    head = ["起始月份", "截止月份", "班组名称", "指标", "目标值", "突破性目标"]
    bad = _file([head, ["2026-07", "2026-09", team, "产量", "3600", "3800"],
                 ["2026-07", "2026-09", team, "吨管成本", "3000", "3100"],
                 ["2026-07", "2026-09", team, "没有的指标", "1", ""]])  # fmt: skip
    before = database_fingerprint()
    body = client.post("/indicators/targets/import/", {"file": bad}).content.decode()
    import re

    print(re.sub(r"<[^>]+>", " ", body[body.find("import-errors") : body.find("import-errors") + 1500]))
    assert "第 3 行" in body and "突破性目标应优于" in body and "第 4 行" in body and "不存在" in body
    assert fingerprint_changes(before, database_fingerprint()) == []
    good = _file([head, ["2026-07", "2026-09", team, "产量", "3600", "3800"]])
    assert client.post("/indicators/targets/import/", {"file": good}).status_code == 302
    assert IndicatorTarget.objects.get(unit=company.team, first_month=Q3.first, indicator__code="output").target == 3600
    assert client_as("zhigong").get("/indicators/targets/import/").status_code == 404
