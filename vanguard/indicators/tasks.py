"""Background work of the indicators app: a large import of values runs as a task with a progress bar (the
roster's way: ``core.tasks``, the upload kept by ``org.roster.storage`` until the task reads it)."""

from vanguard.core.tasks import register_task, task_progress, task_start

VALUE_IMPORT = "indicators.value_import"


def value_import_start(*, owner, upload, rows, dry_run, reason):
    """Start the check (and unless ``dry_run`` the import) of a kept file of ``rows`` rows."""
    return task_start(
        name=VALUE_IMPORT, owner=owner, total=rows * 2,
        params={"upload": upload, "dry_run": dry_run, "reason": reason},
        label=f"指标数值{'试导入' if dry_run else '导入'}({rows} 行)",
    )  # fmt: skip


@register_task(VALUE_IMPORT)
def value_import_task(run, *, upload, dry_run, reason=""):
    """Check (and unless ``dry_run`` write) a kept file; the page shows the stored result."""
    from vanguard.core.imports import error_summary
    from vanguard.org.models import User
    from vanguard.org.roster.storage import upload_path

    from .exports import value_import

    actor = User.objects.get(pk=run.owner_id)
    path = upload_path(actor, upload)
    if path is None:
        raise FileNotFoundError("上传的文件已过期,请重新上传。")

    def progress(done, total):
        task_progress(run, done=done, total=total)

    result = value_import(actor=actor, source=path, dry_run=dry_run, reason=reason, progress=progress)
    return {
        "ok": result.ok, "dry_run": result.dry_run, "total": result.total, "created": result.created,
        "updated": result.updated, "unchanged": result.unchanged, "corrected": result.corrected,
        **error_summary([[row or "", message] for row, message in result.errors]),
    }  # fmt: skip
