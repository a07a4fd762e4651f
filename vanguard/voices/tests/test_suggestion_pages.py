"""The suggestion pages as people use them: submit on a phone, follow one's own, review, the ledger, the
papers (Word, Excel), the import, the home page. Query counts do not grow with the data."""

import io
import re
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from vanguard.core.documents import docx_text
from vanguard.core.excel import write_table
from vanguard.core.testing import home_items, page_queries
from vanguard.voices.demo import build_demo_suggestions
from vanguard.voices.models import Suggestion, SuggestionReview
from vanguard.voices.services.suggestions import suggestion_unit_review
from vanguard.voices.suggestion_excel import COLUMNS

JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64


@pytest.fixture(autouse=True)
def _pdf_without_converter(monkeypatch):
    monkeypatch.setattr("vanguard.core.documents.docx_to_pdf", lambda data: b"%PDF-1.7 test")


def test_zhigong_submits_with_a_photo_from_the_camera(client_as, company, idea):
    client = client_as("zhigong")
    form = client.get("/voices/suggestions/new/").content.decode()
    assert 'accept="image/*,application/pdf"' in form and 'capture="environment"' in form
    data = {**idea, "attachments": SimpleUploadedFile("漏点.jpg", JPEG, content_type="image/jpeg")}
    response = client.post("/voices/suggestions/new/", data, follow=True)
    suggestion = Suggestion.objects.get(title=idea["title"], proposer=company.users["zhigong"].person)
    assert response.redirect_chain[-1][0] == f"/voices/suggestions/{suggestion.pk}/"
    body = response.content.decode()
    assert suggestion.number in body and "漏点.jpg" in body and 'data-testid="deadline"' in body


def test_the_form_shows_similar_suggestions_only_where_the_lookup_exists(client_as):
    from django.urls import NoReverseMatch, reverse

    body = client_as("zhigong").get("/voices/suggestions/new/").content.decode()
    try:
        url = reverse("suggestion-similar")
    except NoReverseMatch:
        assert "hx-get" not in body
    else:
        assert f'hx-get="{url}"' in body and 'id="similar"' in body


def test_bad_input_keeps_what_was_typed(client_as, idea):
    response = client_as("zhigong").post("/voices/suggestions/new/", {**idea, "expected_benefit": "十万"})
    body = response.content.decode()
    assert response.status_code == 200 and "不是有效的数字" in body and idea["content"] in body
    assert not Suggestion.objects.filter(title=idea["title"]).exists()


def test_a_returned_suggestion_shows_why_in_mine_and_on_home(client_as, company, submitted):
    suggestion_unit_review(
        actor=company.users["banzhang"], suggestion=submitted, decision="return", reason="请补充能耗数据"
    )
    client = client_as("zhigong")
    mine = client.get("/voices/suggestions/mine/").content.decode()
    assert "需完善:请补充能耗数据" in mine
    assert home_items(client)["voices.suggestions_returned"] == ("1", "/voices/suggestions/mine/")


def test_resubmit_from_the_page(client_as, company, submitted):
    suggestion_unit_review(actor=company.users["banzhang"], suggestion=submitted, decision="return", reason="补数据")
    submitted.refresh_from_db()
    client = client_as("zhigong")
    assert 'data-testid="do-resubmit"' in client.get(f"/voices/suggestions/{submitted.pk}/").content.decode()
    data = {
        "action": "resubmit", "version": submitted.version, "title": submitted.title,
        "content": submitted.content + "能耗数据见附件。", "category": "cost", "expected_benefit": "200000",
    }  # fmt: skip
    client.post(f"/voices/suggestions/{submitted.pk}/act/", data)
    submitted.refresh_from_db()
    assert submitted.status == "submitted" and submitted.content.endswith("能耗数据见附件。")


def test_queue_puts_overdue_first_and_home_tells_reviewer_and_head(client_as, company, submitted, idea):
    from vanguard.voices.services.suggestions import suggestion_submit

    later = suggestion_submit(actor=company.users["zhigong"], **{**idea, "title": "第二条建议"})
    Suggestion.objects.filter(pk=later.pk).update(due_date=date(2026, 6, 1))  # past the deadline
    client = client_as("banzhang")
    queue = client.get("/voices/suggestions/queue/").content.decode()
    assert queue.index("第二条建议") < queue.index(idea["title"]) and 'data-testid="overdue"' in queue
    assert home_items(client)["voices.suggestions_overdue"][1] == "/voices/suggestions/queue/"
    # The experts over the unit (gonghui) head its reviewers: they see the unit's overdue ones too.
    below = home_items(client_as("gonghui"))["voices.suggestions_overdue_below"]
    assert below[1] == "/voices/suggestions/?overdue=on&below=on" and int(below[0]) >= 1
    listed = client_as("gonghui").get(below[1]).content.decode()
    assert "第二条建议" in listed and int(below[0]) == int(re.search(r"共 <strong>(\d+)</strong> 条", listed).group(1))


def test_review_and_duplicate_from_the_page(client_as, company, submitted, idea):
    from vanguard.voices.services.suggestions import suggestion_submit

    later = suggestion_submit(actor=company.users["zhigong"], **{**idea, "title": "烟道换热器"})
    client = client_as("banzhang")
    page = client.get(f"/voices/suggestions/{later.pk}/").content.decode()
    assert 'data-testid="do-unit_review"' in page and 'data-testid="do-duplicate"' in page
    data = {"action": "duplicate", "original": submitted.number, "version": later.version}
    client.post(f"/voices/suggestions/{later.pk}/act/", data)
    later.refresh_from_db()
    assert later.status == "duplicate" and later.duplicate_of_id == submitted.pk
    mine = client_as("zhigong").get(f"/voices/suggestions/{later.pk}/").content.decode()
    assert submitted.number in mine and 'data-testid="do-join"' in mine


def test_ledger_filters_and_search(client_as, company, submitted):
    client = client_as("dangwei")
    unit = company.users["zhigong"].person.unit
    found = client.get(
        f"/voices/suggestions/?q={submitted.number}&unit={unit.pk}&category=cost&status=submitted&year=2026"
    )
    assert found.content.decode().count('data-testid="suggestion-row"') == 1
    none = client.get("/voices/suggestions/?category=safety&q=" + submitted.number).content.decode()
    assert 'data-testid="suggestion-row"' not in none


@pytest.mark.parametrize("url", ["/voices/suggestions/", "/voices/suggestions/queue/", "/voices/suggestions/mine/"])
def test_lists_read_a_constant_number_of_queries(client_as, company, url):
    client = client_as("dangwei")
    before, _ = page_queries(client, url)
    build_demo_suggestions("tiny")  # twice the data
    assert page_queries(client, url)[0] == before


def test_detail_reads_a_bounded_number_of_queries(client_as, company, verified):
    count, response = page_queries(client_as("dangwei"), f"/voices/suggestions/{verified.pk}/")
    assert 'data-testid="reward-range"' in response.content.decode()
    assert count <= 26


def test_word_form_carries_the_opinions_benefit_and_history(client_as, company, verified):
    response = client_as("zhigong").get(f"/voices/suggestions/{verified.pk}/form.docx")
    text = docx_text(response.content)
    assert "合理化建议表" in text and verified.number in text and "单位初审通过" in text
    assert "156,000.00 元" in text and "钱会计" in text and "推荐实施" in text
    pdf = client_as("zhigong").get(f"/voices/suggestions/{verified.pk}/form.pdf")
    assert pdf.content.startswith(b"%PDF")


def test_excel_export_prints_the_filtered_ledger(client_as, company, submitted):
    from openpyxl import load_workbook

    response = client_as("dangwei").get(f"/voices/suggestions/export/?q={submitted.number}")
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert "合理化建议台账" in str(values[0][0])
    assert any(submitted.number in [str(v) for v in row] for row in values)


def _sheet(rows):
    return SimpleUploadedFile("历史建议.xlsx", write_table(columns=COLUMNS, rows=rows, sheet_name="历史建议"))


def test_import_dry_run_then_import(client_as, company):
    number = company.users["zhigong"].person.employee_no
    rows = [
        ["加热炉余热回收", "加热炉排烟温度 450℃,建议加装换热器回收余热。", "降本", number, date(2025, 3, 8), "已奖励", 200000, 186000, 1000],
        ["冷床加挡板", "冷床出口钢管滚落碰伤,建议加缓冲挡板减少磕碰。", "质量", number, "2025/4/1", "已采纳", "", "", ""],
    ]  # fmt: skip
    client = client_as("dangwei")
    dry = client.post("/voices/suggestions/import/", {"file": _sheet(rows), "dry_run": "on"}).content.decode()
    assert 'data-testid="dry-run"' in dry and not Suggestion.objects.filter(title="冷床加挡板").exists()
    done = client.post("/voices/suggestions/import/", {"file": _sheet(rows)}).content.decode()
    assert 'data-testid="imported"' in done
    imported = Suggestion.objects.get(title="加热炉余热回收")
    assert (imported.status, imported.reward_amount, imported.number[:6]) == ("rewarded", 1000, "JY2025")
    assert SuggestionReview.objects.get(suggestion=imported).step == "import"


def test_import_lists_every_bad_row_and_keeps_none(client_as, company):
    number = company.users["zhigong"].person.employee_no
    rows = [
        ["好建议", "一条内容足够长的好建议,可以导入。", "降本", number, date(2025, 3, 8), "已采纳", "", "", ""],
        ["坏建议", "短", "奇怪", "X999", "去年", "已奖励", "很多", "", ""],
    ]
    body = client_as("dangwei").post("/voices/suggestions/import/", {"file": _sheet(rows)}).content.decode()
    assert 'data-testid="import-errors"' in body
    for message in ("建议内容应为", "类别“奇怪”", "工号“X999”", "提交日期“去年”", "不是有效的数字"):
        assert message in body
    assert not Suggestion.objects.filter(title="好建议").exists()


def test_import_refuses_a_file_that_is_no_table(client_as):
    fake = SimpleUploadedFile("历史建议.xlsx", b"not a workbook")
    body = client_as("dangwei").post("/voices/suggestions/import/", {"file": fake}).content.decode()
    assert 'data-testid="import-errors"' in body
