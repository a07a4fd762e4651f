"""Excel in and out, tolerant of the files people really keep.

Reading (python-calamine, or CSV through ``core.tabular``, which also checks a workbook
before it is opened): the header row may sit anywhere in the first rows of a sheet; cells are normalised (stray and full-width spaces, full-width digits and
letters, dates in the usual Chinese spellings, numbers that Excel turned into floats).

Writing (xlsxwriter, constant memory): every string is written as a string, never as
a formula, and a string that begins with ``=``, ``+``, ``-`` or ``@`` is neutralised
with a leading single quote, so a file exported from here cannot run anything when
opened. Apps declare columns and their kinds (text, code, amount, date, percent…); the
writer gives every export the same print (A4 landscape, one page wide, the header on
every page, a title row, page numbers), autofilter and number formats, and every
template its drop-down lists and text-formatted identifier columns.
"""

import io
import re
from collections.abc import Sequence
from dataclasses import KW_ONLY, dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation

import xlsxwriter
from python_calamine import CalamineError, CalamineWorkbook

from .tabular import ExcelError, load_sheets, max_cells, max_rows, too_many_rows

HEADER_SCAN_ROWS = 20
FORMULA_PREFIXES = ("=", "+", "-", "@")
EXCEL_EPOCH = date(1899, 12, 30)  # serial 1 = 1900-01-01, with Excel's 1900 leap-year bug absorbed
SERIAL_RANGE = (1, 2958465)  # 1900-01-01 .. 9999-12-31

# Full-width ASCII (U+FF01..U+FF5E) → half-width; ideographic and no-break spaces → space.
_HALF_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_HALF_WIDTH.update({0x3000: 0x20, 0x00A0: 0x20, 0x2002: 0x20, 0x2003: 0x20, 0x200B: None, 0xFEFF: None})

_DATE_PATTERNS = (
    re.compile(r"^(\d{4})\s*[-./]\s*(\d{1,2})\s*[-./]\s*(\d{1,2})$"),
    re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)
_MONTH_PATTERNS = (
    re.compile(r"^(\d{4})\s*[-./]\s*(\d{1,2})$"),
    re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月?$"),
    re.compile(r"^(\d{4})(\d{2})$"),
)
_DATE_TIME_TAIL = re.compile(r"[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$")


# ---------------------------------------------------------------- cell normalisation


def half_width(text):
    """Full-width letters, digits and punctuation to half-width; odd spaces to plain ones."""
    return text.translate(_HALF_WIDTH)


def clean_text(value):
    """Any cell as a trimmed one-line string ('' for empty); integral floats lose their ``.0``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        return _float_text(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, timedelta):
        return str(value)
    text = " ".join(half_width(str(value)).split())
    # Undo the neutralising quote this module writes, so an export reads back unchanged.
    if len(text) > 1 and text[0] == "'" and text[1] in FORMULA_PREFIXES:
        text = text[1:]
    return text


def _float_text(value):
    if value != value or value in (float("inf"), float("-inf")):
        return ""
    if value.is_integer():
        return str(int(value))
    return repr(value)


def digits_text(value):
    """An identifier typed into a number cell back to its digits: 13800000000.0, 1.38E+10 → '13800000000'.

    Text that is not a plain number (``T100001``, ``1201…X``, ``2019-001``) is returned
    cleaned, without inner spaces, otherwise unchanged.
    """
    if isinstance(value, float | int) and not isinstance(value, bool):
        return _float_text(float(value)) if isinstance(value, float) else str(value)
    text = clean_text(value)
    compact = text.replace(" ", "")
    if re.fullmatch(r"\d+\.0+", compact):
        return compact.split(".")[0]
    if re.fullmatch(r"\d+(\.\d+)?[eE]\+?\d+", compact):
        try:
            number = Decimal(compact)
        except InvalidOperation:
            return compact
        if number == number.to_integral_value():
            return str(int(number))
    return compact


def parse_date(value):
    """A date from a date cell, an Excel serial number or text; None for an empty cell.

    Text may read ``2019-07-01``, ``2019.7.1``, ``2019/7/1``, ``2019年7月1日``, ``20190701``,
    or name a month only (``2019.07``, ``2019年7月`` → the first of that month).
    Raises ``ValueError`` with a Chinese message when the value is not a date.
    """
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool):
        raise ValueError("不是有效的日期。")
    if isinstance(value, int | float):
        return serial_to_date(value)
    text = clean_text(value)
    if not text:
        return None
    text = _DATE_TIME_TAIL.sub("", text)
    for pattern in _DATE_PATTERNS:
        match = pattern.match(text)
        if match:
            return _make_date(*match.groups())
    for pattern in _MONTH_PATTERNS:
        match = pattern.match(text)
        if match:
            return _make_date(*match.groups(), 1)
    if re.fullmatch(r"\d{4,5}(\.\d+)?", text):
        return serial_to_date(float(text))
    raise ValueError(f"无法识别的日期“{text}”,请写作 2019-07-01。")


def _make_date(year, month, day):
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        raise ValueError(f"日期不存在:{year}年{int(month)}月{int(day)}日。") from None


def serial_to_date(serial):
    """An Excel (1900 system) serial day number to a date."""
    if not SERIAL_RANGE[0] <= serial <= SERIAL_RANGE[1]:
        raise ValueError(f"无法识别的日期“{clean_text(serial)}”,请写作 2019-07-01。")
    return EXCEL_EPOCH + timedelta(days=int(serial))


def header_key(value):
    """How a header cell is compared: half-width, no spaces, no required-field marks."""
    return clean_text(value).replace(" ", "").replace("*", "").replace("※", "")


# ---------------------------------------------------------------- reading


@dataclass
class Table:
    """One sheet read as a table.

    ``cells`` holds every row of the sheet (from row 1, so ``cells[i]`` is Excel row
    ``i + 1``); ``columns`` maps a column title to its 0-based index; ``header_row`` is
    the Excel row number of the header. ``records()`` yields the data rows.
    """

    sheet_name: str
    cells: list
    header_row: int
    columns: dict
    width: int = 0
    header: list = field(default_factory=list)
    kind: str = "workbook"  # or "csv": every cell is then text, whatever it once was

    def unrecognised(self):
        """Titles of the header's columns that are not read (unknown names, or a second column for a title)."""
        used = set(self.columns.values())
        return [clean_text(cell) for col, cell in enumerate(self.header) if col not in used and clean_text(cell)]

    def records(self):
        """(Excel row number, {title: raw value}) for each non-empty row below the header."""
        columns = self.columns.items()
        for index in range(self.header_row, len(self.cells)):
            row = self.cells[index]
            if _has_value(row):
                yield index + 1, {title: (row[col] if col < len(row) else "") for title, col in columns}

    def count(self):
        """How many rows ``records()`` yields."""
        return sum(1 for row in self.cells[self.header_row :] if _has_value(row))


def _has_value(row):
    return any(cell is not None and cell != "" and not (isinstance(cell, str) and cell.isspace()) for cell in row)


def open_workbook(source):
    """A calamine workbook from a path, bytes or a file object (.xlsx, .xlsm, .xls, .xlsb, .ods)."""
    try:
        if isinstance(source, bytes | bytearray):
            return CalamineWorkbook.from_filelike(io.BytesIO(source))
        if isinstance(source, str) or hasattr(source, "__fspath__"):
            return CalamineWorkbook.from_path(str(source))
        if hasattr(source, "seek"):
            source.seek(0)
        return CalamineWorkbook.from_filelike(source)
    except (CalamineError, OSError, ValueError, TypeError) as exc:
        raise ExcelError("无法读取该文件,请上传 Excel 文件(.xlsx 或 .xls)。") from exc
    except Exception as exc:  # calamine raises its own error types for damaged zips and XML
        raise ExcelError("无法读取该文件,请上传 Excel 文件(.xlsx 或 .xls)。") from exc


def find_header(cells, titles, *, aliases=None, required=(), scan_rows=HEADER_SCAN_ROWS):
    """The (row index, {title: column index}) of the best header in the first ``scan_rows`` rows.

    A header is the row matching the most ``titles`` (or their ``aliases``) that contains
    every ``required`` title; None when no row qualifies.
    """
    lookup = {}
    for title in titles:
        lookup[header_key(title)] = title
        for alias in (aliases or {}).get(title, ()):
            lookup.setdefault(header_key(alias), title)
    best = None
    for index, row in enumerate(cells[:scan_rows]):
        found = {}
        exact = set()
        for col, cell in enumerate(row):
            key = header_key(cell)
            title = lookup.get(key)
            # The first column by a title's own name wins over one by an alias (工号 over 员工编号).
            if title is not None and title not in exact and (title not in found or key == header_key(title)):
                found[title] = col
                if key == header_key(title):
                    exact.add(title)
        if not found or any(t not in found for t in required):
            continue
        if best is None or len(found) > len(best[1]):
            best = (index, found)
    return best


def read_table(source, titles, *, aliases=None, required=(), scan_rows=HEADER_SCAN_ROWS):
    """Read the first sheet that has a header row with ``titles``; raises ``ExcelError``.

    Works for any list kept in Excel or CSV: the roster, targets, meeting records…
    """
    kind, content = load_sheets(source)
    for name, cells in _sheets(kind, content):
        header = find_header(cells, titles, aliases=aliases, required=required, scan_rows=scan_rows)
        if header is not None:
            index, columns = header
            width = max((len(r) for r in cells), default=0)
            return Table(
                sheet_name=name,
                cells=cells,
                header_row=index + 1,
                columns=columns,
                width=width,
                header=list(cells[index]),
                kind=kind,
            )
    wanted = "、".join(f"“{t}”" for t in (required or titles[:3]))
    raise ExcelError(f"在文件前 {scan_rows} 行中没有找到表头（应包含 {wanted} 等列）。请使用导入模板。")


def _sheets(kind, content):
    """(name, rows of cells) of each sheet of a workbook, or of the one table of a CSV file."""
    if kind == "csv":
        yield from content
        return
    workbook = open_workbook(content)
    try:
        for name in workbook.sheet_names:
            try:
                sheet = workbook.get_sheet_by_name(name)
                if sheet.height * max(sheet.width, 1) > max_cells():
                    raise ExcelError(
                        f"工作表“{name}”范围过大（{sheet.height} 行 × {sheet.width} 列），请删去多余内容后再上传。"
                    )
                if sheet.height > max_rows():
                    too_many_rows(name, sheet.height, sheet=True)
                cells = sheet.to_python(skip_empty_area=False)
            except ExcelError:
                raise
            except Exception:  # noqa: BLE001 - a chart sheet or a damaged sheet: try the next one
                continue
            yield name, cells
    finally:
        workbook.close()


# ---------------------------------------------------------------- writing

# A column's kind says how its cells are written, shown and printed; apps declare it, the writer does the rest.
TEXT = "text"  # words; wrap in a report rather than spill under the next column
CODE = "code"  # identifiers kept as typed (工号, 身份证号, 手机号): the whole column is text ('@')
AMOUNT = "amount"  # money: 1,234,567.00
MEASURE = "measure"  # a measured value (a target, a baseline): 1,234.00, 0.125, 0.0053
INTEGER = "integer"  # counts: 1,234
NUMBER = "number"  # small figures shown as they are (学时 1.5, 权重 1)
PERCENT = "percent"  # a ratio (0.425) shown as 42.5%
DATE = "date"
DATETIME = "datetime"
KINDS = (TEXT, CODE, AMOUNT, MEASURE, INTEGER, NUMBER, PERCENT, DATE, DATETIME)
NUMBER_FORMATS = {
    CODE: "@",
    AMOUNT: "#,##0.00",
    MEASURE: "#,##0.00##",
    INTEGER: "#,##0",
    PERCENT: "0.0%",
    DATE: "yyyy-mm-dd",
    DATETIME: "yyyy-mm-dd hh:mm",
}
KIND_WIDTHS = {DATE: 11, DATETIME: 16, PERCENT: 7}  # what these formats need, whatever the values
OPTIONS_SHEET = "下拉选项"  # the hidden sheet that holds drop-down lists too long to type into a validation
INLINE_LIST_LIMIT = 255  # characters Excel accepts in a list typed into a validation
LAST_ROW = 1_048_575  # 0-based: a template's drop-downs and formats reach to the bottom of the sheet
A4 = 9


def chinese_date(day):
    """2026年6月1日 (no leading zeros)."""
    return f"{day.year}年{day.month}月{day.day}日"


def period_label(first=None, last=None):
    """A period as an office writes it: 2026年, 2026年1月—6月, 2026年1月5日—3月2日, 2026年1月5日起, 截至…; '' for none."""
    if first and last:
        if first.day == 1 and (last + timedelta(days=1)).day == 1:
            if first.year == last.year:
                if (first.month, last.month) == (1, 12):
                    return f"{first.year}年"
                if first.month == last.month:
                    return f"{first.year}年{first.month}月"
                return f"{first.year}年{first.month}月—{last.month}月"
            return f"{first.year}年{first.month}月—{last.year}年{last.month}月"
        if first.year == last.year:
            return f"{chinese_date(first)}—{last.month}月{last.day}日"
        return f"{chinese_date(first)}—{chinese_date(last)}"
    if first:
        return f"{chinese_date(first)}起"
    if last:
        return f"截至{chinese_date(last)}"
    return ""


def report_title(*parts, today=None):
    """What, which org, when, and the day of export: ``会议台账 · 轧管厂第一党支部 · 2026年1月—6月 · 导出于2026年12月2日``."""
    from django.utils import timezone

    day = today or timezone.localdate()
    return " · ".join([*(str(p) for p in parts if p), f"导出于{chinese_date(day)}"])


def neutralise(value):
    """A string that a spreadsheet would take for a formula gets a leading quote."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def display_width(text):
    """Columns a text takes: a Chinese character two, a Latin one (UTF-8 length does it at C speed)."""
    return (len(text.encode()) + len(text)) // 2


@dataclass
class Column:
    """A column of a written sheet.

    ``width`` in characters: in a report, the widest the column gets (it narrows to its content);
    in a template, its width. ``kind`` is one of ``KINDS``. ``options`` gives a template column a
    drop-down list (``strict``: other values refused; otherwise only warned about).
    """

    title: str
    width: float = 12
    _: KW_ONLY
    kind: str = TEXT
    options: Sequence[str] | None = None
    strict: bool = True


class SafeSheet:
    """A worksheet that writes each value by its type and its column's kind, and strings only as strings."""

    def __init__(self, workbook, worksheet, formats, *, columns=(), header_row=0, report=False, owner=None):
        self.workbook = workbook
        self.worksheet = worksheet
        self.formats = formats
        self.columns = [c if isinstance(c, Column) else Column(str(c)) for c in columns]
        self.header_row = header_row
        self.report = report
        self.last_row = header_row
        self.widths = [0] * len(self.columns)
        self.kinds = {col: c.kind for col, c in enumerate(self.columns) if c.kind != TEXT}
        self.column_formats = (
            {col: owner.cell_format(c.kind, report=report) for col, c in enumerate(self.columns)} if owner else {}
        )
        self.code_format = owner.cell_format(CODE) if owner else None

    def write_row(self, row, values, *, cell_format=None, first_col=0, col_formats=None):
        """Write ``values`` from ``first_col``; ``col_formats`` maps a column index to its format.

        Without either format, each cell takes its column's (number format, borders in a report).
        """
        ws = self.worksheet
        if col_formats is None and cell_format is None:
            col_formats = self.column_formats
        kinds, widths, measure = self.kinds, self.widths, self.report
        measured = len(widths) if measure else 0
        if row > self.last_row:
            self.last_row = row
        for col, value in enumerate(values, start=first_col):
            fmt = col_formats.get(col, cell_format) if col_formats else cell_format
            if value is None or value == "":
                if fmt is not None:
                    ws.write_blank(row, col, None, fmt)
                continue
            kind = kinds.get(col, TEXT) if kinds else TEXT
            if kind == CODE and not isinstance(value, str):
                value = digits_text(value)
            if isinstance(value, str):  # first: most cells are text
                text = "'" + value if value.startswith(FORMULA_PREFIXES) else value
                ws.write_string(row, col, text, fmt)
                if col < measured:
                    width = (len(text.encode()) + len(text)) >> 1  # display_width, inlined: it runs per cell
                    if width > widths[col]:
                        widths[col] = width
            elif isinstance(value, bool):
                ws.write_boolean(row, col, value, fmt)
            elif isinstance(value, int | float | Decimal):
                ws.write_number(row, col, float(value), fmt)
                if col < measured:
                    width = _number_width(value, kind)
                    if width > widths[col]:
                        widths[col] = width
            elif isinstance(value, datetime):
                ws.write_datetime(row, col, value.replace(tzinfo=None), fmt or self.formats["datetime"])
            elif isinstance(value, date):
                ws.write_datetime(row, col, value, fmt or self.formats["date"])
            else:
                self.write_cell(row, col, str(value), fmt)

    def write_cell(self, row, col, value, cell_format=None):
        self.write_row(row, [value], cell_format=cell_format, first_col=col)

    def finish(self):
        """What needs the last row: the autofilter, and a report's widths fitted to what was written."""
        if not self.columns or not self.report:
            return
        ws, last_col = self.worksheet, len(self.columns) - 1
        ws.autofilter(self.header_row, 0, self.last_row, last_col)
        for col, column in enumerate(self.columns):
            # Only a text column's '@' spans the whole column; borders stay on the cells written.
            ws.set_column(col, col, self.fitted_width(col), self.code_format if column.kind == CODE else None)

    def fitted_width(self, col):
        """Room for the header (it wraps past 12 characters) and its filter button, then for the content."""
        column = self.columns[col]
        header = min(display_width(column.title), 12) + 3
        content = max(self.widths[col], KIND_WIDTHS.get(column.kind, 0)) + 1
        return max(header, min(column.width, content))


def _number_width(value, kind):
    if kind in (AMOUNT, MEASURE):
        return len(f"{value:,.2f}") + (2 if kind == MEASURE and value != round(value, 2) else 0)
    if kind == INTEGER:
        return len(f"{value:,.0f}")
    return len(str(value))


class SafeWorkbook:
    """An xlsxwriter workbook in constant-memory mode with the house formats.

    Rows must be written top to bottom in each sheet (constant-memory mode flushes
    a row once the next begins); every print setting, the frozen panes, the autofilter
    and the drop-downs work in that mode.
    """

    def __init__(self, target=None, *, constant_memory=True):
        self.target = target if target is not None else io.BytesIO()
        self.book = xlsxwriter.Workbook(
            self.target,
            {
                "constant_memory": constant_memory,
                "strings_to_formulas": False,
                "strings_to_numbers": False,
                "strings_to_urls": False,
                "default_date_format": "yyyy-mm-dd",
            },
        )
        self.sheets = []
        self._cell_formats = {}
        self._lists = 0
        header = {"bold": True, "bg_color": "#E8EEF7", "border": 1, "valign": "vcenter", "text_wrap": True}
        self.formats = {
            "header": self.book.add_format({**header, "align": "center"}),
            "date": self.book.add_format({"num_format": NUMBER_FORMATS[DATE]}),
            "datetime": self.book.add_format({"num_format": NUMBER_FORMATS[DATETIME]}),
            "error_header": self.book.add_format({**header, "font_color": "#FFFFFF", "bg_color": "#C0392B"}),
            "error": self.book.add_format({"font_color": "#9C0006", "bg_color": "#FFC7CE", "text_wrap": True}),
            "note": self.book.add_format({"text_wrap": True, "valign": "top"}),
            "title": self.book.add_format({"bold": True, "font_size": 13}),
            "report_title": self.book.add_format(
                {"bold": True, "font_size": 14, "align": "center", "valign": "vcenter"}
            ),
        }

    def cell_format(self, kind, *, report=False):
        """The format of a column's cells: its number format; in a report, borders and wrapped text too."""
        key = (kind, report)
        if key not in self._cell_formats:
            props = {"num_format": NUMBER_FORMATS[kind]} if kind in NUMBER_FORMATS else {}
            if report:
                props |= {"border": 1, "border_color": "#808080", "valign": "top"}
                if kind == TEXT:
                    props["text_wrap"] = True
            self._cell_formats[key] = self.book.add_format(props) if props else None
        return self._cell_formats[key]

    def add_sheet(self, name, *, columns=(), title=None, header_row=0, freeze=True, error_column=None):
        """A sheet with a header row, widths, frozen panes and print settings; returns a ``SafeSheet``.

        With a ``title`` (see ``report_title``) the sheet is a report: the title on row 1 above
        the header, an autofilter over the rows written, and widths fitted to them. Columns with
        ``options`` get drop-down lists; ``CODE`` columns are text from top to bottom.
        ``error_column`` (a title among ``columns``) gets a red header; write its cells with
        ``format="error"`` via ``write_error``.
        """
        ws = self.book.add_worksheet(name[:31])
        if title:
            header_row = 1
        sheet = SafeSheet(
            self.book, ws, self.formats, columns=columns, header_row=header_row, report=bool(title), owner=self
        )
        self.sheets.append(sheet)
        if not columns:
            return sheet
        for col, column in enumerate(sheet.columns):
            ws.set_column(col, col, column.width, self.cell_format(column.kind) if column.kind == CODE else None)
        if title:
            self._write_title(ws, title, len(sheet.columns))
        for col, column in enumerate(sheet.columns):
            fmt = self.formats["error_header"] if column.title == error_column else self.formats["header"]
            ws.write_string(header_row, col, neutralise(column.title), fmt)
        if freeze:
            ws.freeze_panes(header_row + 1, 0)
        self._print_setup(ws, header_row, title or name)
        self._add_drop_downs(ws, sheet)
        return sheet

    def _write_title(self, ws, title, width):
        ws.set_row(0, 30)
        if width > 1:
            ws.merge_range(0, 0, 0, width - 1, neutralise(title), self.formats["report_title"])
        else:
            ws.write_string(0, 0, neutralise(title), self.formats["report_title"])

    @staticmethod
    def _print_setup(ws, header_row, title):
        """A4 landscape, as wide as the page, the header on every page, the title and page numbers below."""
        ws.set_paper(A4)
        ws.set_landscape()
        ws.fit_to_pages(1, 0)
        ws.center_horizontally()
        ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.6)
        ws.repeat_rows(header_row)
        footer_title = title[:100].replace("&", "&&")
        ws.set_footer(f"&L{footer_title}&R第 &P 页 / 共 &N 页")

    def _add_drop_downs(self, ws, sheet):
        """A list validation under each column with ``options``; long lists live in a hidden sheet."""
        listed = [(col, c) for col, c in enumerate(sheet.columns) if c.options]
        if not listed:
            return
        long_lists = [(col, c) for col, c in listed if not _fits_inline(c.options)]
        sources = {col: list(c.options) for col, c in listed}
        if long_lists:
            sources |= self._write_options_sheet(
                [list(c.options) for _, c in long_lists], [col for col, _ in long_lists]
            )
        for col, column in listed:
            ws.data_validation(
                sheet.header_row + 1,
                col,
                LAST_ROW,
                col,
                {
                    "validate": "list",
                    "source": sources[col],
                    "ignore_blank": True,
                    "error_type": "stop" if column.strict else "warning",
                    "error_title": column.title[:32],
                    "error_message": f"请从下拉列表中选择{column.title}。"[:255],
                },
            )

    def _write_options_sheet(self, lists, cols):
        """The lists, one per column, on a hidden sheet written row by row (constant-memory mode)."""
        self._lists += 1
        name = OPTIONS_SHEET if self._lists == 1 else f"{OPTIONS_SHEET}{self._lists}"
        ws = self.book.add_worksheet(name)
        ws.hide()
        for row in range(max(len(values) for values in lists)):
            for index, values in enumerate(lists):
                if row < len(values):
                    ws.write_string(row, index, neutralise(str(values[row])))
        return {
            col: f"='{name}'!${_column_letter(index)}$1:${_column_letter(index)}${len(values)}"
            for index, (col, values) in enumerate(zip(cols, lists, strict=True))
        }

    def close(self):
        for sheet in self.sheets:
            sheet.finish()
        self.book.close()
        if isinstance(self.target, io.BytesIO):
            return self.target.getvalue()
        return self.target


def _fits_inline(options):
    return len(",".join(map(str, options))) <= INLINE_LIST_LIMIT and not any("," in str(o) for o in options)


def _column_letter(index):
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def write_table(target=None, *, columns, rows, sheet_name="Sheet1", title=None, error_column=None, extra_sheets=()):
    """One call for the common case: a header, rows (lists of values), widths, frozen header, print settings.

    An export passes a ``title`` (``report_title(...)``): it prints as a report (see
    ``SafeWorkbook.add_sheet``). A template passes none: the header stays on row 1, with the
    drop-downs and text columns its ``columns`` declare. ``error_column`` names the column
    (usually the last) to show in red. ``extra_sheets`` are ``(name, rows)`` pairs written as
    plain text sheets (instructions, allowed values). Returns the bytes when ``target`` is None,
    otherwise ``target``.
    """
    book = SafeWorkbook(target)
    sheet = book.add_sheet(sheet_name, columns=columns, title=title, error_column=error_column)
    titles = [c.title for c in sheet.columns]
    col_formats = None
    if error_column in titles:
        col_formats = {**sheet.column_formats, titles.index(error_column): book.formats["error"]}
    for offset, values in enumerate(rows, start=sheet.header_row + 1):
        sheet.write_row(offset, values, col_formats=col_formats)
    for name, extra_rows in extra_sheets:
        extra = book.add_sheet(name)
        extra.worksheet.set_column(0, 0, 18)
        extra.worksheet.set_column(1, 1, 80)
        for offset, values in enumerate(extra_rows):
            extra.write_row(offset, values, cell_format=book.formats["note"])
    return book.close()
