"""In a real browser: a long meeting ledger shows its progress bar, then a download button; the file opens."""

import io

import openpyxl
import pytest
from playwright.sync_api import expect

from vanguard.core.choices import TaskStatus
from vanguard.core.exports import EXPORT_TASK
from vanguard.core.models import TaskRun
from vanguard.core.tests.browser import DESKTOP, login
from vanguard.org.demo import company_handles
from vanguard.orglife.models import Meeting

pytestmark = pytest.mark.browser


def test_the_office_follows_a_long_ledger_export_and_downloads_it(open_page, settings, tmp_path):
    settings.EXPORT_BACKGROUND_ROWS = 3
    settings.MEDIA_ROOT = tmp_path
    dangwei = company_handles().users["dangwei"]

    page = login(open_page(DESKTOP), "dangwei")
    # A run on its way: the bar shows the rows written so far and polls until the end.
    running = TaskRun.objects.create(
        name=EXPORT_TASK, owner=dangwei, label="导出会议台账(1200 行)", status=TaskStatus.RUNNING, done=480, total=1200
    )
    page.goto(f"/exports/{running.pk}/")
    expect(page.locator(".vg-task")).to_contain_text("480 / 1200")
    page.screenshot(path="/tmp/export-progress.png", full_page=True)

    # The ledger's own button starts the export; the page ends with the download.
    page.goto("/orglife/meetings/?kind=committee")
    page.click("[data-testid=export]")
    expect(page.locator("[data-testid=export-download]")).to_be_visible()
    expect(page.locator(".vg-task")).to_contain_text("100%")
    page.screenshot(path="/tmp/export-done.png", full_page=True)
    with page.expect_download() as info:
        page.click("[data-testid=export-download]")
    download = info.value
    assert download.suggested_filename.startswith("会议台账-")
    ws = openpyxl.load_workbook(io.BytesIO(download.path().read_bytes())).active
    rows = [r for r in ws.iter_rows(min_row=3, values_only=True) if any(v is not None for v in r)]
    assert len(rows) == Meeting.objects.restrict(dangwei).filter(kind="committee").count()

    # The running one finishes: its page, left open, turns to a download by itself.
    page.goto(f"/exports/{running.pk}/")
    finished = TaskRun.objects.filter(name=EXPORT_TASK, status=TaskStatus.DONE).first()
    TaskRun.objects.filter(pk=running.pk).update(status=TaskStatus.DONE, done=1200, result=finished.result)
    expect(page.locator("[data-testid=export-download]")).to_be_visible()
