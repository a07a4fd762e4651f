"""/metrics for Prometheus: latency by route name, task durations, queue length; only for allowed callers."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from vanguard.core.tasks import register_task, task_start

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def scrape(client, db):
    def get(**kwargs):
        response = client.get("/metrics", **kwargs)
        assert response.status_code == 200, response.content
        return response.content.decode()

    return get


def test_request_latency_is_labelled_by_route_name_not_path(client_as, scrape):
    client_as("shuji").get("/healthz")
    client_as("shuji").get("/org/people/999999/")
    text = scrape()
    assert 'vanguard_http_request_duration_seconds_count{method="GET",route="healthz",status="200"}' in text
    labels = re.findall(r"\{[^}]*\}", text)
    assert 'route="person-detail"' in text and not [label for label in labels if "999999" in label]


def test_task_runs_are_counted_and_timed_by_name(scrape, users):
    @register_task("test.metrics_ok")
    def ok(run):
        return {}

    @register_task("test.metrics_fail")
    def fail(run):
        raise ValueError("boom")

    task_start(name="test.metrics_ok", owner=users["admin"])
    task_start(name="test.metrics_fail", owner=users["admin"])
    text = scrape()
    assert 'vanguard_task_duration_seconds_count{status="done",task="test.metrics_ok"}' in text
    assert 'vanguard_task_duration_seconds_count{status="failed",task="test.metrics_fail"}' in text


def test_queue_length_in_the_embedded_mode_counts_running_task_threads(scrape, settings):
    settings.TASK_BACKEND = "thread"
    assert 'vanguard_task_queue_length{queue="embedded"} 0.0' in scrape()


def test_queue_length_in_celery_mode_reads_the_broker_list(scrape, settings, monkeypatch):
    from vanguard.core import metrics

    settings.TASK_BACKEND = "celery"
    monkeypatch.setattr(metrics, "_broker_queue_length", lambda queue: 7)
    assert 'vanguard_task_queue_length{queue="celery"} 7.0' in scrape()
    monkeypatch.setattr(metrics, "_broker_queue_length", lambda queue: 1 / 0)
    assert "vanguard_task_queue_length{" not in scrape()  # the rest still answers


def test_other_addresses_are_refused(client, db):
    response = client.get("/metrics", REMOTE_ADDR="10.1.2.3")
    assert response.status_code == 403 and b"vanguard_" not in response.content


def test_a_request_forwarded_by_a_proxy_is_not_loopback(client, db):
    """Behind nginx every request comes from 127.0.0.1: a forwarded one must not pass as local."""
    assert client.get("/metrics", headers={"X-Forwarded-For": "203.0.113.9"}).status_code == 403


def test_allowed_networks_and_the_trusted_client_header(client, db, settings):
    settings.METRICS_ALLOWED_ADDRESSES = ["10.0.0.0/8"]
    assert client.get("/metrics", REMOTE_ADDR="10.1.2.3").status_code == 200
    assert client.get("/metrics").status_code == 403  # loopback is no longer listed
    settings.CLIENT_ADDRESS_HEADER = "HTTP_X_REAL_IP"
    assert client.get("/metrics", headers={"X-Real-IP": "10.9.9.9"}).status_code == 200
    assert client.get("/metrics", REMOTE_ADDR="10.1.2.3", headers={"X-Real-IP": "198.51.100.1"}).status_code == 403


def test_a_bearer_token_admits_any_address(client, db, settings):
    settings.METRICS_TOKEN = "s3cret-scrape-token"
    remote = {"REMOTE_ADDR": "192.0.2.10"}
    assert client.get("/metrics", headers={"Authorization": "Bearer s3cret-scrape-token"}, **remote).status_code == 200
    assert client.get("/metrics", headers={"Authorization": "Bearer wrong"}, **remote).status_code == 403
    settings.METRICS_TOKEN = ""
    assert client.get("/metrics", headers={"Authorization": "Bearer "}, **remote).status_code == 403


def test_multiprocess_mode_adds_up_what_every_process_wrote(tmp_path):
    """Under gunicorn (PROMETHEUS_MULTIPROC_DIR set) a scrape reads the values every process wrote to the directory."""
    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "vanguard.settings.test"}
    code = (
        "import django; django.setup(); "
        "from vanguard.core.metrics import observe_task; observe_task('test.other_process', 'done', 0.2)"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert list(tmp_path.glob("histogram_*.db"))
    scrape = (
        "import django; django.setup(); from django.test import Client; "
        "print(Client().get('/metrics').content.decode())"
    )
    done = subprocess.run(
        [sys.executable, "-c", scrape], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert 'vanguard_task_duration_seconds_count{status="done",task="test.other_process"} 1.0' in done.stdout
