"""Written workbooks: exports print as reports, templates offer drop-downs and text identifier columns."""

from datetime import date, datetime
from decimal import Decimal

import pytest

from vanguard.core.excel import (
    AMOUNT,
    CODE,
    DATE,
    INTEGER,
    MEASURE,
    PERCENT,
    Column,
    SafeWorkbook,
    period_label,
    read_table,
    report_title,
    write_table,
)
from vanguard.core.tests.sheets import assert_report, column_format, drop_down, open_workbook

COLUMNS = [
    Column("工号", 12, kind=CODE),
    Column("名称", 40),
    Column("金额(元)", 16, kind=AMOUNT),
    Column("人数", 8, kind=INTEGER),
    Column("目标值", 12, kind=MEASURE),
    Column("完成率", 8, kind=PERCENT),
    Column("日期", 12, kind=DATE),
]
ROWS = [
    [13800000000, "降本增效", Decimal("1234567.5"), 1200, Decimal("0.0053"), Decimal("0.425"), date(2026, 3, 1)],
    ["T000002", "=1+1", 80, 3, 500, 1, datetime(2026, 4, 2, 9, 30)],
]
TITLE = "测试台账 · 轧管厂第一党支部 · 2026年1月—6月 · 导出于2026年6月15日"


def test_an_export_prints_as_a_report_with_its_title_and_number_formats():
    ws = open_workbook(write_table(columns=COLUMNS, rows=ROWS, sheet_name="台账", title=TITLE)).active
    rows = assert_report(
        ws,
        title=TITLE,
        header=[c.title for c in COLUMNS],
        formats={"工号": "@", "金额(元)": "#,##0.00", "人数": "#,##0", "目标值": "#,##0.00##", "完成率": "0.0%"},
    )
    assert ws["A1"].value == TITLE and "A1:G1" in {str(r) for r in ws.merged_cells.ranges}
    assert ws.oddFooter.left.text == TITLE
    assert rows[0][0] == "13800000000" and rows[1][1] == "'=1+1"  # identifiers as text, formulas neutralised
    assert rows[0][2] == 1234567.5 and rows[0][5] == 0.425
    assert ws["G3"].number_format == ws["G4"].number_format == "yyyy-mm-dd" and ws["G3"].is_date
    assert ws["B3"].alignment.wrap_text and ws["B3"].border.left.style == "thin"


def test_a_report_column_narrows_to_its_content_but_keeps_room_for_its_header():
    ws = open_workbook(write_table(columns=COLUMNS, rows=ROWS, title=TITLE)).active
    widths = {letter: d.width for letter, d in ws.column_dimensions.items()}
    assert widths["B"] < 20  # 名称 declared 40 wide, its longest value is 降本增效
    assert widths["D"] >= 7  # 人数: the header and its filter button fit
    assert 11 <= widths["G"] < 14  # a date needs 10 characters


def test_an_empty_report_still_has_its_title_header_and_filter():
    ws = open_workbook(write_table(columns=COLUMNS, rows=[], title=TITLE)).active
    assert assert_report(ws, title=TITLE, header=[c.title for c in COLUMNS]) == []


def test_a_long_report_is_streamed_and_filtered_to_its_last_row():
    rows = ([f"T{i:06d}", "名称", i * 10, i, i, 0.5, date(2026, 1, 1)] for i in range(5000))
    content = write_table(columns=COLUMNS, rows=rows, title=TITLE)
    ws = open_workbook(content).active
    assert ws.auto_filter.ref == "A2:G5002" and ws["A5002"].value == "T004999"
    assert len(read_table(content, ["工号", "名称"]).cells) == 5002  # reads back, title row and all


def test_a_template_has_drop_downs_text_columns_and_no_title_row():
    columns = [
        Column("工号", 12, kind=CODE),
        Column("性别", 6, options=["男", "女"]),
        Column("所在单位", 40, options=[f"公司/轧管厂/第{i}作业区" for i in range(1, 60)], strict=False),
        Column("出生日期", 12, kind=DATE),
    ]
    book = open_workbook(write_table(columns=columns, rows=[["T1", "男", "公司/轧管厂/第1作业区", None]]))
    ws = book.active
    assert [c.value for c in ws[1]] == ["工号", "性别", "所在单位", "出生日期"]  # the header on row 1
    assert ws.page_setup.orientation == "landscape" and ws.print_title_rows == "$1:$1" and ws.freeze_panes == "A2"
    assert drop_down(ws, "性别") == (["男", "女"], True)
    units, strict = drop_down(ws, "所在单位")  # 59 paths are too long to type into the validation
    assert units == [f"公司/轧管厂/第{i}作业区" for i in range(1, 60)] and not strict
    assert drop_down(ws, "工号") is None
    assert column_format(ws, "工号") == "@" and column_format(ws, "出生日期") == "General"
    assert book.sheetnames == ["Sheet1", "下拉选项"]


def test_two_long_lists_share_the_hidden_sheet_row_by_row():
    columns = [
        Column("甲", options=[f"甲{i:03d}" for i in range(100)]),
        Column("乙", options=[f"乙{i}" for i in range(70)]),
    ]
    ws = open_workbook(write_table(columns=columns, rows=[])).active
    assert drop_down(ws, "甲")[0] == [f"甲{i:03d}" for i in range(100)]
    assert drop_down(ws, "乙")[0] == [f"乙{i}" for i in range(70)]


def test_a_sheet_written_by_hand_gets_the_same_print_and_column_kinds():
    book = SafeWorkbook()
    sheet = book.add_sheet("花名册", columns=COLUMNS, title=TITLE)
    sheet.write_row(sheet.header_row + 1, ROWS[0])
    ws = open_workbook(book.close()).active
    assert_report(ws, title=TITLE, header=[c.title for c in COLUMNS], formats={"金额(元)": "#,##0.00"})


@pytest.mark.parametrize(
    "first, last, label",
    [
        (date(2026, 1, 1), date(2026, 12, 31), "2026年"),
        (date(2026, 1, 1), date(2026, 6, 30), "2026年1月—6月"),
        (date(2026, 3, 1), date(2026, 3, 31), "2026年3月"),
        (date(2025, 11, 1), date(2026, 2, 28), "2025年11月—2026年2月"),
        (date(2026, 1, 5), date(2026, 3, 2), "2026年1月5日—3月2日"),
        (date(2025, 12, 5), date(2026, 1, 2), "2025年12月5日—2026年1月2日"),
        (date(2026, 1, 5), None, "2026年1月5日起"),
        (None, date(2026, 6, 30), "截至2026年6月30日"),
        (None, None, ""),
    ],
)
def test_period_label_reads_as_an_office_writes_it(first, last, label):
    assert period_label(first, last) == label


def test_report_title_joins_the_parts_given_and_the_day():
    assert report_title("会议台账", "", "轧管厂第一党支部", None) == "会议台账 · 轧管厂第一党支部 · 导出于2026年6月15日"
