"""深入现场 is measured against the working days of the Chinese calendar, the office's table first."""

from datetime import date

import chinese_calendar

from vanguard.core import dates
from vanguard.core.access import system_actor
from vanguard.core.services import calendar_day_create
from vanguard.orglife import selectors, services
from vanguard.orglife.models import FieldDay

FEBRUARY = date(2026, 2, 1)


def _on_site(person, days):
    entries = [FieldDay(person=person, date=day, half="am", place="轧管作业区") for day in days]
    services.field_day_bulk_create(actor=system_actor(), entries=entries)


def _status(user, person, month=FEBRUARY):
    return selectors.field_day_compliance(user=user, month=month, person_ids=[person.pk])[0]


def test_a_cadre_on_site_every_working_day_of_the_spring_festival_month_meets_the_rule(client_as, company, life):
    worked = [day for day in (date(2026, 2, n) for n in range(1, 29)) if chinese_calendar.is_workday(day)]
    assert date(2026, 2, 14) in worked and date(2026, 2, 16) not in worked
    _on_site(life.shuji, [*worked, date(2026, 2, 17)])  # and once on a holiday, which nobody owes
    row = _status(company.users["shuji"], life.shuji)
    assert (row["due"], row["covered"], row["half_days"], row["met"], row["calendar_gaps"]) == (16, 16, 17, True, [])
    page = client_as("shuji").get("/orglife/field-days/", {"month": "2026-02"}).content.decode()
    assert "16 / 16 个工作日" in page and 'data-testid="calendar-gap"' not in page


def test_weekdays_alone_do_not_meet_the_rule_when_a_make_up_saturday_is_worked(company, life):
    weekdays = [day for day in (date(2026, 2, n) for n in range(1, 29)) if day.weekday() < 5]
    _on_site(life.shuji, weekdays)
    row = _status(company.users["shuji"], life.shuji)
    assert (row["due"], row["covered"], row["met"]) == (16, 14, False)  # the two make-up Saturdays are missing


def test_a_day_the_office_gives_off_is_not_due(company, life):
    _on_site(life.shuji, dates.workdays(FEBRUARY, date(2026, 2, 23)))
    assert _status(company.users["shuji"], life.shuji)["met"] is False  # 24–28 February still due
    for day in (24, 25, 26, 27, 28):
        calendar_day_create(actor=company.users["admin"], date=date(2026, 2, day), is_workday=False, name="检修停产")
    row = _status(company.users["shuji"], life.shuji)
    assert (row["due"], row["covered"], row["met"]) == (11, 11, True)  # 2–6, 9–13 and 14 February


def test_a_month_the_calendar_does_not_know_says_so_on_the_page(client_as, company, life):
    page = client_as("shuji").get("/orglife/field-days/", {"month": "2099-01"}).content.decode()
    assert 'data-testid="calendar-gap"' in page and "2099 年的法定节假日尚未收录" in page
    assert client_as("dangyuan").get("/orglife/field-days/", {"month": "2099-01"}).status_code == 200  # no table
