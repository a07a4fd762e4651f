"""The home page: each persona sees what is due from them, with counts, or 暂无待办 and where to go instead.

The items come from the apps' providers (``core.home``); each app's ``tests/test_home.py``
checks its own counts against the list behind the link. Here: the page itself, per persona,
and what it costs.
"""

import re

import pytest
from django.core.cache import cache
from django.test import Client

from vanguard.core.testing import home_items, page_queries

# Queries of one home page load by a fresh session (no cached scope), per persona: the shell, the
# person, and one (as a rule) per provider that is for them; the same however much is stored.
# Each app adds its items' queries once (voices: the suggestions in one query, the findings in four).
# Indicators: a judge's sheets and an assessor's nominations for every person; for the office and the union the
# results to publish, terms to re-assess, studios past 复核 and pledges to follow; a team leader's unentered month.
# Evaluations: a person's open ballots, ratings left and support plans (his own, those he helps in); for
# organisers the rounds in 筹备 or waiting to be computed and the support plans with a review due.
HOME_QUERIES = {"admin": 24, "dangwei": 39, "shuji": 39, "dangyuan": 21, "zhigong": 18, "banzhang": 23, "gonghui": 24}


def home_queries(user):
    cache.clear()
    client = Client()
    client.force_login(user)
    return page_queries(client, "/")


@pytest.mark.parametrize("name", sorted(HOME_QUERIES))
def test_home_costs_a_fixed_number_of_queries_per_persona(company, name):
    home_queries(company.users[name])  # warm process-wide caches (content types, templates)
    queries, _response = home_queries(company.users[name])
    assert queries <= HOME_QUERIES[name], f"{name}: {queries} queries"


def test_a_worker_sees_only_the_findings_he_rectifies_and_where_to_go(client_as, company):
    from vanguard.voices.models import Finding

    client = client_as("zhigong")
    items = home_items(client)
    # The demo's findings raised against his team: his own work, nothing of the member rules or of meetings.
    assert set(items) <= {"voices.findings_overdue_mine", "voices.findings_due_mine"} and items
    mine = Finding.objects.filter(responsible_person=company.users["zhigong"].person)
    assert sum(int(count) for count, _url in items.values()) <= mine.count()
    page = client.get("/").content.decode()
    links = page[page.index('data-testid="quick-links"') :]
    assert 'href="/org/me/"' in links and "我的档案" in links
    for word in ("学时", "出勤", "会议记录"):
        assert word not in page[page.index('data-testid="due-list"') : page.index('data-testid="quick-links"')]


def test_a_worker_with_nothing_due_is_told_so(client_as, company):
    from vanguard.voices.models import Finding

    Finding.objects.filter(responsible_person=company.users["zhigong"].person).update(status="closed")
    client = client_as("zhigong")
    assert home_items(client) == {}
    assert "暂无待办" in client.get("/").content.decode()


def test_a_secretary_sees_his_branch_s_items_with_their_lists(client_as):
    items = home_items(client_as("shuji"))
    assert {"campaigns.reviews", "orglife.minutes", "orglife.hours"} <= set(items)
    for key, (count, url) in items.items():
        assert re.fullmatch(r"\d+(\.\d)?", count) and count != "0", key
        assert url.startswith("/"), key


def test_a_member_s_items_are_her_own(client_as):
    items = home_items(client_as("dangyuan"))
    # A member reviews nothing, records no meeting and follows nobody's hours.
    assert not {"campaigns.reviews", "orglife.attendance", "orglife.minutes", "orglife.hours"} & set(items)


def test_the_office_reaches_the_overview_from_home_and_the_menu(client_as):
    page = client_as("dangwei").get("/").content.decode()
    assert 'data-testid="overview-link"' in page and "chart-by-org" not in page
    assert 'href="/org/overview/"' in page[page.index("sidebar-menu") :]
