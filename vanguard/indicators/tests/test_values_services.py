"""Writing indicator values: once per indicator, team and month; closed months corrected with a reason; a bad
batch refused whole."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from vanguard.core.exceptions import ScopeError
from vanguard.core.testing import database_fingerprint, fingerprint_changes
from vanguard.indicators.choices import Aggregation, Direction, IndicatorKind, ValueSource
from vanguard.indicators.models import Indicator, IndicatorValue, ValueCorrection
from vanguard.indicators.periods import Period, parse_month
from vanguard.indicators.services.values import (
    RowErrors,
    ValueRow,
    indicator_month_close,
    indicator_values_upsert,
)

MAY = 2026 * 12 + 4  # the frozen clock's month is June 2026


@pytest.fixture
def output(db):
    return Indicator.objects.create(
        code="test-output", name="测试产量", kind=IndicatorKind.OUTPUT, unit_of_measure="吨",
        direction=Direction.HIGHER, aggregation=Aggregation.SUM, minimum=Decimal(0),
    )  # fmt: skip


def team_of(company, persona):
    return company.users[persona].person.unit


def test_months_are_integers_and_periods_read_as_the_office_says():
    assert parse_month("2026-05") == MAY == parse_month("2026年5月") == parse_month("2026/5")
    assert parse_month("2026-13") is None and parse_month("五月") is None
    assert Period.quarter(2026, 2).label == "2026年第2季度" and Period.year(2026).label == "2026年"


def test_a_team_leader_enters_his_team_and_a_repeated_push_is_not_doubled(company, output):
    team = team_of(company, "zhigong")
    rows = [ValueRow(output, team, MAY, "120.5")]
    first = indicator_values_upsert(actor=company.users["banzhang"], rows=rows)
    again = indicator_values_upsert(actor=company.users["banzhang"], rows=rows, source=ValueSource.API)
    assert (first.created, again.created, again.unchanged) == (1, 0, 1)
    assert IndicatorValue.objects.get(indicator=output, unit=team, month=MAY).value == Decimal("120.5")


def test_a_changed_value_in_a_closed_month_needs_a_reason_and_is_kept_as_a_correction(company, output):
    team, leader = team_of(company, "zhigong"), company.users["banzhang"]
    indicator_values_upsert(actor=leader, rows=[ValueRow(output, team, MAY, 100)])
    indicator_month_close(actor=company.users["dangwei"], month=MAY)
    before = database_fingerprint()
    with pytest.raises(RowErrors, match="已关账"):
        indicator_values_upsert(actor=leader, rows=[ValueRow(output, team, MAY, 90)])
    assert fingerprint_changes(before, database_fingerprint()) == []
    result = indicator_values_upsert(actor=leader, rows=[ValueRow(output, team, MAY, 90)], reason="计量表校准")
    assert result.corrected == 1
    correction = ValueCorrection.objects.get(value__indicator=output)
    assert (correction.old_value, correction.new_value, correction.reason) == (100, 90, "计量表校准")


def test_one_bad_row_refuses_the_batch_and_names_every_bad_row(company, output):
    team, other = team_of(company, "zhigong"), company.other_team
    rows = [
        ValueRow(output, team, MAY, 1, line="第 2 行"),
        ValueRow(output, team, MAY - 1, "十吨", line="第 3 行"),
        ValueRow(output, team, MAY - 2, -5, line="第 4 行"),
        ValueRow(output, other, MAY, 1, line="第 5 行"),
        ValueRow(output, team, MAY + 2, 1, line="第 6 行"),
    ]
    before = database_fingerprint()
    with pytest.raises(RowErrors) as refused:
        indicator_values_upsert(actor=company.users["banzhang"], rows=rows)
    assert [line for line, _ in refused.value.rows] == ["第 3 行", "第 4 行", "第 5 行", "第 6 行"]
    assert "不是数字" in refused.value.rows[0][1] and "无权" in refused.value.rows[2][1]
    assert fingerprint_changes(before, database_fingerprint()) == []


def test_only_the_office_closes_a_month(company):
    with pytest.raises(ScopeError):
        indicator_month_close(actor=company.users["banzhang"], month=MAY)
    with pytest.raises(ValidationError, match="尚未到来"):
        indicator_month_close(actor=company.users["dangwei"], month=MAY + 2)
