"""Tolerant reading and safe writing of Excel files."""

import io
from datetime import date, datetime

import openpyxl
import pytest

from vanguard.core.excel import (
    Column,
    ExcelError,
    clean_text,
    digits_text,
    neutralise,
    parse_date,
    read_table,
    write_table,
)


def workbook_bytes(rows, *, start_row=1, sheets=None):
    """An .xlsx built with openpyxl: ``rows`` from ``start_row`` on the first sheet."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "名单"
    for offset, values in enumerate(rows):
        for col, value in enumerate(values, start=1):
            if value is not None:
                ws.cell(row=start_row + offset, column=col, value=value)
    for name, extra in (sheets or {}).items():
        other = wb.create_sheet(name)
        for values in extra:
            other.append(values)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2019-07-01", date(2019, 7, 1)),
        ("2019.7.1", date(2019, 7, 1)),
        ("2019.07", date(2019, 7, 1)),
        ("2019年7月1日", date(2019, 7, 1)),
        ("2019 年 7 月", date(2019, 7, 1)),
        ("2019/7/1", date(2019, 7, 1)),
        ("20190701", date(2019, 7, 1)),
        ("２０１９－０７－０１", date(2019, 7, 1)),
        (" 2019-07-01\u3000", date(2019, 7, 1)),
        ("2019-07-01 00:00:00", date(2019, 7, 1)),
        (43647, date(2019, 7, 1)),
        (43647.0, date(2019, 7, 1)),
        ("43647", date(2019, 7, 1)),
        (datetime(2019, 7, 1, 8, 30), date(2019, 7, 1)),
        (date(2019, 7, 1), date(2019, 7, 1)),
        ("", None),
        (None, None),
    ],
)
def test_parse_date_reads_the_usual_spellings(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["2019-13-01", "2019-02-30", "去年", "7/1/2019x", True])
def test_parse_date_refuses_non_dates_in_chinese(text):
    with pytest.raises(ValueError, match="日期"):
        parse_date(text)


def test_clean_text_strips_spaces_and_folds_full_width():
    assert clean_text("\u3000张三 ") == "张三"
    assert clean_text("Ｔ１２３４５") == "T12345"
    assert clean_text("人员类别（三支队伍）") == "人员类别(三支队伍)"
    assert clean_text("a  \t b") == "a b"
    assert clean_text(12.0) == "12"
    assert clean_text(None) == ""
    assert clean_text("'=1+1") == "=1+1"  # our own neutralising quote is undone


@pytest.mark.parametrize(
    "value, expected",
    [
        (13800000000.0, "13800000000"),
        ("13800000000.0", "13800000000"),
        (1.2e10, "12000000000"),
        ("1.38E+10", "13800000000"),
        ("１３８００００００００", "13800000000"),
        ("138 0000 0000", "13800000000"),
        ("2019-001", "2019-001"),
        (" T100001 ", "T100001"),
        ("12011619900501123X", "12011619900501123X"),
        (12345, "12345"),
    ],
)
def test_digits_text_recovers_identifiers_from_float_cells(value, expected):
    assert digits_text(value) == expected


def test_read_table_finds_a_header_below_a_title_and_aside():
    content = workbook_bytes(
        [
            ["XX公司人员花名册"],
            [],
            [None, "序号", " 姓 名", "工号", "出生日期"],
            [None, 1, "张三", 100001.0, date(1990, 1, 2)],
            [],
            [None, 2, "李四", "100002", "1991.2"],
        ],
        start_row=3,
    )
    table = read_table(content, ["姓名", "工号", "出生日期"], required=["姓名"])
    assert table.header_row == 5
    records = list(table.records())
    assert [number for number, _ in records] == [6, 8]
    assert table.count() == 2  # the blank row between them is skipped
    assert records[0][1]["姓名"] == "张三"
    assert digits_text(records[0][1]["工号"]) == "100001"
    assert parse_date(records[1][1]["出生日期"]) == date(1991, 2, 1)


def test_read_table_accepts_aliases_and_takes_the_sheet_that_has_the_header():
    content = workbook_bytes(
        [["说明"]],
        sheets={"数据": [["员工编号", "名字"], ["T1", "王五"]]},
    )
    table = read_table(content, ["姓名", "工号"], aliases={"工号": ["员工编号"], "姓名": ["名字"]}, required=["姓名"])
    assert table.sheet_name == "数据"
    assert list(table.records()) == [(2, {"姓名": "王五", "工号": "T1"})]


def test_read_table_without_header_says_so_in_chinese():
    content = workbook_bytes([["a", "b"], [1, 2]])
    with pytest.raises(ExcelError, match="没有找到表头"):
        read_table(content, ["姓名", "工号"], required=["姓名"])


def test_read_table_refuses_a_file_that_is_not_a_table():
    with pytest.raises(ExcelError, match="不是表格文件"):
        read_table(b"\x00\x01\x02name,number\n", ["姓名"])
    with pytest.raises(ExcelError, match="没有找到表头"):
        read_table(b"name,number\n", ["姓名"])  # a text file is read as CSV


def test_neutralise_prefixes_formula_like_strings():
    assert neutralise("=cmd|' /C calc'!A0") == "'=cmd|' /C calc'!A0"
    assert [neutralise(v) for v in ("+1", "-1", "@SUM(A1)", "ok", 5)] == ["'+1", "'-1", "'@SUM(A1)", "ok", 5]


def test_write_table_never_writes_formulas_and_reads_back():
    content = write_table(
        columns=[Column("姓名", 10), Column("备注", 20), Column("日期"), Column("错误说明", 40)],
        rows=[['=HYPERLINK("http://x")', "+1", date(2020, 1, 2), "工号:不能为空"], ["张三", "-", None, ""]],
        error_column="错误说明",
        extra_sheets=[("说明", [["列", "含义"]])],
    )
    wb = openpyxl.load_workbook(io.BytesIO(content))
    ws = wb["Sheet1"]
    assert [c.value for c in ws[1]] == ["姓名", "备注", "日期", "错误说明"]
    assert ws["A2"].value == '\'=HYPERLINK("http://x")'
    assert ws["A2"].data_type == "s"
    assert ws["B2"].value == "'+1"
    assert ws["B3"].value == "'-"
    assert ws["C2"].value.date() == date(2020, 1, 2)
    assert ws.freeze_panes == "A2"
    assert ws["D1"].fill.fgColor.rgb.endswith("C0392B")
    assert ws["D2"].font.color.rgb.endswith("9C0006")
    assert wb["说明"]["A1"].value == "列"
    # and the neutralising quote does not survive a round trip through the reader
    table = read_table(content, ["姓名", "备注"], required=["姓名"])
    assert next(table.records())[1]["备注"] == "'+1"
    assert clean_text(next(table.records())[1]["备注"]) == "+1"
