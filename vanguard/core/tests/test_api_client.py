"""A Python client generated from the served schema imports and works against a live server.

openapi-python-client (pinned in requirements-dev.txt) reads ``/api/v1/schema/`` as an
outside developer would; it needs no network. Every generated module must import (one
content type per request body: JSON, multipart only where a file is uploaded), and the
schema's title must yield a plain package name.
"""

import importlib
import os
import pkgutil
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone

from vanguard.org.demo import DEMO_PASSWORD

PACKAGE = "vanguard_api_client"
GENERATOR = Path(sys.executable).parent / "openapi-python-client"


def generate_client(tmp_path):
    response = Client().get("/api/v1/schema/")
    assert response.status_code == 200
    schema = tmp_path / "schema.yaml"
    schema.write_bytes(response.content)
    out = tmp_path / "client"
    # The generator formats its output with ruff when it finds it on PATH (the venv's, beside pytest).
    env = {**os.environ, "PATH": f"{GENERATOR.parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    done = subprocess.run(
        [str(GENERATOR), "generate", "--path", str(schema), "--output-path", str(out), "--meta", "setup"],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Warning" not in done.stdout + done.stderr, done.stdout + done.stderr
    assert (out / PACKAGE / "__init__.py").exists(), sorted(p.name for p in out.iterdir())
    return out


def import_everything(root):
    """Import the generated package and every module in it; the names of those that fail, with why."""
    sys.path.insert(0, str(root))
    package = importlib.import_module(PACKAGE)
    failed, count = [], 0
    for module in pkgutil.walk_packages(package.__path__, f"{PACKAGE}."):
        count += 1
        try:
            importlib.import_module(module.name)
        except Exception as exc:  # noqa: BLE001 - every failure is reported, not only the first
            failed.append(f"{module.name}: {exc!r}")
    return count, failed


@pytest.fixture
def generated_client(tmp_path):
    out = generate_client(tmp_path)
    yield out
    sys.path.remove(str(out))
    for name in [n for n in sys.modules if n == PACKAGE or n.startswith(f"{PACKAGE}.")]:
        del sys.modules[name]


@pytest.mark.apiclient
def test_generated_client_imports_logs_in_lists_people_and_creates_a_meeting(
    generated_client, live_server, seeded_transactional_db
):
    from vanguard.org.demo import company_handles
    from vanguard.orglife.models import Meeting

    count, failed = import_everything(generated_client)
    assert count > 100 and failed == [], failed

    from vanguard_api_client import AuthenticatedClient
    from vanguard_api_client import Client as AnonymousClient
    from vanguard_api_client.api.auth import auth_token_create
    from vanguard_api_client.api.meetings import meetings_create
    from vanguard_api_client.api.people import people_list
    from vanguard_api_client.models import CredentialsRequest, MeetingKindEnum, MeetingRequest

    anonymous = AnonymousClient(base_url=live_server.url, raise_on_unexpected_status=True)
    token = auth_token_create.sync(client=anonymous, body=CredentialsRequest(username="shuji", password=DEMO_PASSWORD))
    api = AuthenticatedClient(base_url=live_server.url, token=token.token, prefix="Token")

    people = people_list.sync(client=api)
    company = company_handles()
    secretary = company.users["shuji"].person
    assert people.count > 0 and secretary.pk in {p.id for p in people.results}

    day = timezone.localdate() + timedelta(days=10)
    while Meeting.objects.filter(org=company.branch, kind="theme_day", date=day).exists():
        day += timedelta(days=1)
    body = MeetingRequest(
        org=company.branch.pk, kind=MeetingKindEnum.THEME_DAY, title="主题党日:走进生产一线", date=day
    )
    response = meetings_create.sync_detailed(client=api, body=body)
    assert response.status_code == 201, response.content.decode()
    created = response.parsed
    meeting = Meeting.objects.get(pk=created.id)
    assert (meeting.org_id, meeting.kind, meeting.date, meeting.status) == (
        company.branch.pk,
        "theme_day",
        day,
        "planned",
    )
