"""Month arithmetic and working days: the one place that knows how months roll over and which days are worked.

Working days follow the State Council's calendar of statutory holidays and make-up working
days (the chinese-calendar package), overridden by the office's own table
(``core.CalendarDay``, in the admin under 工作日历调整). For a year the package has no data
for, the statutory part falls back to Monday to Friday (plus the office's table) and a
warning is logged; ``calendar_gaps`` names such years so a page can say so.
"""

import logging
from datetime import date, datetime, timedelta
from functools import cache

import chinese_calendar
from django.core.exceptions import ValidationError
from django.utils import timezone

logger = logging.getLogger(__name__)


def month_start(day: date) -> date:
    """The first day of ``day``'s month."""
    return date(day.year, day.month, 1)


def add_months(day: date, months: int) -> date:
    """The first day of the month ``months`` (may be negative) after ``day``'s month."""
    month = day.month - 1 + months
    return date(day.year + month // 12, month % 12 + 1, 1)


def month_end(day: date) -> date:
    """The last day of ``day``'s month."""
    return add_months(day, 1) - timedelta(days=1)


def month_bounds(day: date) -> tuple[date, date]:
    """The first and the last day of ``day``'s month."""
    return month_start(day), month_end(day)


def month_of(year: int, month: int) -> date:
    """The first day of ``month`` of ``year``; months past 12 (or below 1) roll into the next (previous) year."""
    return add_months(date(year, 1, 1), month - 1)


# The first year any record may fall in; the pages offer no year before it.
FIRST_YEAR = 2000


def plausible_year(year: int, today: date | None = None) -> bool:
    """A year a report may ask for: from ``FIRST_YEAR`` to next year (a far year would break the date arithmetic)."""
    return FIRST_YEAR <= year <= (today or timezone.localdate()).year + 1


def months_ago(n: int, day: int = 1, today: date | None = None) -> date:
    """Day ``day`` of the month ``n`` months before today's (``n`` < 0: after)."""
    return add_months(today or timezone.localdate(), -n).replace(day=day)


def month_number(day) -> int:
    """A month as one integer (``year * 12 + month - 1``): consecutive months differ by one, so a count of months
    is a subtraction of stored columns, with no date function on every row (projects, suggestions, indicators)."""
    return day.year * 12 + day.month - 1


def parse_month(text: str) -> date | None:
    """``"2025-06"`` → 2025-06-01; None for anything else."""
    try:
        year, month = (int(x) for x in (text or "").split("-"))
        return date(year, month, 1)
    except ValueError:
        return None


# ---------------------------------------------------------------- facts cannot lie ahead


def not_in_future(value: date | None, label: str, *, field: str | None = None, hint: str = "", today=None):
    """Refuse the date of a fact that cannot have happened yet: ``{label} 2026-07-01 不能晚于今天。``.

    For what was done (a check, a meeting held, hours trained, a day on site, a log, a joining
    date), never for what is planned (a meeting scheduled for next week, a deadline). Raises a
    ``ValidationError`` keyed by ``field`` when given (a form shows it by the field); returns
    ``value`` otherwise. None passes: whether a date is required is the caller's rule.
    """
    if value is None:
        return value
    day = value.date() if isinstance(value, datetime) else value
    if day > (today or timezone.localdate()):
        message = f"{label} {day:%Y-%m-%d} 不能晚于今天" + (f",{hint}" if hint else "") + "。"
        raise ValidationError({field: message} if field else message)
    return value


def chinese_date(day: date | None, *, blank: str = "    年  月  日") -> str:
    """``day`` as Chinese paper writes it: 2026年6月1日 (no leading zeros, never ISO inside Chinese text).

    A datetime is read in the local time zone. None gives ``blank``: the spaces a hand fills in.
    """
    if day is None:
        return blank
    if hasattr(day, "hour"):
        day = timezone.localtime(day) if timezone.is_aware(day) else day
    return f"{day.year}年{day.month}月{day.day}日"


# ---------------------------------------------------------------- working days


@cache
def statutory_year_known(year: int) -> bool:
    """Whether the chinese-calendar package has the holidays and make-up days of ``year``."""
    try:
        chinese_calendar.is_workday(date(year, 6, 1))
    except NotImplementedError:
        return False
    return True


def calendar_gaps(first: date, last: date) -> list[int]:
    """The years from ``first`` to ``last`` whose statutory holidays are unknown (counted Monday to Friday)."""
    return [year for year in range(first.year, last.year + 1) if not statutory_year_known(year)]


_warned_years: set[int] = set()


def _warn_about_gaps(first, last, office):
    for year in calendar_gaps(first, last):
        if year in _warned_years:
            continue
        _warned_years.add(year)
        amended = sum(1 for day in office if day.year == year)
        logger.warning(
            "chinese-calendar %s has no statutory holidays for %s: its working days are counted Monday to Friday "
            "plus the %s day(s) of the office's calendar (core.CalendarDay); upgrade the package or amend the table.",
            getattr(chinese_calendar, "__version__", "?"),
            year,
            amended,
        )


def _statutory_workday(day: date) -> bool:
    if statutory_year_known(day.year):
        return chinese_calendar.is_workday(day)
    return day.weekday() < 5


def _office_days(first: date, last: date) -> dict[date, bool]:
    from .models import CalendarDay

    rows = CalendarDay.objects.filter(date__gte=first, date__lte=last)
    return dict(rows.values_list("date", "is_workday"))


def workdays(first: date, last: date) -> list[date]:
    """The working days from ``first`` to ``last``, both included, in order (one query)."""
    if last < first:
        return []
    office = _office_days(first, last)
    _warn_about_gaps(first, last, office)
    days = (first + timedelta(days=n) for n in range((last - first).days + 1))
    return [day for day in days if office.get(day, _statutory_workday(day))]


def workdays_between(first: date, last: date) -> int:
    """How many working days there are from ``first`` to ``last``, both included (February 2026: 16)."""
    return len(workdays(first, last))


def is_workday(day: date) -> bool:
    """Whether ``day`` is worked: the office's table, else the statutory calendar (make-up Saturdays are)."""
    return bool(workdays(day, day))


def add_workdays(day: date, n: int) -> date:
    """The ``n``-th working day after ``day`` (before it for a negative ``n``); ``day`` itself for 0.

    A notice published on a Friday before the Spring Festival for 5 working days ends on the
    5th working day after it, the make-up Saturdays counted and the holidays skipped.
    """
    step, remaining = (1 if n >= 0 else -1), abs(n)
    while remaining:
        # A window that holds the remaining working days unless holidays are longer than a fortnight.
        span = timedelta(days=remaining * 2 + 14)
        first, last = (day + timedelta(days=1), day + span) if step > 0 else (day - span, day - timedelta(days=1))
        found = workdays(first, last)
        if step < 0:
            found.reverse()
        if len(found) >= remaining:
            return found[remaining - 1]
        remaining -= len(found)
        day = last if step > 0 else first
    return day
