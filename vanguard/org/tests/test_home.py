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
HOME_QUERIES = {"admin": 18, "dangwei": 23, "shuji": 27, "dangyuan": 12, "zhigong": 9, "banzhang": 12, "gonghui": 12}


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


def test_a_worker_has_nothing_due_and_is_shown_where_to_go(client_as, company):
    client = client_as("zhigong")
    assert home_items(client) == {}
    page = client.get("/").content.decode()
    assert "暂无待办" in page
    links = page[page.index('data-testid="quick-links"') :]
    assert 'href="/org/me/"' in links and "我的档案" in links
    # Nothing of the member rules or of recording meetings.
    for word in ("学时", "出勤", "会议记录"):
        assert word not in page[page.index('data-testid="due-list"') : page.index('data-testid="quick-links"')]


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
