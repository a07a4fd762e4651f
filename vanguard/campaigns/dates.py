"""Month arithmetic for report periods."""

from datetime import date, timedelta


def month_end(day):
    nxt = date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    return nxt - timedelta(days=1)


def add_months(day, months):
    """The first day of the month ``months`` after ``day``'s month."""
    month = day.month - 1 + months
    return date(day.year + month // 12, month % 12 + 1, 1)
