from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from vanguard.core.numbers import parse_decimal


@pytest.mark.parametrize(
    "text,expected",
    [
        ("12.5", Decimal("12.5")),
        ("  7 ", Decimal("7")),
        ("-3", Decimal("-3")),
        ("+3", Decimal("3")),
        (".5", Decimal("0.5")),
        ("１２．５", Decimal("12.5")),
        ("－３", Decimal("-3")),
        ("＋４", Decimal("4")),
        ("\u22122", Decimal("-2")),
        ("1,234.5", Decimal("1234.5")),
        ("1，234.5", Decimal("1234.5")),
        ("１，２３４．５", Decimal("1234.5")),
        ("12,345,678", Decimal("12345678")),
        ("-1,000", Decimal("-1000")),
        ("1e3", Decimal("1E+3")),
        (5, Decimal(5)),
        (2.5, Decimal("2.5")),
        (Decimal("0.10"), Decimal("0.10")),
    ],
)
def test_numbers_people_type_are_read(text, expected):
    assert parse_decimal(text) == expected


@pytest.mark.parametrize("text", [None, "", "   ", "\u3000"])
def test_empty_input_is_none(text):
    assert parse_decimal(text) is None


@pytest.mark.parametrize("text", ["1,5", "1，5", "12,34", "1,2345", "1234,567", ",123", "1,,234", "1.234,5", "1,234,5"])
def test_a_comma_that_is_not_a_thousands_separator_is_refused(text):
    with pytest.raises(ValidationError) as err:
        parse_decimal(text)
    assert "逗号" in err.value.messages[0] and "小数点" in err.value.messages[0]


@pytest.mark.parametrize("text", ["abc", "十万", "NaN", "inf", "1.2.3", "1 234", "12元", "--1", "0x10", True])
def test_garbage_is_refused_with_a_chinese_message(text):
    with pytest.raises(ValidationError) as err:
        parse_decimal(text, label="实际值")
    assert err.value.messages == [f"实际值“{text}”不是有效的数字,请只填写数字(如 12.5)。"]


def test_the_error_is_raised_for_the_named_field():
    with pytest.raises(ValidationError) as err:
        parse_decimal("很多", label="目标值", field="target_value")
    assert err.value.message_dict == {"target_value": ["目标值“很多”不是有效的数字,请只填写数字(如 12.5)。"]}


def test_non_finite_numbers_are_refused():
    with pytest.raises(ValidationError):
        parse_decimal(float("nan"))
    with pytest.raises(ValidationError):
        parse_decimal(Decimal("Infinity"))


def test_the_apps_agree_on_a_comma():
    """A "1,5" used to be 15 in campaigns and projects and 1.5 in orglife; all now refuse it."""
    from vanguard.orglife.hours import parse_hours
    from vanguard.projects.benefits import parse_benefit

    for parse in (parse_hours, parse_benefit):
        with pytest.raises(ValidationError, match="逗号"):
            parse("1,5")
    assert parse_hours("１．５") == Decimal("1.5")
    assert parse_benefit("1,234.5") == Decimal("1234.50")
