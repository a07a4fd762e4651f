"""Shared fixtures: the tiny demo company with every app's demo, seeded once per session on a frozen clock.

The whole suite runs on the clock of ``TODAY`` (time moves on from there, so timeouts still
pass, but the day does not depend on when the suite runs): the demo is dated from it, and
month, quarter and year boundaries fall where the tests expect them.

Personas (all from ``org.demo``): ``admin`` (系统管理员), ``dangwei`` (党委管理员, whole
company), ``shuji`` (secretary of one branch), ``dangyuan`` (member of that branch),
``zhigong`` (worker in a team that branch covers). ``outsider`` is a worker with an
account in another plant; tests use him for "sees nothing of it". ``banzhang`` (班组长 of
zhigong's team) and ``gonghui`` (工会干部 of 轧管厂) hold roles granted on units; they are
not in the permission-matrix kit's personas (``core.testing``), so ``org/tests/test_access.py``
checks them.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from rest_framework.test import APIClient

from vanguard.org.demo import build_demo_company

# A Monday in the middle of a year: a quarter, a half year and a month have passed, more are due.
TODAY = datetime(2026, 6, 15, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
_clock = time_machine.travel(TODAY, tick=True)


def pytest_configure(config):
    _clock.start()


def pytest_unconfigure(config):
    _clock.stop()


def pytest_collection_modifyitems(config, items):
    from django.db import connection

    if connection.vendor == "postgresql":
        return
    skip = pytest.mark.skip(
        reason="PostgreSQL only: threads on the in-memory SQLite test database fail on locks instead of waiting "
        "(scripts/with-postgres.sh make test runs it)"
    )
    for item in items:
        if "postgresql" in item.keywords:
            item.add_marker(skip)


PERSONAS = ("admin", "dangwei", "shuji", "dangyuan", "zhigong", "outsider")

# Browser fixtures (``browser``, ``open_page``) for the tests marked ``browser``.
pytest_plugins = ["vanguard.core.tests.browser"]


def _seed():
    from vanguard.core.demo import build_registered_demos

    build_demo_company("tiny")
    build_registered_demos("tiny")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        _seed()


@pytest.fixture
def company(db):
    """The tiny demo company (already in the database)."""
    from vanguard.org.demo import company_handles

    return company_handles()


@pytest.fixture
def seeded_transactional_db(transactional_db):
    """For live-server tests: the tables are emptied after each, so seed again."""
    from vanguard.org.models import Person

    if not Person.objects.exists():
        _seed()


@pytest.fixture
def users(company):
    return company.users


@pytest.fixture
def client_as(client, users):
    """``client_as("shuji")``: the Django test client logged in as a persona."""

    def login(username):
        client.force_login(users[username])
        return client

    return login


@pytest.fixture
def api_as(users):
    """``api_as("shuji")``: a DRF client authenticated as a persona."""

    def login(username):
        api = APIClient()
        api.force_authenticate(users[username])
        return api

    return login
