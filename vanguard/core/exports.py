"""Exports that may be long: declared once, built in the request when small, in the background when large.

An app declares an export in a module imported from its ``AppConfig.ready()`` (a Celery worker
loads no views)::

    @register_export("orglife.meeting_ledger", "会议台账")
    def meeting_ledger_export(user, params, progress):
        ...  # the user's scope, the filters in ``params`` (a QueryDict, the page's GET)
        rows = counted(queryset.iterator(), total, progress)
        return write_table(..., rows=rows), "会议台账-20260601.xlsx"

and its view answers ``export_response(request, name, rows=…)``: up to ``EXPORT_BACKGROUND_ROWS``
rows the file comes at once; above, a ``TaskRun`` builds it as the user who asked (thread in the
embedded default, Celery in production), the user follows a progress bar and downloads the file,
kept under ``MEDIA_ROOT/exports/<user id>/`` for ``EXPORT_KEEP_HOURS`` and served only to that user.
"""

import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.http import Http404, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from .choices import TaskStatus
from .downloads import CONTENT_TYPES, file_response, media_file_response
from .models import TaskRun
from .schedule import Every, job
from .tasks import register_task, task_progress, task_start

EXPORT_TASK = "core.export"
EXPORT_SWEEP = "core.exports_sweep"
PROGRESS_EVERY = 200  # rows between two progress calls (each writes at most twice a second)


@dataclass(frozen=True)
class Export:
    name: str
    label: str
    build: Callable  # (user, params: QueryDict, progress(done, total)) -> (bytes, filename)


_exports: dict[str, Export] = {}


def register_export(name, label):
    """Decorator: declare ``build(user, params, progress) -> (bytes, filename)`` as the export ``name``."""

    def decorate(build):
        if name in _exports:
            raise ValueError(f"export {name} is declared twice")
        _exports[name] = Export(name=name, label=label, build=build)
        return build

    return decorate


def get_export(name):
    return _exports[name]


def counted(rows, total, progress):
    """Yield ``rows`` and report ``(done, total)`` to ``progress`` every ``PROGRESS_EVERY`` rows and at the end."""
    done = 0
    progress(0, total)
    for done, row in enumerate(rows, start=1):  # noqa: B007 - the last count is reported below
        yield row
        if done % PROGRESS_EVERY == 0:
            progress(done, total)
    progress(done, max(total, done))


def no_progress(done, total):
    """The progress of an export built in the request: nobody watches it."""


def runs_in_background(rows):
    """Whether an export of ``rows`` rows is built by a background task (``EXPORT_BACKGROUND_ROWS``)."""
    return rows > settings.EXPORT_BACKGROUND_ROWS


def export_response(request, name, *, rows, back=""):
    """The file itself for a small export; for a large one a background run and a redirect to its page.

    ``rows`` is what the export will write (a count the view has at hand); ``back`` the page the
    export was asked from (its link on the progress page). The filters are the request's GET.
    """
    export = _exports[name]
    if not runs_in_background(rows):
        content, filename = export.build(request.user, request.GET, no_progress)
        return file_response(content, filename, _kind(filename))
    run = export_start(owner=request.user, name=name, params=request.GET, rows=rows, back=back)
    return redirect("export-detail", run.pk)


def export_start(*, owner, name, params, rows, back=""):
    """Start the export ``name`` for ``owner`` with ``params`` (a QueryDict), or return the one already running.

    A second click while the same export with the same filters runs finds that run instead of a new one.
    """
    export = _exports[name]
    key = f"{name}?{params.urlencode()}"
    running = TaskRun.objects.filter(
        name=EXPORT_TASK, owner=owner, status__in=(TaskStatus.PENDING, TaskStatus.RUNNING), params__key=key
    ).first()
    if running:
        return running
    return task_start(
        name=EXPORT_TASK,
        owner=owner,
        total=rows,
        label=f"导出{export.label}({rows} 行)",
        params={"export": name, "params": dict(params.lists()), "key": key, "back": back},
    )


@register_task(EXPORT_TASK)
def export_task(run, *, export, params, key="", back=""):
    """Build the export as the user who asked (their scope) and keep the file for them."""
    owner = get_user_model().objects.get(pk=run.owner_id)
    query = QueryDict(mutable=True)
    for field, values in params.items():
        query.setlist(field, values)
    last = [0.0]

    def progress(done, total):
        now = time.monotonic()
        if done >= total or now - last[0] >= 0.5:
            last[0] = now
            task_progress(run, done=done, total=total)

    content, filename = _exports[export].build(owner, query, progress)
    sweep_exports()
    kind = _kind(filename)
    folder = export_dir(owner)
    folder.mkdir(parents=True, exist_ok=True)
    token = f"{uuid.uuid4().hex}.{kind}"
    (folder / token).write_bytes(content)
    expires = timezone.now() + timedelta(hours=settings.EXPORT_KEEP_HOURS)
    return {
        "file": token,
        "filename": filename,
        "size": len(content),
        "download_url": reverse("export-download", args=[run.pk]),
        "expires_at": expires.isoformat(),
    }


def export_dir(user):
    return Path(settings.MEDIA_ROOT) / "exports" / str(user.pk)


def _kind(filename):
    kind = filename.rpartition(".")[2].lower()
    if kind not in CONTENT_TYPES:
        raise ValueError(f"export file {filename!r}: unknown kind")
    return kind


def sweep_exports():
    """Delete kept export files older than ``EXPORT_KEEP_HOURS``; returns how many."""
    root = Path(settings.MEDIA_ROOT) / "exports"
    if not root.is_dir():
        return 0
    cutoff = time.time() - settings.EXPORT_KEEP_HOURS * 3600
    removed = 0
    for path in root.glob("*/*"):
        try:
            if path.is_file() and path.stat().st_mtime < cutoff:
                path.unlink()
                removed += 1
        except OSError:
            continue
    return removed


@job(EXPORT_SWEEP, "清理过期的导出文件", Every(minutes=30))
def exports_sweep_job(run):
    return {"removed": sweep_exports()}


# ---------------------------------------------------------------- views


def _own_run(request, pk):
    """The user's own export run (the task policy of core.access_core); 404 for anyone else's, as for none."""
    from .views import get_scoped_object

    return get_scoped_object(request, TaskRun.objects.filter(name=EXPORT_TASK), pk=pk)


def export_detail(request, pk):
    """The progress of an export and, when done, its download."""
    run = _own_run(request, pk)
    return render(
        request,
        "core/export_detail.html",
        {"run": run, "back": run.params.get("back", ""), "keep_hours": settings.EXPORT_KEEP_HOURS},
    )


def export_download(request, pk):
    """The finished file, to the user who asked for it alone; 404 once swept."""
    run = _own_run(request, pk)
    if run.status != TaskStatus.DONE or not run.result or not run.result.get("file"):
        raise Http404
    token = run.result["file"]
    if "/" in token or not (export_dir(run.owner) / token).is_file():
        raise Http404
    name = f"exports/{run.owner_id}/{token}"
    return media_file_response(name, run.result["filename"], _kind(token))
