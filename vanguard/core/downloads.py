"""The one way a view hands a generated file (Excel, Word, PDF, CSV) to the browser."""

import re
import unicodedata
from urllib.parse import quote

from django.http import HttpResponse

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
