"""The one upload policy: ``settings.UPLOAD_MAX_BYTES`` and ``settings.UPLOAD_ALLOWED_TYPES``."""

import hashlib
from contextlib import ContextDecorator
from contextvars import ContextVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction

from . import filetypes

KIND_LABELS = {"attachment": "文档、图片或压缩包", "excel": " Excel 或 CSV 文件"}


def max_upload_mb() -> int:
    return settings.UPLOAD_MAX_BYTES // (1024 * 1024)


def check_upload(file, kinds="attachment", *, field=None):
    """Refuse ``file`` (an UploadedFile) of a type no kind in ``kinds`` allows, or over the size limit.

    ``kinds`` is one key of ``settings.UPLOAD_ALLOWED_TYPES`` or several; the message is Chinese
    and, with ``field``, raised for that field. Returns ``file``.
    """
    kinds = (kinds,) if isinstance(kinds, str) else tuple(kinds)
    suffixes = tuple(s for kind in kinds for s in settings.UPLOAD_ALLOWED_TYPES[kind])
    name = getattr(file, "name", "") or ""
    if not name.lower().endswith(suffixes):
        label = "或".join(KIND_LABELS.get(kind, kind) for kind in kinds)
        message = f"文件“{name}”的类型不支持,请上传{label}({'、'.join(suffixes)})。"
        raise ValidationError({field: message} if field else message)
    if file.size > settings.UPLOAD_MAX_BYTES:
        message = f"文件“{name}”超过 {max_upload_mb()} MB,请压缩或拆分后再上传。"
        raise ValidationError({field: message} if field else message)
    suffix = "." + name.lower().rpartition(".")[2]
    # A table file is read by ``core.tabular``, which sniffs its content itself (other systems save
    # CSV or HTML under ``.xls``) and names what is wrong more exactly: the encoding, the line.
    if set(kinds) != {"excel"} and not filetypes.matches(file, suffix):
        message = f"文件“{name}”的内容与扩展名 {suffix} 不符(或含有网页脚本),请上传原始文件。"
        raise ValidationError({field: message} if field else message)
    return file


# ---------------------------------------------------------------- stored files follow the transaction

# The files written inside the innermost ``atomic_with_files`` block (None outside one).
_written: ContextVar[list | None] = ContextVar("vanguard_written_files", default=None)


class atomic_with_files(ContextDecorator):  # noqa: N801 - used like transaction.atomic
    """``transaction.atomic`` whose files stored meanwhile are deleted again if it rolls back.

    A database row goes with a rolled-back transaction; the file its ``FileField`` wrote to the
    storage does not. Services that store uploads use this instead of ``transaction.atomic``, so
    an evidence file refused after the first one was saved leaves nothing on disk. A block nested
    in another hands its files to the outer one, which deletes them if it rolls back in turn.
    """

    def __enter__(self):
        self._atomic = transaction.atomic()
        self._atomic.__enter__()
        self._token = _written.set([])
        return self

    def __exit__(self, exc_type, exc, tb):
        written = _written.get()
        _written.reset(self._token)
        try:
            self._atomic.__exit__(exc_type, exc, tb)
        except BaseException:
            _delete(written)
            raise
        if exc_type is not None:
            _delete(written)
        elif (outer := _written.get()) is not None:
            outer.extend(written)
        return False


def _delete(written):
    for stored in written:
        if stored._committed:  # written by now (a save that failed before writing it left nothing)
            stored.storage.delete(stored.name)


def note_stored_files(sender, instance, raw=False, **kwargs):
    """A ``pre_save`` receiver: remember each new file a save is about to write, after it is written.

    The field writes the file after ``pre_save`` and names it then, so the field file itself is
    kept and read when the block ends.
    """
    written = _written.get()
    if written is None or raw:
        return
    for field in instance._meta.concrete_fields:
        if isinstance(field, models.FileField):
            stored = getattr(instance, field.attname)
            if stored and not stored._committed:
                written.append(stored)


def file_facts(file) -> dict:
    """Name, size and SHA-256 of an uploaded or stored file, for the audit trail."""
    digest = hashlib.sha256()
    file.seek(0)
    for chunk in file.chunks() if hasattr(file, "chunks") else iter(lambda: file.read(65536), b""):
        digest.update(chunk)
    file.seek(0)
    return {"name": file.name.rpartition("/")[2], "size": file.size, "sha256": digest.hexdigest()}
