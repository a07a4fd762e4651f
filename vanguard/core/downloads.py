"""The one way a view hands a file to the browser: a generated one (Excel, Word, PDF, CSV) or a stored upload."""

import re
import unicodedata
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.http import FileResponse, HttpResponse

from . import filetypes

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "csv": "text/csv; charset=utf-8",
}
_UNSAFE = re.compile(r'[\x00-\x1f\x7f"\\/:*?<>|]+')


def clean_filename(filename: str) -> str:
    """A file name without path separators, quotes or control characters (a title may hold any)."""
    name = _UNSAFE.sub("_", unicodedata.normalize("NFC", filename)).strip(" .")
    return name or "download"


def content_disposition(filename: str, *, inline: bool = False) -> str:
    """``attachment; filename="ascii"; filename*=UTF-8''…`` (RFC 6266 with RFC 5987 encoding).

    Browsers read the UTF-8 form (``filename*``); the plain ``filename`` is an ASCII fallback
    for old clients, with every run of other characters replaced by ``_``.
    """
    name = clean_filename(filename)
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    fallback_stem = re.sub(r"[^\x20-\x7e]+", "_", stem).strip("_ ") or "download"
    fallback = f"{fallback_stem}.{ext}" if dot and ext.isascii() else fallback_stem
    disposition = "inline" if inline else "attachment"
    return f"{disposition}; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


def file_response(content: bytes, filename: str, kind: str, *, inline: bool = False) -> HttpResponse:
    """A download of ``content`` (``kind``: xlsx, docx, pdf or csv) named ``filename``."""
    if kind not in CONTENT_TYPES:
        raise ValueError(f"unknown download kind {kind!r}; one of {sorted(CONTENT_TYPES)}")
    response = HttpResponse(content, content_type=CONTENT_TYPES[kind])
    response["Content-Disposition"] = content_disposition(filename, inline=inline)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def stored_file_response(field_file, filename: str) -> HttpResponse:
    """A stored upload, after the caller's scope check: an attachment, or inline for PDF and plain images.

    The type is read from the content, never from the name, and the browser may not guess another
    (``nosniff``); ``sandbox`` keeps anything opened inline from running script. In production the
    web server sends the bytes (``FILE_ACCEL_PREFIX``: nginx ``X-Accel-Redirect`` to an internal location).
    """
    with field_file.open("rb") as handle:
        head = handle.read(filetypes.HEAD_BYTES)
    inline = filetypes.inline_type(head)
    response = _stored(field_file.name, lambda: field_file.open("rb"), inline or "application/octet-stream")
    response["Content-Disposition"] = content_disposition(filename, inline=bool(inline))
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return response


def media_file_response(name: str, filename: str, kind: str) -> HttpResponse:
    """A file the application wrote under ``MEDIA_ROOT`` (``name`` relative to it), after the caller's check.

    A generated file of a known ``kind`` (an export kept for its owner): sent as an attachment, by the
    web server in production (``FILE_ACCEL_PREFIX``), like a stored upload.
    """
    path = Path(settings.MEDIA_ROOT) / name
    response = _stored(name, lambda: open(path, "rb"), CONTENT_TYPES[kind])  # noqa: SIM115 - FileResponse closes it
    response["Content-Disposition"] = content_disposition(filename)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _stored(name, opener, content_type):
    if settings.FILE_ACCEL_PREFIX:
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = settings.FILE_ACCEL_PREFIX + quote(name)
        return response
    return FileResponse(opener(), content_type=content_type)
