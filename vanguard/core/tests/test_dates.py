import logging
from datetime import date

import chinese_calendar
import pytest

from vanguard.core import dates
from vanguard.core.dates import (
    add_months,
    add_workdays,
    calendar_gaps,
    is_workday,
    month_bounds,
    month_end,
    month_of,
    month_start,
    months_ago,
    parse_month,
    statutory_year_known,
    workdays,
    workdays_between,
)
from vanguard.core.exceptions import ScopeError
from vanguard.core.models import AuditEvent, CalendarDay


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


# ---------------------------------------------------------------- working days

FEB_2026 = (date(2026, 2, 1), date(2026, 2, 28))


@pytest.mark.django_db
def test_february_2026_has_16_working_days_as_the_state_council_set_them():
    # Spring Festival 2026: off 15–23 February, Saturdays 14 and 28 February worked.
    days = [date(2026, 2, d) for d in range(1, 29)]
    assert sum(chinese_calendar.is_workday(d) for d in days) == 16  # the package itself agrees
    assert sum(d.weekday() < 5 for d in days) == 20  # what Monday to Friday would say
    assert workdays_between(*FEB_2026) == 16
    assert workdays(*FEB_2026) == [d for d in days if chinese_calendar.is_workday(d)]
    for holiday in (16, 17, 18, 19, 20, 23):
        assert not is_workday(date(2026, 2, holiday))
    assert workdays_between(date(2026, 2, 28), date(2026, 2, 1)) == 0


@pytest.mark.django_db
def test_a_make_up_saturday_is_a_working_day():
    for saturday in (date(2026, 2, 14), date(2026, 2, 28)):
        assert saturday.weekday() == 5 and is_workday(saturday)
    assert not is_workday(date(2026, 2, 7))  # an ordinary Saturday


@pytest.mark.django_db
def test_add_workdays_skips_the_holidays_and_counts_the_make_up_days():
    friday = date(2026, 2, 13)
    assert add_workdays(friday, 0) == friday
    assert add_workdays(friday, 1) == date(2026, 2, 14)  # the make-up Saturday
    assert add_workdays(friday, 2) == date(2026, 2, 24)  # the first day after the Festival
    assert add_workdays(date(2026, 2, 24), -1) == date(2026, 2, 14)
    assert add_workdays(date(2026, 2, 24), -2) == friday
    # A notice of 5 working days from 30 September 2026: 8, 9, 10 (a make-up Saturday), 12, 13 October.
    assert add_workdays(date(2026, 9, 30), 5) == date(2026, 10, 13)
    assert add_workdays(date(2026, 10, 13), -5) == date(2026, 9, 30)
    assert add_workdays(date(2026, 1, 5), 200) == workdays(date(2026, 1, 6), date(2026, 12, 31))[199]


@pytest.mark.django_db
def test_an_office_override_wins_over_the_package(users):
    from vanguard.core.services import calendar_day_create, calendar_day_delete, calendar_day_update

    day = calendar_day_create(actor=users["admin"], date=date(2026, 2, 24), is_workday=False, name=" 公司厂庆 ")
    assert day.name == "公司厂庆" and not is_workday(date(2026, 2, 24))
    assert workdays_between(*FEB_2026) == 15
    saturday = calendar_day_create(actor=users["admin"], date=date(2026, 2, 7), is_workday=True, name="检修补班")
    assert is_workday(date(2026, 2, 7)) and workdays_between(*FEB_2026) == 16
    calendar_day_update(actor=users["admin"], day=saturday, data={"is_workday": False}, expected_version=1)
    calendar_day_delete(actor=users["admin"], day=day)
    assert is_workday(date(2026, 2, 24)) and workdays_between(*FEB_2026) == 16
    actions = AuditEvent.objects.filter(object_type="core.calendarday").values_list("action", flat=True)
    assert sorted(actions) == [
        "calendar_day.create",
        "calendar_day.create",
        "calendar_day.delete",
        "calendar_day.update",
    ]


@pytest.mark.django_db
def test_the_committee_office_amends_the_calendar_and_no_one_else(users):
    from vanguard.core.services import calendar_day_create

    for persona in ("shuji", "dangyuan"):
        with pytest.raises(ScopeError):
            calendar_day_create(actor=users[persona], date=date(2026, 3, 2), is_workday=False, name="放假")
    assert not CalendarDay.objects.exists()
    calendar_day_create(actor=users["dangwei"], date=date(2026, 3, 2), is_workday=False, name="放假")
    assert CalendarDay.objects.get().name == "放假"


@pytest.mark.django_db
def test_a_year_the_package_does_not_know_falls_back_to_monday_to_friday_and_the_office_table(
    users, caplog, monkeypatch
):
    from vanguard.core.services import calendar_day_create

    monkeypatch.setattr(dates, "_warned_years", set())
    new_year = date(2099, 1, 1)  # a Thursday
    with pytest.raises(NotImplementedError):
        chinese_calendar.is_workday(new_year)
    assert not statutory_year_known(2099) and statutory_year_known(2026)
    assert calendar_gaps(date(2098, 12, 1), date(2099, 1, 31)) == [2098, 2099]
    with caplog.at_level(logging.WARNING, logger="vanguard.core.dates"):
        assert is_workday(new_year)
        assert workdays_between(date(2099, 1, 1), date(2099, 1, 31)) == 22  # Monday to Friday
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1 and "2099" in warnings[0] and "Monday to Friday" in warnings[0]
    calendar_day_create(actor=users["admin"], date=new_year, is_workday=False, name="元旦")
    calendar_day_create(actor=users["admin"], date=date(2099, 1, 3), is_workday=True, name="元旦调休上班")
    assert not is_workday(new_year) and is_workday(date(2099, 1, 3))
    assert workdays_between(date(2099, 1, 1), date(2099, 1, 31)) == 22


def test_the_admin_saves_and_deletes_calendar_days_through_the_services(client_as, company):
    admin = client_as("admin")
    response = admin.post(
        "/django-admin/core/calendarday/add/", {"date": "2027-02-05", "is_workday": "", "name": "春节"}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    day = CalendarDay.objects.get(date=date(2027, 2, 5))
    listing = admin.get("/django-admin/core/calendarday/")
    assert listing.status_code == 200 and "未收录" in listing.content.decode()
    response = admin.post(
        f"/django-admin/core/calendarday/{day.pk}/change/", {"date": "2027-02-05", "is_workday": "on", "name": "补班"}
    )
    assert response.status_code == 302
    day.refresh_from_db()
    assert day.is_workday and day.version == 2
    response = admin.post(f"/django-admin/core/calendarday/{day.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302 and not CalendarDay.objects.exists()
    actions = AuditEvent.objects.filter(object_type="core.calendarday").values_list("action", flat=True)
    assert sorted(actions) == ["calendar_day.create", "calendar_day.delete", "calendar_day.update"]


def test_a_fact_cannot_be_dated_after_today():
    from datetime import datetime, timedelta

    from django.core.exceptions import ValidationError
    from django.utils import timezone

    from vanguard.core.dates import not_in_future

    today = timezone.localdate()
    assert not_in_future(today, "培训日期") == today
    assert not_in_future(None, "培训日期") is None
    tomorrow = today + timedelta(days=1)
    with pytest.raises(ValidationError) as exc:
        not_in_future(tomorrow, "培训日期", field="date", hint="请在培训结束后登记")
    assert exc.value.message_dict == {"date": [f"培训日期 {tomorrow:%Y-%m-%d} 不能晚于今天,请在培训结束后登记。"]}
    with pytest.raises(ValidationError) as exc:
        not_in_future(datetime.combine(tomorrow, datetime.min.time()), "检查日期")
    assert exc.value.messages == [f"检查日期 {tomorrow:%Y-%m-%d} 不能晚于今天。"]
