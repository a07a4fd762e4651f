"""Prometheus metrics at ``/metrics``: request latency by route, background task durations, queue length.

Several processes: gunicorn runs several workers, each with counters of its own, and a scrape
reaches only one of them. With ``PROMETHEUS_MULTIPROC_DIR`` set in the environment before the
processes start (an empty directory, emptied at each start), prometheus_client keeps every
process's values in files there and ``/metrics`` adds them up (its multiprocess mode); gunicorn's
``child_exit`` hook should be ``gunicorn_child_exit`` below.
Celery workers on the same server given the same directory add their task durations. Without the
variable each process reports its own values, which is right for the single embedded process.

Who may read it: addresses in ``METRICS_ALLOWED_ADDRESSES`` (default loopback), or a caller with
``Authorization: Bearer <METRICS_TOKEN>``.
"""

import hmac
import ipaddress
import logging
import os
import threading
import time

from django.conf import settings
from django.http import HttpResponse
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily

logger = logging.getLogger(__name__)

REQUEST_LATENCY = Histogram(
    "vanguard_http_request_duration_seconds",
    "Time to answer a request, by route (the URL name), method and status.",
    ["route", "method", "status"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)
TASK_DURATION = Histogram(
    "vanguard_task_duration_seconds",
    "Time a background task (TaskRun) ran, by task name and outcome; its _count is the number of runs.",
    ["task", "status"],
    buckets=(0.1, 0.5, 1, 5, 15, 30, 60, 300, 900, 3600),
)
# Forwarding headers: a request carrying one came through a proxy, so its socket address is the proxy's.
_FORWARDED = ("HTTP_X_FORWARDED_FOR", "HTTP_X_REAL_IP", "HTTP_FORWARDED")
# kombu's Redis transport keeps messages with a priority in sibling lists of the queue.
_PRIORITY_SUFFIXES = ("", "\x06\x163", "\x06\x166", "\x06\x169")


def observe_request(request, response, seconds):
    match = getattr(request, "resolver_match", None)
    route = (match.view_name or match.route) if match is not None else "unmatched"
    REQUEST_LATENCY.labels(route=route, method=request.method, status=str(response.status_code)).observe(seconds)


def observe_task(name, status, seconds):
    TASK_DURATION.labels(task=name, status=status).observe(seconds)


class MetricsMiddleware:
    """Time every request; the route is known only after the URL resolved, so it is read at the end."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        observe_request(request, response, time.perf_counter() - started)
        return response


class QueueCollector:
    """Tasks waiting, read at scrape time: the broker's list in Celery mode, running task threads when embedded."""

    def collect(self):
        gauge = GaugeMetricFamily(
            "vanguard_task_queue_length", "Background tasks waiting (Celery) or running (embedded).", labels=["queue"]
        )
        if settings.TASK_BACKEND == "celery":
            queue = getattr(settings, "CELERY_TASK_DEFAULT_QUEUE", "celery")
            try:
                gauge.add_metric([queue], _broker_queue_length(queue))
            except Exception:  # noqa: BLE001 - a scrape still answers when the broker is down; /healthz says so
                logger.warning("metrics: broker queue length unavailable", exc_info=True)
                return
        else:
            running = sum(1 for thread in threading.enumerate() if thread.name.startswith("task-"))
            gauge.add_metric(["embedded"], running)
        yield gauge


def _broker_queue_length(queue):
    from .health import broker_client

    client = broker_client()
    try:
        return sum(client.llen(queue + suffix) for suffix in _PRIORITY_SUFFIXES)
    finally:
        client.close()


class _Scrape:
    def __init__(self, *collectors):
        self.collectors = collectors

    def collect(self):
        for collector in self.collectors:
            yield from collector.collect()


def _registry():
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return _Scrape(registry, QueueCollector())
    return _Scrape(REGISTRY, QueueCollector())


def _client_address(request):
    """The caller's address; None when a proxy forwarded the request and no trusted header names the client."""
    header = settings.CLIENT_ADDRESS_HEADER
    if header and request.META.get(header):
        raw = request.META[header]
    elif any(request.META.get(name) for name in _FORWARDED):
        return None
    else:
        raw = request.META.get("REMOTE_ADDR", "")
    try:
        return ipaddress.ip_address(raw.split(",")[0].strip())
    except ValueError:
        return None


def _allowed_networks():
    return [ipaddress.ip_network(entry.strip(), strict=False) for entry in settings.METRICS_ALLOWED_ADDRESSES if entry]


def may_read_metrics(request):
    token = settings.METRICS_TOKEN
    scheme, _, offered = request.headers.get("Authorization", "").partition(" ")
    if token and scheme.lower() == "bearer" and hmac.compare_digest(offered.strip().encode(), token.encode()):
        return True
    address = _client_address(request)
    return address is not None and any(address in network for network in _allowed_networks())


def metrics_view(request):
    if not may_read_metrics(request):
        return HttpResponse("forbidden\n", status=403, content_type="text/plain")
    return HttpResponse(generate_latest(_registry()), content_type=CONTENT_TYPE_LATEST)


def gunicorn_child_exit(server, worker):
    """For gunicorn's config (``child_exit = gunicorn_child_exit``): drop a dead worker's live gauges."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
