"""Background tasks of the org app (registered with ``core.tasks``)."""

from django.urls import reverse

from vanguard.core.tasks import register_task, task_progress, task_start

ROSTER_IMPORT = "org.roster_import"


def roster_import_start(*, owner, upload, rows, dry_run):
    """Start the check (and unless ``dry_run`` the import) of a kept roster file of ``rows`` rows."""
    return task_start(
        name=ROSTER_IMPORT,
        owner=owner,
        total=rows * 2,
        params={"upload": upload, "dry_run": dry_run},
        label=f"花名册{'预览检查' if dry_run else '导入'}({rows} 行)",
    )


@register_task(ROSTER_IMPORT)
def roster_import_task(run, *, upload, dry_run):
    """Check (and unless ``dry_run`` write) a kept roster file; the page shows the stored result."""
    from . import roster
    from .models import User

    actor = User.objects.get(pk=run.owner_id)
    path = roster.upload_path(actor, upload)
    if path is None:
        raise FileNotFoundError("上传的文件已过期,请重新上传。")

    def progress(done, total):
        task_progress(run, done=done, total=total)

    try:
        result = roster.roster_import(actor=actor, source=path, dry_run=dry_run, progress=progress)
    except roster.ExcelError as exc:
        return {
            "upload": upload,
            "dry_run": dry_run,
            "written": False,
            "file_error": str(exc),
            "errors": [],
            "error_count": 0,
        }
    payload = {**result.as_dict(), "upload": upload}
    if result.errors:
        payload["error_file"] = roster.error_file_save(actor, upload, result.table, result.errors)
        payload["error_url"] = f"{reverse('roster-import')}?download={payload['error_file']}"
    return payload
