"""What a stored or uploaded file is, read from its first bytes rather than its name.

A name is whatever the uploader typed: ``报告.png`` may hold an HTML page whose script would run in the
session of whoever opens it. An upload is accepted only when its content is of the family its suffix
says (``matches``); a download is served inline only for a few passive types (``inline_type``) and
as an attachment otherwise.
"""

import codecs
import zipfile

# Suffix → the content family it must hold.
FAMILIES = {
    ".pdf": "pdf",
    ".ofd": "zip",
    ".docx": "ooxml", ".xlsx": "ooxml", ".xlsm": "ooxml", ".pptx": "ooxml",
    ".doc": "ole", ".xls": "ole", ".ppt": "ole", ".wps": "ole", ".et": "ole", ".dps": "ole",
    ".jpg": "jpeg", ".jpeg": "jpeg", ".png": "png", ".gif": "gif", ".bmp": "bmp", ".webp": "webp",
    ".heic": "isobmff", ".mp4": "isobmff", ".mov": "isobmff",
    ".zip": "zip", ".rar": "rar", ".7z": "7z",
    ".txt": "text", ".csv": "text",
}  # fmt: skip

_MAGIC = {
    "pdf": (b"%PDF-",),
    "zip": (b"PK\x03\x04", b"PK\x05\x06"),
    "ooxml": (b"PK\x03\x04",),
    "ole": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",),
    "jpeg": (b"\xff\xd8\xff",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "gif": (b"GIF87a", b"GIF89a"),
    "bmp": (b"BM",),
    "rar": (b"Rar!\x1a\x07",),
    "7z": (b"7z\xbc\xaf\x27\x1c",),
}
# Markup a browser would run, wherever it hides: refused in any upload, text files included.
_ACTIVE = (b"<html", b"<!doctype", b"<script", b"<svg", b"<?xml", b"<body", b"<iframe", b"<object", b"<embed")

INLINE_TYPES = {"pdf": "application/pdf", "jpeg": "image/jpeg", "png": "image/png", "gif": "image/gif"}
HEAD_BYTES = 4096


def family_of(head: bytes) -> str | None:
    """The family of content that starts with ``head``; None for anything not recognised."""
    for family, signatures in _MAGIC.items():
        if family != "ooxml" and head.startswith(signatures):
            return family
    if head[4:8] == b"ftyp":
        return "isobmff"
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return "webp"
    return None


def is_active(head: bytes) -> bool:
    lowered = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return any(marker in lowered[:HEAD_BYTES] for marker in _ACTIVE)


def _is_text(head: bytes) -> bool:
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        # Excel's "Unicode 文本" is UTF-16: its text is checked once decoded.
        text = head[: len(head) // 2 * 2].decode("utf-16", errors="replace")
        return "\x00" not in text and not is_active(text.encode("utf-8"))
    if b"\x00" in head:
        return False
    for encoding in ("utf-8", "gb18030"):
        try:
            head.decode(encoding)
            return True
        except UnicodeDecodeError:
            # The head may end inside a character: a clean decode of all but the last 3 bytes will do.
            try:
                head[:-3].decode(encoding)
                return True
            except UnicodeDecodeError:
                continue
    return False


def _is_ooxml(file) -> bool:
    try:
        with zipfile.ZipFile(file) as archive:
            return "[Content_Types].xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    finally:
        file.seek(0)


def matches(file, suffix: str) -> bool:
    """Whether ``file`` (open, seekable) holds what ``suffix`` says and nothing a browser would run."""
    head = file.read(HEAD_BYTES)
    file.seek(0)
    if is_active(head):
        return False
    wanted = FAMILIES.get(suffix.lower())
    if wanted is None:
        return False
    if wanted == "text":
        return _is_text(head)
    found = family_of(head)
    if wanted == "ooxml":
        return found == "zip" and _is_ooxml(file)
    return found == wanted


def inline_type(head: bytes) -> str | None:
    """The content type to show a stored file inline with, for the passive types only; else None."""
    return INLINE_TYPES.get(family_of(head) or "")
