"""A signed-in session stays alive while used, without a database write on every page."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

pytestmark = pytest.mark.django_db


def _expiry(client):
    return Session.objects.get(session_key=client.session.session_key).expire_date


def _session_writes(client, path):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return [q["sql"] for q in queries if "django_session" in q["sql"] and not q["sql"].startswith("SELECT")]


def test_pages_within_minutes_of_each_other_do_not_write_the_session(client_as):
    client = client_as("shuji")
    client.get("/")
    assert _session_writes(client, "/") == []


def test_a_session_in_use_has_its_expiry_moved_on_after_a_few_minutes(client_as, settings):
    client = client_as("shuji")
    client.get("/")
    first = _expiry(client)
    with time_machine.travel(timezone.now() + timedelta(seconds=settings.SESSION_REFRESH_SECONDS + 60)):
        assert _session_writes(client, "/") != []
        assert _expiry(client) >= first + timedelta(seconds=settings.SESSION_REFRESH_SECONDS)


def test_an_idle_session_still_expires(client_as, settings):
    client = client_as("shuji")
    client.get("/")
    with time_machine.travel(timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE + 60)):
        assert client.get("/").status_code == 302


def test_the_first_page_after_login_does_not_write_the_session(client_as):
    client = client_as("shuji")
    assert _session_writes(client, "/") == []
