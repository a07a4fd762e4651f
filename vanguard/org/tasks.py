"""Background tasks of the org app (registered with ``core.tasks``)."""

from django.urls import reverse

from vanguard.core.tasks import register_task, task_progress

ROSTER_IMPORT = "org.roster_import"


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
    payload = {**result.as_dict(error_limit=roster.ERROR_DISPLAY_LIMIT), "upload": upload}
    if result.errors:
        payload["error_file"] = roster.error_file_save(actor, upload, result.table, result.errors)
        payload["error_url"] = f"{reverse('roster-import')}?download={payload['error_file']}"
    return payload
