"""Month arithmetic: the one place that knows how months roll over."""

from datetime import date, timedelta

from django.utils import timezone


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


def months_ago(n: int, day: int = 1, today: date | None = None) -> date:
    """Day ``day`` of the month ``n`` months before today's (``n`` < 0: after)."""
    return add_months(today or timezone.localdate(), -n).replace(day=day)


def parse_month(text: str) -> date | None:
    """``"2025-06"`` → 2025-06-01; None for anything else."""
    try:
        year, month = (int(x) for x in (text or "").split("-"))
        return date(year, month, 1)
    except ValueError:
        return None
