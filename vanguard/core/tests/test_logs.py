"""Structured logs: JSON lines with the request's id and user, and no secrets or ID-card numbers in them."""

import io
import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from vanguard.core.logs import JsonFormatter, RedactFilter, RequestContextFilter

ROOT = Path(__file__).resolve().parents[3]
ID_CARD = "11010519491231002X"


@pytest.fixture
def log_lines():
    """A JSON handler as production configures it, on the root logger; the lines it wrote, parsed."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestContextFilter())
    handler.addFilter(RedactFilter())
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    root.removeHandler(handler)
    root.setLevel(old_level)


def test_passwords_tokens_and_id_cards_never_reach_the_output(log_lines):
    row = {"name": "张三", "id_card": ID_CARD, "password": "Geheim-2026!", "nested": {"token": "abc123"}}
    logging.getLogger("vanguard.org.import").warning(
        "row rejected: %s (身份证 %s) from /import?password=hunter22&page=2",
        row,
        ID_CARD,
        extra={"password": "Geheim-2026!", "row": row, "note": f"card {ID_CARD}"},
    )
    [line] = log_lines()
    text = json.dumps(line, ensure_ascii=False)
    for secret in (ID_CARD, "Geheim-2026!", "abc123", "hunter22"):
        assert secret not in text
    assert "张三" in line["message"] and "page=2" in line["message"] and "[REDACTED]" in line["message"]
    assert line["password"] == "[REDACTED]" and line["row"]["password"] == "[REDACTED]"
    assert line["note"] == "card [REDACTED]"
    assert row["password"] == "Geheim-2026!"  # the caller's dict is untouched
    assert {"time", "level", "logger", "message", "request_id", "user_id"} <= set(line)
    assert line["level"] == "WARNING" and line["logger"] == "vanguard.org.import"


def test_an_exception_traceback_is_redacted_too(log_lines):
    try:
        raise ValueError(f"bad id {ID_CARD}")
    except ValueError:
        logging.getLogger("vanguard.test").exception("failed")
    [line] = log_lines()
    assert "ValueError" in line["exception"] and ID_CARD not in line["exception"]


def test_each_request_is_logged_with_its_id_user_route_status_and_duration(client_as, users, log_lines):
    client = client_as("shuji")
    response = client.get("/healthz", headers={"X-Request-ID": "lb-7f3a9c21"})
    assert response["X-Request-ID"] == "lb-7f3a9c21"
    response = client.get("/", headers={"X-Request-ID": "bad id\nwith newline"})
    generated = response["X-Request-ID"]
    assert len(generated) == 32 and generated != "bad id\nwith newline"

    lines = [line for line in log_lines() if line["logger"] == "vanguard.request"]
    health, home = lines[0], lines[-1]
    assert health["request_id"] == "lb-7f3a9c21" and health["route"] == "healthz" and health["status"] == 200
    assert home["request_id"] == generated and home["route"] == "home" and home["method"] == "GET"
    assert home["user_id"] == users["shuji"].pk
    assert isinstance(home["duration_ms"], float)


def test_production_settings_write_json_lines(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "vanguard.settings.production",
        "DJANGO_SECRET_KEY": "test-secret",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'prod.sqlite3'}",
        "VANGUARD_VAR_DIR": str(tmp_path),
    }
    code = (
        "import django, logging; django.setup(); "
        f"logging.getLogger('vanguard.x').info('card %s', '{ID_CARD}', extra={{'password': 'pw-1234567'}})"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    [line] = [json.loads(text) for text in done.stderr.splitlines() if text.startswith("{")]
    assert line["logger"] == "vanguard.x" and line["level"] == "INFO"
    assert line["message"] == "card [REDACTED]" and line["password"] == "[REDACTED]"


def test_django_s_own_error_line_for_a_503_carries_the_request_id(client, db, settings, log_lines):
    settings.HEALTHZ_DISK_MIN_FREE_BYTES = 10**18
    response = client.get("/healthz", headers={"X-Request-ID": "probe-00000001"})
    assert response.status_code == 503
    [error] = [line for line in log_lines() if line["logger"] == "django.request"]
    assert error["request_id"] == "probe-00000001" and error["level"] == "ERROR"
    logging.getLogger("vanguard.after").warning("outside any request")
    assert log_lines()[-1]["request_id"] is None
