"""Production mode for background work: a real Redis and a real Celery worker run a TaskRun.

The worker is a separate process, so this test uses its own file database (not the
test database, which lives in this process) and drives everything through manage.py.
"""

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
REDIS = shutil.which("redis-server")


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for_port(port, seconds=10):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise AssertionError(f"redis did not start on port {port}")


def _manage(env, *args, timeout=120):
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )


@pytest.mark.skipif(REDIS is None and not os.environ.get("VANGUARD_REQUIRE_REDIS"), reason="redis-server not installed")
def test_celery_worker_runs_a_task_started_by_the_web_process(tmp_path):
    port = _free_port()
    redis = subprocess.Popen(
        [REDIS, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "vanguard.settings.production",
        "DJANGO_SECRET_KEY": "test-secret",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'prod.sqlite3'}",
        "REDIS_URL": f"redis://127.0.0.1:{port}/0",
        "TASK_BACKEND": "celery",
        "VANGUARD_VAR_DIR": str(tmp_path),
    }
    worker = None
    try:
        _wait_for_port(port)
        assert _manage(env, "migrate", "--noinput").returncode == 0
        worker = subprocess.Popen(
            [
                sys.executable,
                "-W",
                "ignore::UserWarning",  # Celery warns, before logging is set up, when CI runs it as root
                "-m",
                "celery",
                "-A",
                "vanguard",
                "worker",
                "--pool=solo",
                "--concurrency=1",
                "--loglevel=INFO",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        started = _manage(
            env,
            "shell",
            "-c",
            (
                "from django.db import transaction\n"
                "from vanguard.core.tasks import task_start\n"
                "with transaction.atomic():\n"
                "    run = task_start(name='core.verify_audit', label='校验审计链')\n"
                "print(run.pk)\n"
            ),
        )
        assert started.returncode == 0, started.stderr
        run_id = int(started.stdout.strip().splitlines()[-1])
        status = ""
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            probe = _manage(
                env,
                "shell",
                "-c",
                f"from vanguard.core.models import TaskRun; print(TaskRun.objects.get(pk={run_id}).status)",
            )
            status = probe.stdout.strip().splitlines()[-1] if probe.stdout.strip() else probe.stderr
            if status in ("done", "failed"):
                break
            time.sleep(0.5)
        assert status == "done", status
        worker.terminate()
        _, log = worker.communicate(timeout=20)
        # The worker logs as the web does: one JSON object per line, the task's success among them.
        records = [json.loads(line) for line in log.splitlines() if line.strip()]
        assert any("succeeded" in r["message"] for r in records), log
    finally:
        if worker is not None and worker.poll() is None:
            worker.terminate()
            worker.wait(timeout=20)
        redis.terminate()
        redis.wait(timeout=10)
