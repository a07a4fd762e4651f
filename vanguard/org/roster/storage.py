"""Uploaded roster files kept for the preview, the confirm step and the background task."""

import re
import time
import uuid
from pathlib import Path

from django.conf import settings

from .annotate import roster_error_workbook

_TOKEN = re.compile(r"^[0-9a-f]{32}(-errors)?\.(xlsx|xlsm|xls|csv)$")
KEEP_SECONDS = 2 * 24 * 3600


def upload_dir(user):
    return Path(settings.MEDIA_ROOT) / "roster" / str(user.pk)


def upload_save(user, uploaded, suffix=None):
    """Keep an uploaded roster file for the preview → confirm steps; returns its token."""
    folder = upload_dir(user)
    folder.mkdir(parents=True, exist_ok=True)
    _sweep(folder)
    suffix = (suffix or Path(getattr(uploaded, "name", "x.xlsx")).suffix.lower().lstrip(".")) or "xlsx"
    if suffix not in ("xlsx", "xlsm", "xls", "csv"):
        suffix = "xlsx"
    token = f"{uuid.uuid4().hex}.{suffix}"
    with open(folder / token, "wb") as out:
        if isinstance(uploaded, bytes | bytearray):
            out.write(uploaded)
        else:
            for chunk in uploaded.chunks() if hasattr(uploaded, "chunks") else [uploaded.read()]:
                out.write(chunk)
    return token


def upload_path(user, token):
    """The kept file for ``token`` if it is this user's; None otherwise."""
    if not token or not _TOKEN.match(token):
        return None
    path = upload_dir(user) / token
    return path if path.is_file() else None


def error_file_save(user, token, table, errors):
    """Write the annotated workbook next to the upload; returns its token."""
    name = token.split(".")[0] + "-errors.xlsx"
    folder = upload_dir(user)
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / name, "wb") as out:
        out.write(roster_error_workbook(table, errors))
    return name


def _sweep(folder):
    cutoff = time.time() - KEEP_SECONDS
    for path in folder.iterdir():
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink()
        except OSError:
            continue
