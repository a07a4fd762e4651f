"""The one upload policy: ``settings.UPLOAD_MAX_BYTES`` and ``settings.UPLOAD_ALLOWED_TYPES``."""

from django.conf import settings
from django.core.exceptions import ValidationError

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
