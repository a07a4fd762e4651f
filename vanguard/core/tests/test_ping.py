"""/ping/: the cheapest signed-in page, the load test's floor."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db


def test_ping_answers_ok_to_a_signed_in_user(client_as):
    client = client_as("dangyuan")
    client.get("/ping/")  # the session's first refresh may write; the next requests do not
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/ping/")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert response["Content-Type"].startswith("text/plain")
    assert len(queries) <= 2  # the session and the user


def test_ping_sends_an_anonymous_user_to_the_login(client):
    response = client.get("/ping/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
