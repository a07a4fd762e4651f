"""Health checks for the load balancer: each is a few milliseconds, none reads the domain tables."""

import shutil
import time
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import connection

BROKER_TIMEOUT_SECONDS = 1


def check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {}


def check_cache():
    key, token = "healthz:probe", uuid.uuid4().hex
    cache.set(key, token, 30)
    if cache.get(key) != token:
        raise RuntimeError("cache did not return the value just set")
    return {}


def broker_client():
    import redis

    return redis.Redis.from_url(
        settings.CELERY_BROKER_URL,
        socket_connect_timeout=BROKER_TIMEOUT_SECONDS,
        socket_timeout=BROKER_TIMEOUT_SECONDS,
    )


def check_queue():
    """Celery mode pings the broker; the embedded modes have no queue server to ask."""
    if settings.TASK_BACKEND != "celery":
        return {"mode": "embedded" if settings.TASK_BACKEND == "thread" else settings.TASK_BACKEND}
    client = broker_client()
    try:
        client.ping()
    finally:
        client.close()
    return {"mode": "celery"}


def check_disk():
    free = shutil.disk_usage(settings.VAR_DIR).free
    minimum = settings.HEALTHZ_DISK_MIN_FREE_BYTES
    result = {"free_bytes": free, "min_free_bytes": minimum}
    if free < minimum:
        raise RuntimeError(f"free space below {minimum} bytes")
    return result


CHECKS = {"database": check_database, "cache": check_cache, "queue": check_queue, "disk": check_disk}


def run_checks():
    """``(all_ok, {name: {"ok": bool, "ms": float, ...}})``; a failing check names its error."""
    results = {}
    for name, check in CHECKS.items():
        started = time.perf_counter()
        try:
            detail = {"ok": True, **check()}
        except Exception as exc:  # noqa: BLE001 - any failure is the answer, not a crash
            detail = {"ok": False, "error": f"{type(exc).__name__}: {exc}"[:300]}
        detail["ms"] = round((time.perf_counter() - started) * 1000, 2)
        results[name] = detail
    return all(result["ok"] for result in results.values()), results
