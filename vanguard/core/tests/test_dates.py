from datetime import date

from vanguard.core.dates import add_months, month_bounds, month_end, month_of, month_start, months_ago, parse_month


def test_month_arithmetic_rolls_over_years():
    assert month_start(date(2026, 6, 15)) == date(2026, 6, 1)
    assert add_months(date(2026, 12, 31), 1) == date(2027, 1, 1)
    assert add_months(date(2026, 1, 31), -1) == date(2025, 12, 1)
    assert add_months(date(2026, 6, 15), -18) == date(2024, 12, 1)
    assert month_end(date(2024, 2, 3)) == date(2024, 2, 29)
    assert month_bounds(date(2026, 12, 5)) == (date(2026, 12, 1), date(2026, 12, 31))
    assert month_of(2026, 13) == date(2027, 1, 1)
    assert month_of(2026, 0) == date(2025, 12, 1)


def test_months_ago_and_parse_month():
    assert months_ago(7, 9, today=date(2026, 6, 15)) == date(2025, 11, 9)
    assert months_ago(-7, today=date(2026, 6, 15)) == date(2027, 1, 1)
    assert parse_month("2025-06") == date(2025, 6, 1)
    for text in ("", "2025", "2025-13", "2025-06-01", "x-y", None):
        assert parse_month(text) is None
