"""Papers the office signs and files: Word documents from .docx templates, and the same as PDF.

Each document is registered once (``register(DocumentKind(...))``, from the module that builds its
context) with the template kept in the repository (``<app>/documents/*.docx``, built by
``scripts/build_docx_templates.py``), a sample context and the meaning of each variable. The office
may upload its own template in the admin (``core.DocumentTemplate``); it is checked here
(``check_template``) before it becomes active.

A template is rendered with docxtpl in a sandboxed Jinja environment: the context is plain data
(strings, lists, dicts, never a model), values are escaped, loops only walk the lists the context
gives and numbers in the template stay small, so an uploaded template can neither reach the database
nor keep a server busy. Every string of the context is typeset for Chinese paper first
(``core.typography.typeset``).

PDF: LibreOffice headless (Debian package ``libreoffice-writer-nogui``), one private profile per
conversion, a time limit and a limit on conversions at once (``DOCUMENT_PDF_*`` settings), with the
project's fontconfig aliases (``core/fonts/vanguard-cjk.conf``: 仿宋、宋体、黑体、方正小标宋 → Noto CJK).
"""

import fcntl
import hashlib
import io
import logging
import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
import zipfile
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from jinja2 import StrictUndefined, TemplateError, nodes
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment

from .downloads import file_response
from .typography import typeset

logger = logging.getLogger(__name__)

FONTS_DIR = Path(__file__).resolve().parent / "fonts"
FONT_ALIASES = FONTS_DIR / "vanguard-cjk.conf"


class DocumentError(Exception):
    """A document could not be produced; the message is Chinese and says what to do."""


@dataclass(frozen=True)
class DocumentKind:
    """One paper: its key, its name, the repository template, a sample context and its variables."""

    key: str
    label: str
    default: Path
    sample: Callable[[], dict]
    variables: dict[str, str] = field(default_factory=dict)


_KINDS: dict[str, DocumentKind] = {}


def register(kind: DocumentKind) -> DocumentKind:
    _KINDS[kind.key] = kind
    return kind


def kinds() -> list[DocumentKind]:
    return sorted(_KINDS.values(), key=lambda k: k.key)


def get_kind(key: str) -> DocumentKind:
    try:
        return _KINDS[key]
    except KeyError:
        raise DocumentError(f"未登记的文书“{key}”。") from None


# ---------------------------------------------------------------- the sandbox

MAX_NUMBER = 10_000  # no number in a template above this (a width, a repeat count)


class _Environment(SandboxedEnvironment):
    """Jinja for document templates: sandboxed, escaped, strict about names, and bounded in work.

    Refused when parsed: a loop over anything but a variable of the context (``range(…)``, a
    literal), a number above ``MAX_NUMBER``; when run: ``*`` and ``**`` on big operands.
    """

    intercepted_binops = frozenset({"*", "**"})

    def __init__(self):
        super().__init__(autoescape=True, undefined=StrictUndefined)
        self.globals.clear()

    def _parse(self, source, name, filename):
        tree = super()._parse(source, name, filename)
        for loop in tree.find_all(nodes.For):
            if not isinstance(loop.iter, nodes.Name | nodes.Getattr | nodes.Getitem):
                raise SecurityError("模板中的循环只能遍历文书提供的列表。")
        for const in tree.find_all(nodes.Const):
            if isinstance(const.value, int | float) and abs(const.value) > MAX_NUMBER:
                raise SecurityError(f"模板中的数字不能超过 {MAX_NUMBER}。")
        return tree

    def call_binop(self, context, operator, left, right):
        for operand in (left, right):
            size = (
                len(operand)
                if isinstance(operand, str | list | tuple)
                else abs(operand)
                if isinstance(operand, int | float)
                else 0
            )
            if size > MAX_NUMBER:
                raise SecurityError("模板中的运算过大。")
        return super().call_binop(context, operator, left, right)


def _render(source: bytes, context: dict) -> bytes:
    from docxtpl import DocxTemplate

    template = DocxTemplate(io.BytesIO(source))
    template.render(typeset(context), jinja_env=_Environment(), autoescape=True)
    out = io.BytesIO()
    template.save(out)
    return out.getvalue()


# ---------------------------------------------------------------- which template


def template_source(key: str) -> bytes:
    """The bytes of the template in use for ``key``: the active uploaded one, else the repository's."""
    from .models import DocumentTemplate

    uploaded = DocumentTemplate.objects.filter(key=key, active=True).first()
    if uploaded is not None:
        with uploaded.file.open("rb") as handle:
            return handle.read()
    return get_kind(key).default.read_bytes()


def render(key: str, context: dict) -> bytes:
    """The Word document ``key`` filled with ``context``."""
    kind = get_kind(key)
    try:
        return _render(template_source(key), context)
    except (TemplateError, ValueError, KeyError, zipfile.BadZipFile) as exc:
        logger.exception("document %s failed to render", key)
        raise DocumentError(
            f"“{kind.label}”的模板无法生成文档：{exc}。请在后台“文书模板”中检查或停用上传的模板。"
        ) from exc


# ---------------------------------------------------------------- checking an uploaded template

MAIN_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
MAX_PARTS = 500
MAX_UNPACKED = 30 * 1024 * 1024
_DOCTYPE = re.compile(rb"<!(DOCTYPE|ENTITY)", re.I)


def _check_package(data: bytes) -> None:
    """Refuse anything but a plain Word document: not a zip, a macro document, a zip bomb, XML entities."""
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise ValidationError("该文件不是 Word 文档（.docx），请用 Word 或 WPS 另存为 .docx 后再上传。")
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        parts = package.infolist()
        names = {part.filename for part in parts}
        if "[Content_Types].xml" not in names or "word/document.xml" not in names:
            raise ValidationError("该文件不是 Word 文档（.docx），请用 Word 或 WPS 另存为 .docx 后再上传。")
        if len(parts) > MAX_PARTS or sum(part.file_size for part in parts) > MAX_UNPACKED:
            raise ValidationError("该模板解压后过大，请删除其中的大图片或嵌入对象后再上传。")
        if any(name.lower().endswith("vbaproject.bin") for name in names):
            raise ValidationError("模板不能含有宏，请另存为不含宏的 Word 文档（.docx）后再上传。")
        types = package.read("[Content_Types].xml")
        if MAIN_TYPE.encode() not in types:
            raise ValidationError("模板须是 Word 文档（.docx），不能是启用宏的文档或 Word 模板（.dotx）。")
        for part in parts:
            if part.filename.endswith((".xml", ".rels")) and _DOCTYPE.search(package.read(part)):
                raise ValidationError("模板中含有不允许的 XML 声明（DOCTYPE/ENTITY），请在 Word 中另存后再上传。")


def check_template(key: str, file) -> bytes:
    """The bytes of ``file`` once it is a template ``key`` can use; ``ValidationError`` (Chinese) otherwise.

    Checks the size, that it is a plain .docx, and that it renders the document's sample context
    into a document Word can open. Reads nothing from and writes nothing to the database.
    """
    kind = get_kind(key)
    name = getattr(file, "name", "") or ""
    limit = settings.DOCUMENT_TEMPLATE_MAX_BYTES
    if not name.lower().endswith(".docx"):
        raise ValidationError(f"文件“{name}”不是 Word 文档，请上传 .docx 文件。")
    if (getattr(file, "size", None) or 0) > limit:
        raise ValidationError(f"模板文件超过 {limit // (1024 * 1024)} MB，请删除其中的大图片后再上传。")
    file.seek(0)
    data = file.read(limit + 1)
    file.seek(0)
    if len(data) > limit:
        raise ValidationError(f"模板文件超过 {limit // (1024 * 1024)} MB，请删除其中的大图片后再上传。")
    _check_package(data)
    try:
        rendered = _render(data, kind.sample())
        from docx import Document

        Document(io.BytesIO(rendered))
    except SecurityError as exc:
        raise ValidationError(f"模板不安全：{exc}") from exc
    except TemplateError as exc:
        raise ValidationError(f"模板中的占位符有误：{exc}。可用的变量见说明。") from exc
    except Exception as exc:  # noqa: BLE001  (whatever a broken file raises, the answer is the same)
        logger.info("uploaded template for %s refused: %r", key, exc)
        raise ValidationError("模板无法生成文档，请确认它是能在 Word 中正常打开的 .docx 文件。") from exc
    return data


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def upload_name(key: str) -> str:
    """The stored file's name: the document's key and the time, never the uploader's file name."""
    from django.utils import timezone

    return f"{key.replace('.', '-')}-{timezone.now():%Y%m%d%H%M%S}.docx"


# ---------------------------------------------------------------- PDF


def converter() -> str | None:
    """The LibreOffice binary, or None when it is not installed."""
    return shutil.which(settings.DOCUMENT_PDF_SOFFICE)


@contextmanager
def _conversion_slot():
    """One of ``DOCUMENT_PDF_CONCURRENCY`` slots, shared by every process on the machine (file locks)."""
    folder = Path(settings.VAR_DIR) / "pdf-slots"
    folder.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + settings.DOCUMENT_PDF_QUEUE_SECONDS
    while True:
        for n in range(settings.DOCUMENT_PDF_CONCURRENCY):
            handle = open(folder / f"slot-{n}.lock", "w")  # noqa: SIM115  (held for the conversion)
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                handle.close()
                continue
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)
                handle.close()
            return
        if time.monotonic() > deadline:
            raise DocumentError("正在转换的文档较多，请稍后再下载 PDF，或先下载 Word 版。")
        time.sleep(0.2)


def _fonts_conf(folder: Path) -> Path:
    """A fontconfig file: the system's configuration, then the project's aliases for the office fonts."""
    conf = folder / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?>\n<fontconfig>\n'
        '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n'
        f"  <include>{FONT_ALIASES}</include>\n</fontconfig>\n",
        encoding="utf-8",
    )
    return conf


def docx_to_pdf(data: bytes) -> bytes:
    """The PDF of a Word document, typeset by LibreOffice; ``DocumentError`` (Chinese) when that fails."""
    binary = converter()
    if binary is None:
        raise DocumentError(
            "服务器未安装 PDF 转换程序 LibreOffice（软件包 libreoffice-writer-nogui），暂时不能下载 PDF，"
            "请先下载 Word 版，或请管理员安装后再试。"
        )
    timeout = settings.DOCUMENT_PDF_TIMEOUT
    with _conversion_slot(), tempfile.TemporaryDirectory(prefix="vanguard-pdf-") as work:
        folder = Path(work)
        source = folder / "document.docx"
        source.write_bytes(data)
        command = [
            binary, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless", "--invisible",
            "--norestore", "--nologo", "--nodefault", "--nolockcheck",
            "--convert-to", "pdf:writer_pdf_Export", "--outdir", str(folder), str(source),
        ]  # fmt: skip
        env = {**os.environ, "FONTCONFIG_FILE": str(_fonts_conf(folder)), "SAL_USE_VCLPLUGIN": "svp"}
        process = subprocess.Popen(  # noqa: S603  (a fixed command; the file name is ours)
            command, cwd=folder, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True
        )
        try:
            _out, err = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            raise DocumentError(f"PDF 转换超过 {timeout} 秒未完成，请稍后再试，或先下载 Word 版。") from None
        pdf = folder / "document.pdf"
        if process.returncode != 0 or not pdf.exists():
            logger.error("soffice failed (%s): %s", process.returncode, err.decode(errors="replace")[-2000:])
            raise DocumentError("PDF 转换失败，请稍后再试，或先下载 Word 版；问题持续请联系管理员。")
        return pdf.read_bytes()


# ---------------------------------------------------------------- the download


def document_response(request, *, key: str, context: dict, filename: str, fmt: str, back: str):
    """The document as a download (``fmt`` docx or pdf).

    When it cannot be produced (no converter, a timeout, a broken uploaded template) the user goes
    back to the page the link was on (``back`` when the referrer is missing or foreign) with the reason.
    """
    try:
        data = render(key, context)
        if fmt == "pdf":
            data = docx_to_pdf(data)
    except DocumentError as exc:
        messages.error(request, str(exc))
        referrer = request.META.get("HTTP_REFERER", "")
        safe = url_has_allowed_host_and_scheme(referrer, allowed_hosts={request.get_host()})
        return redirect(referrer if safe else back)
    return file_response(data, f"{filename}.{fmt}", fmt)


def docx_text(data: bytes) -> str:
    """All text of a Word document, paragraphs and table cells in reading order, one per line (checks, tests)."""
    from docx import Document

    body = Document(io.BytesIO(data)).element.body
    lines = []
    for paragraph in body.iter(f"{{{_W}}}p"):
        text = "".join(node.text or "" for node in paragraph.iter(f"{{{_W}}}t"))
        if text.strip():
            lines.append(text)
    return "\n".join(lines)


_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
