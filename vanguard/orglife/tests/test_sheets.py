"""The meeting ledger as printed, and the training template as filled in Excel."""

import math

from vanguard.core.tests.sheets import assert_report, column_format, drop_down, open_workbook, printed_pages
from vanguard.orglife.choices import TrainingCategory, TrainingChannel
from vanguard.orglife.exports import LEDGER_COLUMNS
from vanguard.orglife.models import Meeting

HEADER = [c.title for c in LEDGER_COLUMNS]
FORMATS = {"日期": "yyyy-mm-dd", "应到": "#,##0", "实到": "#,##0", "列席": "#,##0"}


def test_the_secretary_ledger_names_his_branch_and_the_months_filtered(client_as, company):
    response = client_as("shuji").get("/orglife/meetings/export/?date_from=2026-01-01&date_to=2026-06-30")
    ws = open_workbook(response).active
    rows = assert_report(ws, title="会议台账 · 轧管厂第一党支部 · 2026年1月—6月 · ", header=HEADER, formats=FORMATS)
    # Every meeting he may read: his branch's, and a committee meeting he is expected at.
    expected = Meeting.objects.restrict(company.users["shuji"]).filter(date__year=2026, date__month__lte=6)
    assert len(rows) == expected.count() > 0


def test_the_committee_ledger_of_one_kind_says_so(client_as, company):
    ws = open_workbook(client_as("dangwei").get("/orglife/meetings/export/?kind=committee")).active
    assert_report(ws, title="会议台账(支委会) · 公司党委 · 导出于", header=HEADER, formats=FORMATS)


def test_the_whole_ledger_prints_one_page_wide_with_its_header_on_every_page(client_as, company, tmp_path):
    response = client_as("dangwei").get("/orglife/meetings/export/")
    meetings = Meeting.objects.count()
    printout = printed_pages(response.content, tmp_path)
    pages = printout.pages
    assert printout.a4_landscape and len(pages) > 1
    assert len(pages) <= math.ceil(meetings / 30)  # one page wide: every row of a page holds a whole meeting
    for number, page in enumerate(pages, start=1):
        assert "日期" in page and "会议类型" in page and "状态" in page, number  # the header, on every page
        assert f"第 {number} 页 / 共 {len(pages)} 页" in page
    assert "会议台账 · 公司党委 · 导出于2026年6月15日" in pages[0].split("日期")[0]  # the title above the header


def test_the_training_template_offers_its_categories_and_keeps_numbers_as_text(client_as):
    ws = open_workbook(client_as("shuji").get("/orglife/training/import/template/")).active
    assert drop_down(ws, "类别") == (list(TrainingCategory.labels), True)
    assert drop_down(ws, "方式") == (list(TrainingChannel.labels), True)
    assert column_format(ws, "工号") == "@" and ws["A2"].data_type == "s"
    assert ws["G2"].is_date and ws.page_setup.orientation == "landscape"
