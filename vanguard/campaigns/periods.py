"""The half years of commitment checks (承诺践诺): which half year a day falls in, and which one is due."""

from datetime import date

from django.utils import timezone


def half_year_start(day: date) -> date:
    return date(day.year, 1 if day.month <= 6 else 7, 1)


def commitment_check_period_due(today: date | None = None) -> tuple[date, bool] | None:
    """The half year whose check is due on ``today`` and whether it is late, or None.

    A half year's check is due from its last month (June, December) and late in the month after
    it (January, July): the results are published with the half year just ended.
    """
    today = today or timezone.localdate()
    if today.month in (6, 12):
        return date(today.year, today.month - 5, 1), False
    if today.month in (1, 7):
        return (date(today.year - 1, 7, 1) if today.month == 1 else date(today.year, 1, 1)), True
    return None
