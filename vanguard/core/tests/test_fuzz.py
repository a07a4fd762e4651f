"""Schemathesis against the served schema: every read, create and partial update, with generated and
malformed input, as a branch secretary with a token. Bounded (a few examples an operation) so CI runs it;
deselect it with ``-m "not fuzz"``."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig

pytestmark = [pytest.mark.fuzz, pytest.mark.django_db]

SCHEMA = "/api/v1/schema/"
# The uploads take files the generator cannot make meaningful; the token endpoint counts failed logins.
NOT_FUZZED = r"^/api/v1/(people/import|project-logs|auth/token)/$"

# The coverage phase walks every boundary of every parameter (hundreds of requests for some operations);
# the examples and the fuzzing phase, bounded by max_examples, keep the run to a minute or two.
CONFIG = SchemathesisConfig.from_dict({"phases": {"coverage": {"enabled": False}}})
schema = (
    schemathesis.openapi.from_wsgi(
        SCHEMA, get_wsgi_application(), config=CONFIG, headers={"Accept": "application/json"}
    )
    .include(method=["GET", "POST", "PATCH"])
    .exclude(path_regex=NOT_FUZZED, method="POST")
)


@pytest.fixture
def token_headers(company):
    from rest_framework.authtoken.models import Token

    token, _ = Token.objects.get_or_create(user=company.users["shuji"])
    # The requests run in the test's transaction: the handler must not close the connection after each
    # (Django's own test client does the same).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield {"Authorization": f"Token {token.key}"}
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck), database=None)
def test_no_generated_request_gets_a_server_error(case, token_headers):
    case.call_and_validate(headers=token_headers, checks=[not_a_server_error])
