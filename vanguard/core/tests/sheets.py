"""A produced workbook read back with openpyxl, as Excel would print and fill it.

``assert_report`` checks what every export promises on paper; ``drop_down`` and
``column_format`` read what a template offers under a column; ``printed_pages`` prints
a workbook with LibreOffice and returns the text of each page.
"""

import io
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils import get_column_letter


def open_workbook(content):
    """The workbook of a response (plain or streamed) or of bytes."""
    if hasattr(content, "streaming") and content.streaming:
        content = b"".join(content.streaming_content)
    elif hasattr(content, "content"):
        content = content.content
    return openpyxl.load_workbook(io.BytesIO(content))


def column_index(ws, title, header_row):
    titles = [c.value for c in ws[header_row]]
    assert title in titles, (title, titles)
    return titles.index(title) + 1


def assert_report(ws, *, title, header, formats=None):
    """A4 landscape, one page wide, the header (row 2) on every page below the ``title`` row, page numbers,
    an autofilter over every row, frozen panes under the header, and ``formats`` ({column title: number
    format}) on every data cell of those columns. Returns the data rows (values)."""
    setup = ws.page_setup
    assert setup.orientation == "landscape" and setup.paperSize == 9
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert (setup.fitToWidth or 1) == 1 and setup.fitToHeight == 0  # 1 is the attribute's default: left out
    assert ws.print_title_rows == "$2:$2"
    assert ws["A1"].value.startswith(title) and re.search(r" · 导出于\d{4}年\d{1,2}月\d{1,2}日$", ws["A1"].value)
    assert [c.value for c in ws[2]][: len(header)] == list(header)
    last = get_column_letter(ws.max_column)
    assert ws.auto_filter.ref == f"A2:{last}{max(ws.max_row, 2)}"
    assert ws.freeze_panes == "A3"
    assert "&P" in ws.oddFooter.right.text and "&N" in ws.oddFooter.right.text
    for column_title, number_format in (formats or {}).items():
        col = column_index(ws, column_title, 2)
        cells = [ws.cell(row, col) for row in range(3, ws.max_row + 1)]
        assert cells, "no data row to check the number format on"
        assert {c.number_format for c in cells} == {number_format}, column_title
    return [list(row) for row in ws.iter_rows(min_row=3, values_only=True)]


def drop_down(ws, title, *, header_row=1):
    """(values, refuses others) of the list validation under column ``title``; None when there is none.

    A long list lives on a hidden sheet; the values are read from there.
    """
    col = column_index(ws, title, header_row)
    cell = f"{get_column_letter(col)}{header_row + 1}"
    for validation in ws.data_validations.dataValidation:
        if validation.type == "list" and cell in validation.sqref:
            assert f"{get_column_letter(col)}1048576" in validation.sqref  # down to the last row
            return _list_values(ws.parent, validation.formula1), validation.errorStyle in (None, "stop")
    return None


def _list_values(book, formula):
    if formula.startswith('"'):
        return formula.strip('"').split(",")
    sheet, first, last = re.fullmatch(r"'?(.+?)'?!\$([A-Z]+\$\d+):\$([A-Z]+\$\d+)", formula).groups()
    assert book[sheet].sheet_state == "hidden"
    return [c.value for row in book[sheet][f"{first.replace('$', '')}:{last.replace('$', '')}"] for c in row]


def column_format(ws, title, *, header_row=1):
    """The number format a column gives to cells typed into it."""
    col = column_index(ws, title, header_row)
    for dimension in ws.column_dimensions.values():
        if dimension.min and dimension.min <= col <= dimension.max:
            return dimension.number_format
    return "General"


def printed_pages(content, tmp_path):
    """The ``Printout`` LibreOffice makes of ``content`` (xlsx bytes): each page's text, as a person would read it.

    Without LibreOffice Calc and pdftotext the test skips, except in CI, where it fails.
    """
    soffice, pdftotext = shutil.which("soffice"), shutil.which("pdftotext")
    if not (soffice and pdftotext and Path("/usr/lib/libreoffice/program/libsclo.so").exists()):
        reason = "LibreOffice Calc (libreoffice-calc-nogui) or pdftotext (poppler-utils) not installed"
        if os.environ.get("CI"):
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)
    source = tmp_path / "export.xlsx"
    source.write_bytes(content)
    profile = (tmp_path / "profile").as_uri()  # its own profile: conversions running side by side do not collide
    subprocess.run(
        [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path),
         str(source)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    pdf = str(tmp_path / "export.pdf")
    text = subprocess.run([pdftotext, "-layout", pdf, "-"], check=True, capture_output=True, text=True).stdout
    info = subprocess.run(["pdfinfo", pdf], check=True, capture_output=True, text=True).stdout
    width, height = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info).groups())
    return Printout(pages=[page for page in text.split("\f") if page.strip()], width=width, height=height)


@dataclass
class Printout:
    """What a printed workbook looks like: the text of each page, and the page size in points."""

    pages: list
    width: float
    height: float

    @property
    def a4_landscape(self):
        return round(self.width) == 842 and round(self.height) == 595
