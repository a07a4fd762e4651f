"""Rules, pages and menus apply to the people they are for: a worker (群众) is not measured against the
members' 40 class hours and is not offered the meeting ledger, the on-site log or the project ledger."""

import re

import pytest

from vanguard.orglife.access import FIELD_CADRES, MEMBERS, SECRETARIES
from vanguard.orglife.selectors import person_year

pytestmark = pytest.mark.django_db


def _menu(client):
    """The labels of the left navigation on a page every persona may open (his own record)."""
    page = client.get("/org/me/", follow=True).content.decode()
    aside = page.split('aria-label="主导航"', 1)[1].split("</aside>", 1)[0]
    return set(re.findall(r'nav-link-title">([^<]+)<', aside))


def test_a_workers_menu_offers_what_is_for_workers(client_as):
    menu = _menu(client_as("zhigong"))
    assert {"我的档案", "我的项目"} <= menu
    assert not menu & {"我的组织生活", "会议日历", "会议台账", "深入现场", "立项台账", "学时统计"}


def test_a_members_menu_keeps_her_organisational_life(client_as):
    menu = _menu(client_as("dangyuan"))
    assert {"我的组织生活", "会议日历", "会议台账", "立项台账"} <= menu
    assert "深入现场" not in menu  # she is no cadre


def test_a_cadre_is_offered_the_on_site_log(client_as, company):
    assert company.users["shuji"].person.cadre_level in ("section", "section_deputy")
    assert "深入现场" in _menu(client_as("shuji"))


def test_a_workers_year_shows_no_hours_shortfall(client_as, company):
    zhigong = company.users["zhigong"].person
    assert not zhigong.is_member
    page = client_as("zhigong").get("/orglife/my/").content.decode()
    assert "还差" not in page and "/ 40" not in page
    assert "每年学时要求适用于党员" in page
    year = person_year(person=zhigong, year=2026, viewer=company.users["zhigong"])
    assert year["hours"].required is None and year["hours"].short == 0


def test_a_members_year_still_counts_against_the_40_hours(client_as, company):
    dangyuan = company.users["dangyuan"].person
    year = person_year(person=dangyuan, year=2026, viewer=company.users["dangyuan"])
    assert year["hours"].required == 40
    page = client_as("dangyuan").get("/orglife/my/?year=2026").content.decode()
    assert "/ 40 学时" in page and "每年学时要求适用于党员" not in page
    if not year["hours"].met:
        assert "还差" in page


def test_who_each_rule_is_for(company):
    people = {name: company.users[name].person for name in ("zhigong", "dangyuan", "shuji")}
    assert [MEMBERS.of_person(p) for p in people.values()] == [False, True, True]
    assert [FIELD_CADRES.of_person(p) for p in people.values()] == [False, False, True]
    assert [SECRETARIES.of_person(p) for p in people.values()] == [False, False, True]
