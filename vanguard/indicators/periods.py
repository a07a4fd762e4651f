"""Months as one integer (``year * 12 + month - 1``) and the periods built of them: a month, a quarter, a
year. Consecutive months differ by one, so a period is a range of a stored, indexed column."""

import re
from dataclasses import dataclass
from datetime import date

from vanguard.core.dates import month_number


def month_of(number: int) -> tuple[int, int]:
    """(year, month) of a month number."""
    return divmod(number, 12)[0], number % 12 + 1


def month_label(number: int) -> str:
    year, month = month_of(number)
    return f"{year}年{month}月"


def month_key(number: int) -> str:
    """The ``2026-06`` form of a month number (forms, URLs, imports, the API)."""
    year, month = month_of(number)
    return f"{year:04d}-{month:02d}"


MONTH_KEY = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?\s*$")


def parse_month(text) -> int | None:
    """A month number from ``2026-06``, ``2026/6``, ``2026年6月`` or a date; None when it is not a month."""
    if isinstance(text, date):
        return month_number(text)
    match = MONTH_KEY.match(str(text or ""))
    if not match:
        return None
    year, month = int(match[1]), int(match[2])
    if not (1 <= month <= 12 and 1900 <= year <= 2999):
        return None
    return year * 12 + month - 1


@dataclass(frozen=True)
class Period:
    """A run of months: a month, a quarter or a year."""

    first: int
    last: int

    @classmethod
    def month(cls, number):
        return cls(number, number)

    @classmethod
    def quarter(cls, year, quarter):
        first = year * 12 + (quarter - 1) * 3
        return cls(first, first + 2)

    @classmethod
    def year(cls, year):
        return cls(year * 12, year * 12 + 11)

    @property
    def months(self):
        return range(self.first, self.last + 1)

    @property
    def label(self):
        first_year, first_month = month_of(self.first)
        last_year, last_month = month_of(self.last)
        if self.first == self.last:
            return month_label(self.first)
        if first_month == 1 and last_month == 12 and first_year == last_year:
            return f"{first_year}年"
        if first_year == last_year and first_month % 3 == 1 and last_month == first_month + 2:
            return f"{first_year}年第{(first_month + 2) // 3}季度"
        return f"{month_label(self.first)}至{month_label(self.last)}"

    def __str__(self):
        return self.label
