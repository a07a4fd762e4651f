"""In a real browser: the secretary previews a roster file, sees the errors by row, fixes it and imports."""

import pytest
from playwright.sync_api import expect

from vanguard.core.tests.browser import PHONE, login
from vanguard.org.models import Person

from .test_roster import company_paths, id_card, roster_file, valid_row

pytestmark = pytest.mark.browser
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _rows(**second):
    from vanguard.org.demo import company_handles

    paths = company_paths(company_handles())
    return [valid_row(paths, "N000001"), valid_row(paths, "N000002", 身份证号=id_card(seq="002"), **second)]


def _upload(page, content):
    page.set_input_files("input[name=file]", {"name": "花名册.xlsx", "mimeType": XLSX, "buffer": content})
    page.click("button[value=preview]")


def test_preview_shows_errors_then_a_fixed_file_is_imported(open_page):
    page = login(open_page(viewport=PHONE), "shuji")
    page.goto("/org/people/import/")
    _upload(page, roster_file(_rows(手机号="123")))
    errors = page.get_by_role("table", name="错误列表")
    expect(errors).to_contain_text("手机号应为11位数字,以1开头。")
    expect(page.locator("#roster-result")).to_contain_text("整批未导入")
    expect(page.get_by_role("button", name="确认导入")).to_have_count(0)
    with page.expect_download() as download:
        page.get_by_role("link", name="下载标明错误的文件").click()
    assert download.value.suggested_filename.endswith(".xlsx")

    _upload(page, roster_file(_rows()))
    expect(page.locator("#roster-result")).to_contain_text("检查通过")
    assert not Person.objects.filter(employee_no="N000001").exists()
    page.get_by_role("button", name="确认导入").click()
    expect(page.locator(".alert-success")).to_contain_text("新增 2 人")
    assert Person.objects.filter(employee_no__in=["N000001", "N000002"]).count() == 2


def test_a_large_file_shows_a_progress_bar_and_its_result(open_page, settings):
    settings.ROSTER_BACKGROUND_ROWS = 1
    page = login(open_page(), "shuji")
    page.goto("/org/people/import/")
    _upload(page, roster_file(_rows()))
    expect(page.get_by_role("progressbar")).to_be_visible()
    expect(page.locator("#roster-result")).to_contain_text("检查通过")
    page.get_by_role("button", name="确认导入").click()
    expect(page.locator("#roster-result")).to_contain_text("导入完成")
    assert Person.objects.filter(employee_no__in=["N000001", "N000002"]).count() == 2
