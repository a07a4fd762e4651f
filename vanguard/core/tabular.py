"""Opening the table files people really have, before any cell is read.

One entry point, ``load_sheets(source)``, used by ``core.excel.read_table`` and so by every
import: it tells a workbook from a CSV file by its content (the name only breaks ties), and
yields ``(sheet name, rows of cells)`` either way, so an import gains CSV with no code of its own.

- CSV: UTF-8 with or without BOM first, then GB18030 (which covers GBK and GB2312), and UTF-16
  when the file starts with its BOM (Excel's “Unicode 文本”); comma, tab or semicolon separated
  (Excel's ``sep=`` first line is honoured); ``="0123"`` cells, which some systems write to keep
  leading zeros, are unwrapped. A file that is none of these is refused with the reason.
- Workbooks: an .xlsx is unpacked once in Python with a limit on what it unpacks to (a zip bomb
  stops there) and its sheets' extent is measured (the spreadsheet reader allocates every cell of
  the rectangle a sheet spans, so a two-cell sheet reaching XFD1048576 would exhaust memory and
  abort the process). Other zip files (.ods, .xlsb, .docx) and web pages saved as .xls are refused
  with a message saying what they are.

A table longer than ``IMPORT_MAX_ROWS`` rows is refused as soon as the row past the limit is met
(a CSV file while it is split into rows, a workbook while its sheets are measured), so a small
file of a million near-empty rows costs little.

Every refusal raises ``ExcelError`` with a Chinese message naming the file and, where there is
one, the row.
"""

import codecs
import csv
import io
import os
import re
import zipfile

from django.conf import settings

from .limits import strip_invisible

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls (BIFF) and other Office 97 files
DELIMITERS = (",", "\t", ";")
SNIFF_LINES = 20
ZIP_MAX_ENTRIES = 5000
READ_CHUNK = 1024 * 1024
# C0 control characters a text file does not hold (tab, LF, CR, and Ctrl-Z at the end excepted).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x19\x1b-\x1f\x7f]")
_EXCEL_TEXT = re.compile(r'^="(.*)"$', re.DOTALL)
# A row or a cell element of a worksheet, with its attributes (namespace prefix allowed).
_SHEET_TOKEN = re.compile(rb"<(?:\w+:)?(row|c)\b([^>]*)>")
_REF = re.compile(rb'\br="([A-Z]{0,3})([0-9]{0,7})"')


class ExcelError(ValueError):
    """The file cannot be read as a table (not a table file, too large, no header row, …)."""


def max_cells():
    """The most cells (rows × columns) a sheet may span."""
    return getattr(settings, "TABLE_MAX_CELLS", 3_000_000)


def max_rows():
    """The most rows a table may hold (header and rows below it included)."""
    return getattr(settings, "IMPORT_MAX_ROWS", 50_000)


def too_many_rows(name, at_least, *, sheet=False):
    """Refuse a table (a file, or with ``sheet`` a workbook's sheet) longer than ``max_rows()``."""
    what = f"工作表“{name}”" if sheet else _file(name)
    raise ExcelError(
        f"{what}超过 {max_rows():,} 行（至少 {at_least:,} 行），已拒绝。请拆分后分批导入；"
        "若表格下方有多余的空行或格式，请先删去。"
    )


def max_unpacked_bytes():
    """The most an .xlsx may unpack to."""
    return getattr(settings, "TABLE_MAX_UNPACKED_BYTES", 200 * 1024 * 1024)


# ---------------------------------------------------------------- the entry point


def load_sheets(source):
    """``(kind, sheets)``: kind is ``"csv"`` or ``"workbook"``.

    For a CSV file ``sheets`` is ``[(name, rows)]``; for a workbook it is the file's bytes,
    already checked, for the spreadsheet reader. ``source`` is a path, bytes or a file object
    (an upload). Raises ``ExcelError``.
    """
    name, data = _read_source(source)
    if data.startswith(ZIP_MAGIC):
        check_xlsx(data, name)
        return "workbook", data
    if data.startswith(OLE_MAGIC):
        return "workbook", data
    if not data.strip():
        raise ExcelError(f"{_file(name)}是空的。")
    text = decode_text(data, name)
    return "csv", [("CSV", csv_rows(text, name))]


def _read_source(source):
    """(file name, bytes) of ``source``, refusing anything over the upload limit unread."""
    limit = settings.UPLOAD_MAX_BYTES
    if isinstance(source, bytes | bytearray | memoryview):
        data, name = bytes(source), ""
    elif isinstance(source, str) or hasattr(source, "__fspath__"):
        name = os.fspath(source)
        try:
            if os.path.getsize(name) > limit:
                _too_large(name)
            with open(name, "rb") as handle:
                data = handle.read(limit + 1)
        except OSError as exc:
            raise ExcelError("无法读取该文件，请重新上传。") from exc
        name = os.path.basename(name)
    else:
        name = os.path.basename(getattr(source, "name", "") or "")
        if getattr(source, "size", 0) and source.size > limit:
            _too_large(name)
        if hasattr(source, "seek"):
            source.seek(0)
        data = source.read(limit + 1)
        if hasattr(source, "seek"):
            source.seek(0)
    if len(data) > limit:
        _too_large(name)
    return name, data


def _too_large(name):
    mb = settings.UPLOAD_MAX_BYTES // (1024 * 1024)
    raise ExcelError(f"{_file(name)}超过 {mb} MB，请拆分后分批导入。")


def _file(name):
    return f"文件“{name}”" if name else "该文件"


# ---------------------------------------------------------------- CSV


def decode_text(data, name=""):
    """The text of a CSV file: UTF-16 by its BOM, else UTF-8 (BOM or not), else GB18030."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return _checked_text(data.decode("utf-16"), name)
        except UnicodeDecodeError:
            raise ExcelError(
                f"{_file(name)}标明为 UTF-16 编码，但内容无法按此解读，请另存为 CSV 后重新上传。"
            ) from None
    if b"\x00" in data[:65536] or _looks_html(data):
        _not_text(data, name)
    try:
        return _checked_text(data.decode("utf-8-sig"), name)
    except UnicodeDecodeError as exc:
        utf8_failed_at = exc.start
    try:
        return _checked_text(data.decode("gb18030"), name)
    except UnicodeDecodeError as exc:
        # The encoding that reads further is the file's, so its first failure is the line to name.
        line = data[: max(exc.start, utf8_failed_at)].count(b"\n") + 1
        raise ExcelError(
            f"{_file(name)}的文字编码无法识别（既不是 UTF-8，也不是 GBK/GB18030），第 {line} 行有无法解读的内容。"
            "请在 Excel 中打开后“另存为 → CSV UTF-8（逗号分隔）”或 Excel 工作簿，再重新上传。"
        ) from None


def _looks_html(data):
    head = data[:512].lstrip(codecs.BOM_UTF8).lstrip().lower()
    return head.startswith((b"<!doctype", b"<html", b"<?xml", b"<table", b"<meta"))


def _not_text(data, name):
    if _looks_html(data):
        raise ExcelError(
            f"{_file(name)}实际上是网页（HTML）或 XML 格式，不是真正的 Excel 表格。"
            "请在 Excel 中打开后另存为 Excel 工作簿（.xlsx）或 CSV，再重新上传。"
        )
    raise ExcelError(
        f"{_file(name)}不是表格文件：既不是 Excel 工作簿，也不是文本格式的 CSV（含有二进制内容）。"
        "请上传 Excel 文件（.xlsx、.xls）或 CSV 文件。"
    )


def _checked_text(text, name):
    if _CONTROL.search(text):
        _not_text(b"", name)
    return text


def csv_rows(text, name=""):
    """Rows of cells (strings) of a CSV text; raises ``ExcelError`` naming the row at fault."""
    text = text.lstrip("\ufeff")
    delimiter, text = _delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows, width, limit, most = [], 0, max_cells(), max_rows()
    try:
        for row in reader:
            if len(rows) >= most:
                too_many_rows(name, len(rows) + 1)
            rows.append([_unwrap(cell) for cell in row])
            width = max(width, len(row))
            if len(rows) * max(width, 1) > limit:
                raise ExcelError(
                    f"{_file(name)}过大：超过 {limit:,} 个单元格（第 {reader.line_num} 行起），请拆分后分批导入。"
                )
    except csv.Error as exc:
        line = reader.line_num
        if "field larger" in str(exc):
            reason = "有一个单元格过长（可能有未配对的引号）"
        else:
            reason = "格式有误（引号未配对或含有非文本内容）"
        raise ExcelError(f"{_file(name)}第 {line} 行{reason}，请检查后重新上传。") from None
    return rows


def _delimiter(text):
    """(delimiter, text without Excel's ``sep=`` line): the likeliest of comma, tab and semicolon."""
    first, _, rest = text.partition("\n")
    hint = re.fullmatch(r"\s*sep=(.)\s*", first)
    if hint:
        return hint.group(1), rest
    head = text.split("\n", SNIFF_LINES)[:SNIFF_LINES]
    counts = {d: sum(line.count(d) for line in head) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])
    return (best if counts[best] else ","), text


def _unwrap(cell):
    match = _EXCEL_TEXT.match(cell)
    return match.group(1) if match else cell


# ---------------------------------------------------------------- workbooks


def check_xlsx(data, name=""):
    """Refuse a zip that is not an .xlsx, unpacks to too much, or whose sheets span too many cells."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise ExcelError(f"{_file(name)}已损坏，无法作为 Excel 文件打开，请重新保存后上传。") from exc
    names = {info.filename for info in infos}
    _check_zip_kind(names, name)
    if len(infos) > ZIP_MAX_ENTRIES:
        raise ExcelError(f"{_file(name)}内含的部件过多，不像正常的 Excel 文件，已拒绝。")
    budget = max_unpacked_bytes()
    for info in infos:
        sheet = info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")
        try:
            budget -= _unpack(archive, info, budget, _SheetExtent(name, info.filename) if sheet else None)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError, EOFError) as exc:
            raise ExcelError(f"{_file(name)}已损坏，无法作为 Excel 文件打开，请重新保存后上传。") from exc
        except RuntimeError as exc:  # an encrypted member
            raise ExcelError(f"{_file(name)}设有打开密码，请取消密码后再上传。") from exc


def _check_zip_kind(names, name):
    if "xl/workbook.xml" in names:
        return
    if "xl/workbook.bin" in names:
        what = "Excel 二进制工作簿（.xlsb）"
    elif "content.xml" in names:
        what = "OpenDocument 表格（.ods）"
    elif "word/document.xml" in names:
        what = "Word 文档"
    elif "EncryptedPackage" in names:
        what = "加密的文件"
    else:
        what = "压缩包"
    raise ExcelError(f"{_file(name)}是{what}，不是 Excel 工作簿。请在 Excel 中另存为 .xlsx 或 CSV 后再上传。")


def _unpack(archive, info, budget, extent):
    """Bytes ``info`` unpacks to, read for real (the sizes a zip declares may lie)."""
    used = 0
    with archive.open(info) as member:
        while chunk := member.read(READ_CHUNK):
            used += len(chunk)
            if used > budget:
                mb = max_unpacked_bytes() // (1024 * 1024)
                raise ExcelError(
                    f"文件解压后超过 {mb} MB（可能是压缩炸弹，或含有大量图片、空白格式），已拒绝。"
                    "请删去多余的工作表和图片，或另存为 CSV 后再上传。"
                )
            if extent is not None:
                extent.feed(chunk)
    return used


class _SheetExtent:
    """The rectangle a worksheet's cells span, measured as its XML streams by."""

    def __init__(self, name, member):
        self.name, self.member = name, member
        self.tail = b""
        self.rows = self.row = self.cols = self.col = 0
        self.filled = 0  # the last row holding a cell (empty formatted rows do not count)

    def feed(self, chunk):
        data = self.tail + chunk
        cut = data.rfind(b"<")
        if cut == -1 or b">" in data[cut:]:
            cut = len(data)
        self.tail = data[cut:][-4096:]
        for match in _SHEET_TOKEN.finditer(data, 0, cut):
            self._token(match.group(1), match.group(2))

    def _token(self, kind, attrs):
        ref = _REF.search(attrs)
        if kind == b"row":
            self.row = int(ref.group(2)) if ref and ref.group(2) else self.row + 1
            self.col = 0
            self.rows = max(self.rows, self.row)
        else:
            self.col = _column_number(ref.group(1)) if ref and ref.group(1) else self.col + 1
            row = int(ref.group(2)) if ref and ref.group(2) else self.row
            self.rows = max(self.rows, row)
            self.filled = max(self.filled, row)
            self.cols = max(self.cols, self.col)
            if self.filled > max_rows():
                too_many_rows(self.name, self.filled)
        if self.rows * max(self.cols, 1) > max_cells():
            raise ExcelError(
                f"{_file(self.name)}的工作表范围过大（至少 {self.rows:,} 行 × {self.cols:,} 列，"
                f"超过 {max_cells():,} 个单元格），已拒绝。请删去表格下方和右侧多余的内容与格式后再上传。"
            )


def _column_number(letters):
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


# ---------------------------------------------------------------- cells kept as typed

_SCIENTIFIC = re.compile(r"^[+-]?\d+(\.\d+)?[eE][+-]?\d+$")
EXCEL_DIGITS = 15  # significant digits a number cell keeps; the rest become zeros


def text_cell(value):
    """A text cell as typed: trimmed, invisible characters dropped, nothing rewritten.

    Unlike ``excel.clean_text`` (for codes, choices and headers, where ``（`` and ``(`` mean
    the same) full-width brackets and letters stay: ``工程师（助理）`` is stored as typed.
    """
    if not isinstance(value, str):
        from .excel import clean_text

        return clean_text(value)
    text = strip_invisible(value).strip()
    # Undo the quote an export puts before a formula-like string, so an export reads back unchanged.
    if len(text) > 1 and text[0] == "'" and text[1] in "=+-@":
        text = text[1:]
    return text


def identifier_cell(value):
    """(text, digits_lost) of a cell holding an identifier (工号, 手机号, 身份证号).

    A number cell gives its digits without ``.0``. ``digits_lost`` is True when the cell is
    (or, in a CSV file, was) a number too long for a spreadsheet: more than 15 digits, or
    written in scientific notation (``1.10105E+17``); the digits read are then not the ones typed.
    """
    from .excel import digits_text

    if isinstance(value, float | int) and not isinstance(value, bool):
        text = digits_text(value)
        return text, len(text.lstrip("-").split(".")[0]) > EXCEL_DIGITS
    if isinstance(value, str):
        compact = text_cell(value).replace(" ", "").lstrip("'")
        if _SCIENTIFIC.match(compact):
            return digits_text(compact), True
        return digits_text(compact), False
    return digits_text(value), False
