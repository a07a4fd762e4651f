"""gunicorn settings for Vanguard (deploy/systemd/vanguard-web.service, scripts/prod-local.sh)."""

import multiprocessing
import os

# Synchronous workers: the pages are short database-bound requests; long work goes to Celery.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
timeout = 120  # a Word paper turned into PDF may take a few seconds, never two minutes
graceful_timeout = 30
keepalive = 5
max_requests = 2000  # recycle workers now and then, so a slow leak cannot grow without bound
max_requests_jitter = 200
forwarded_allow_ips = "127.0.0.1"
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = os.environ.get("GUNICORN_ERROR_LOG", "-")
# The application's own log lines (JSON, one per line, with request ids and server errors' tracebacks) are
# written to stderr; a daemonised gunicorn would drop them, so they go to the error log with gunicorn's.
capture_output = True


# Prometheus: with PROMETHEUS_MULTIPROC_DIR set, every worker writes its figures to files there and
# /metrics adds them up (vanguard.core.metrics). The folder starts empty; a worker that ends leaves it.
def on_starting(server):
    folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if folder:
        os.makedirs(folder, exist_ok=True)
        for name in os.listdir(folder):
            os.remove(os.path.join(folder, name))


# Each worker builds its index of similar suggestions before taking requests (seconds at 30,000
# suggestions), so no lookup waits for it after a start or a recycle (vanguard.voices.similarity).
def post_worker_init(worker):
    from vanguard.voices.similarity import warm_up

    warm_up()


def child_exit(server, worker):
    from vanguard.core.metrics import gunicorn_child_exit

    gunicorn_child_exit(server, worker)
