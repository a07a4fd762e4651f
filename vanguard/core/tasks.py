"""One API for background work.

``task_start(name=..., owner=..., params=...)`` records a ``TaskRun`` and runs the
registered function: in a thread of the web process (embedded default), on Celery
(production) or inline (tests). The function reports progress through the
``TaskRun`` it receives, which a progress bar polls.
"""

import logging
import threading
import time

from django.conf import settings
from django.db import close_old_connections, transaction
from django.utils import timezone

from .choices import TaskStatus
from .metrics import observe_task
from .models import TaskRun

logger = logging.getLogger(__name__)
_registry = {}


def register_task(name):
    """Decorator: ``@register_task("org.roster_import")`` on ``fn(run, **params)``."""

    def decorate(fn):
        _registry[name] = fn
        return fn

    return decorate


def task_progress(run, *, done, total=None):
    """Save progress without touching anything else on the row."""
    run.done = done
    fields = {"done": done}
    if total is not None:
        run.total = total
        fields["total"] = total
    TaskRun.objects.filter(pk=run.pk).update(**fields)


def execute(run_id):
    """Run a recorded task to its end; failures are kept on the run, not raised."""
    run = TaskRun.objects.get(pk=run_id)
    TaskRun.objects.filter(pk=run.pk).update(status=TaskStatus.RUNNING)
    started = time.perf_counter()
    try:
        result = _registry[run.name](run, **run.params)
    except Exception as exc:  # noqa: BLE001 - the user sees the message on the task page
        observe_task(run.name, TaskStatus.FAILED, time.perf_counter() - started)
        logger.exception("task %s failed", run.name)
        TaskRun.objects.filter(pk=run.pk).update(
            status=TaskStatus.FAILED, error=str(exc)[:2000], finished_at=timezone.now()
        )
        return
    observe_task(run.name, TaskStatus.DONE, time.perf_counter() - started)
    TaskRun.objects.filter(pk=run.pk).update(
        status=TaskStatus.DONE, result=result, done=run.total or run.done, finished_at=timezone.now()
    )


def _run_in_thread(run_id):
    def target():
        close_old_connections()
        try:
            execute(run_id)
        finally:
            close_old_connections()

    threading.Thread(target=target, daemon=True, name=f"task-{run_id}").start()


def _send_to_celery(run_id):
    from .celery_tasks import run_task

    run_task.delay(run_id)


_DISPATCH = {"eager": execute, "celery": _send_to_celery, "thread": _run_in_thread}


def task_start(*, name, owner=None, label="", params=None, total=0, slot=None, backend=None):
    """Record a run and start it once the caller's transaction commits (at once when eager).

    ``slot`` is the scheduled time a job's run stands for (``core.schedule``); ``backend``
    overrides ``TASK_BACKEND`` for a caller that must wait for the result ("eager").
    """
    if name not in _registry:
        raise KeyError(f"unknown task {name}")
    run = TaskRun.objects.create(name=name, owner=owner, label=label, params=params or {}, total=total, slot=slot)
    backend = backend or settings.TASK_BACKEND
    dispatch = _DISPATCH[backend]
    if backend == "eager":
        # Tests run inside a transaction that never commits, and a command waits for its result: run now.
        dispatch(run.pk)
    else:
        transaction.on_commit(lambda: dispatch(run.pk))
    run.refresh_from_db()
    return run


def runs_in_background(rows):
    """Whether an import of ``rows`` rows goes to a background task (``ROSTER_BACKGROUND_ROWS``),
    from a page and from the API alike, so no request holds a worker for minutes."""
    return rows > settings.ROSTER_BACKGROUND_ROWS


@register_task("core.verify_audit")
def verify_audit_task(run):
    """Check the audit chain in the background (it can be long)."""
    from .audit import verify_chain

    check = verify_chain()
    return {"checked": check.checked, "ok": check.ok, "broken_event": check.broken.pk if check.broken else None}
