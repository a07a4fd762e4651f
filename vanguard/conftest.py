"""Shared fixtures: the tiny demo company with its fixed personas, seeded once per session.

Personas (all from ``org.demo``): ``admin`` (系统管理员), ``dangwei`` (党委管理员, whole
company), ``shuji`` (secretary of one branch), ``dangyuan`` (member of that branch),
``zhigong`` (worker in a team that branch covers). ``outsider`` is a worker with an
account in another plant; tests use him for "sees nothing of it".
"""

import pytest
from rest_framework.test import APIClient

from vanguard.org.demo import build_demo_company

PERSONAS = ("admin", "dangwei", "shuji", "dangyuan", "zhigong", "outsider")

# Browser fixtures (``browser``, ``open_page``) for the tests marked ``browser``.
pytest_plugins = ["vanguard.core.tests.browser"]


def _seed():
    build_demo_company("tiny")


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
