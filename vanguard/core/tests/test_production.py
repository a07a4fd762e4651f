"""Production settings as an administrator runs them: the static files collect, and every page finds its files."""

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def _static_paths_in_templates():
    pattern = re.compile(r"""{%\s*static\s+['"]([^'"]+)['"]""")
    return {
        path
        for template in (ROOT / "vanguard").rglob("templates/**/*.html")
        for path in pattern.findall(template.read_text())
    }


def test_collectstatic_in_production_settings_names_every_file_the_pages_load(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "vanguard.settings.production",
        "DJANGO_SECRET_KEY": "test-secret",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'prod.sqlite3'}",
        "VANGUARD_VAR_DIR": str(tmp_path),
        "VANGUARD_STATIC_ROOT": str(tmp_path / "static"),
    }
    done = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    manifest = json.loads((tmp_path / "static" / "staticfiles.json").read_text())["paths"]
    wanted = _static_paths_in_templates()
    assert "vendor/tabler/css/tabler.min.css" in wanted
    assert wanted <= set(manifest)
    for name in wanted:  # hashed copies exist, so a long cache lifetime is safe
        assert (tmp_path / "static" / manifest[name]).is_file()


def test_production_refuses_to_start_without_a_database_url(tmp_path):
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env |= {"DJANGO_SETTINGS_MODULE": "vanguard.settings.production", "DJANGO_SECRET_KEY": "test-secret"}
    env["VANGUARD_VAR_DIR"] = str(tmp_path)
    done = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode != 0 and "生产模式需要设置 DATABASE_URL" in done.stderr
    assert not list(tmp_path.glob("*.sqlite3"))


def _deploy_warnings(tmp_path, **extra):
    # The browser tests allow the ORM inside Playwright's event loop for this process; a server never does.
    dropped = ("SECURE_", "CACHE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")
    env = {key: value for key, value in os.environ.items() if not key.startswith(dropped)}
    env |= {
        "DJANGO_SETTINGS_MODULE": "vanguard.settings.production",
        "DJANGO_SECRET_KEY": "k7Qe-vX2pL9sR4tW8yZ1aB5cD3fG6hJ0mN7qS2uV4xY8zA1bC5dE9gH3jK6nP0rT",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'prod.sqlite3'}",
        "REDIS_URL": "redis://127.0.0.1:6379",
        "ALLOWED_HOSTS": "dj.example.com",
        "VANGUARD_VAR_DIR": str(tmp_path),
        **extra,
    }
    done = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    return set(re.findall(r"\((\w+\.[WE]\d+)\)", done.stdout + done.stderr))


def test_check_deploy_finds_only_what_the_readme_explains(tmp_path):
    # HSTS preload stays off: an intranet host name cannot be on the browsers' list (README, Production mode).
    assert _deploy_warnings(tmp_path) == {"security.W021"}


def test_plain_http_on_loopback_turns_off_exactly_the_tls_settings(tmp_path):
    warnings = _deploy_warnings(tmp_path, SECURE_SSL_REDIRECT="0", SECURE_COOKIES="0")
    assert warnings == {"security.W004", "security.W008", "security.W012", "security.W016"}


def test_the_cache_uses_redis_database_one_whatever_form_the_broker_url_has():
    from vanguard.settings.env import redis_db_url

    assert redis_db_url("redis://127.0.0.1:6379/0", 1) == "redis://127.0.0.1:6379/1"
    assert redis_db_url("redis://127.0.0.1:6379", 1) == "redis://127.0.0.1:6379/1"
    assert redis_db_url("redis://redis", 1) == "redis://redis/1"
    assert (
        redis_db_url("rediss://:pw@cache:6380/2?ssl_cert_reqs=none", 1)
        == "rediss://:pw@cache:6380/1?ssl_cert_reqs=none"
    )
    assert redis_db_url("unix:///run/redis/redis.sock?db=0", 1) == "unix:///run/redis/redis.sock?db=1"


def test_the_smoke_test_logs_in_as_every_demo_persona():
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import smoke
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    from vanguard.org.demo import DEMO_LOGINS, DEMO_PASSWORD

    assert list(smoke.PERSONAS) == [username for username, _ in DEMO_LOGINS]
    assert smoke.PASSWORD == DEMO_PASSWORD


def test_the_load_test_logs_in_as_demo_personas_and_stays_on_loopback():
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import load
    finally:
        sys.path.remove(str(ROOT / "bench"))
    from vanguard.org.demo import DEMO_LOGINS, DEMO_PASSWORD

    assert set(load.PERSONAS.values()) <= {username for username, _ in DEMO_LOGINS}
    assert load.PASSWORD == DEMO_PASSWORD
    with pytest.raises(SystemExit):
        load.main(["http://example.com:8490", "--duration", "1"])


SYSTEMD_ANALYZE = shutil.which("systemd-analyze")
UNITS = sorted((ROOT / "deploy" / "systemd").glob("*.service"))


@pytest.mark.skipif(SYSTEMD_ANALYZE is None, reason="systemd-analyze not installed")
@pytest.mark.parametrize("unit", UNITS, ids=[u.name for u in UNITS])
def test_each_systemd_unit_is_one_systemd_reads_without_complaint(unit):
    """systemd's own parser reads the unit: no unknown key, no value it cannot parse. The one thing it
    may say is that the programs under /srv/vanguard are missing, which they are until deployment."""
    done = subprocess.run([SYSTEMD_ANALYZE, "verify", "--man=no", str(unit)], capture_output=True, text=True)
    complaints = [
        line
        for line in (done.stdout + done.stderr).splitlines()
        if line.strip() and not re.search(r"Command /srv/vanguard/app/\S+ is not executable", line)
    ]
    assert complaints == []
    # What the unit starts exists in the repository: the gunicorn settings and the Celery app.
    command = " ".join(re.findall(r"^ExecStart=(.*(?:\\\n.*)*)", unit.read_text(), re.M))
    for path in re.findall(r"/srv/vanguard/app/(\S+)", command):
        assert path.startswith(".venv/") or (ROOT / path).exists(), path
