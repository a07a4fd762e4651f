"""/healthz for the load balancer: no login, JSON per check, 503 when any check fails."""

import pytest
from django.core.cache.backends.dummy import DummyCache

from vanguard.core import health


def test_all_checks_pass_for_an_anonymous_client(client, db, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):  # SELECT 1, nothing else
        response = client.get("/healthz")
    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"]
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "cache", "queue", "disk"}
    assert all(check["ok"] for check in body["checks"].values())
    assert body["checks"]["queue"]["mode"] == "eager"


def test_a_disk_below_the_threshold_answers_503(client, db, settings):
    settings.HEALTHZ_DISK_MIN_FREE_BYTES = 10**18
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "fail"
    assert body["checks"]["disk"]["ok"] is False and "free space" in body["checks"]["disk"]["error"]
    assert body["checks"]["database"]["ok"] is True


def test_the_embedded_thread_mode_reports_embedded(client, db, settings):
    settings.TASK_BACKEND = "thread"
    assert client.get("/healthz").json()["checks"]["queue"] == {
        "ok": True,
        "mode": "embedded",
        "ms": pytest.approx(0, abs=50),
    }


def test_celery_mode_fails_when_the_broker_does_not_answer(client, db, settings):
    settings.TASK_BACKEND = "celery"
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["queue"]["ok"] is False


def test_a_cache_that_loses_values_fails(client, db, monkeypatch):
    monkeypatch.setattr(health, "cache", DummyCache("healthz", {}))
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["cache"]["ok"] is False
