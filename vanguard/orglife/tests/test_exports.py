"""The meeting ledger as a long export: in the background with a progress bar above EXPORT_BACKGROUND_ROWS."""

import os
import time

import pytest
from django.urls import reverse

from vanguard.core.choices import TaskStatus
from vanguard.core.exports import EXPORT_TASK, export_dir, sweep_exports
from vanguard.core.models import TaskRun
from vanguard.core.testing import page_queries
from vanguard.core.tests.sheets import open_workbook
from vanguard.orglife.models import Meeting

EXPORT = "/orglife/meetings/export/"


@pytest.fixture
def background(settings, tmp_path):
    settings.EXPORT_BACKGROUND_ROWS = 3
    settings.MEDIA_ROOT = tmp_path
    return settings


def _data_rows(content):
    ws = open_workbook(content).active
    return [row for row in ws.iter_rows(min_row=3, values_only=True) if any(v is not None for v in row)]


def test_a_large_ledger_is_built_in_the_background_and_downloads_for_its_owner_alone(background, client_as, company):
    client = client_as("shuji")
    response = client.get(EXPORT, {"date_from": "2026-01-01"})
    run = TaskRun.objects.get(name=EXPORT_TASK)
    assert response.status_code == 302 and response.url == reverse("export-detail", args=[run.pk])
    expected = Meeting.objects.restrict(company.users["shuji"]).filter(date__gte="2026-01-01")
    assert run.owner == company.users["shuji"] and run.status == TaskStatus.DONE
    assert run.done == run.total == expected.count() > 3  # the progress reached the end
    assert run.result["filename"].startswith("会议台账-") and run.result["filename"].endswith(".xlsx")

    page = client.get(response.url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "100%" in html and "下载 会议台账-" in html and run.result["download_url"] in html
    assert "/orglife/meetings/?date_from=2026-01-01" in html  # back to the list as filtered

    download = client.get(run.result["download_url"])
    assert download.status_code == 200
    assert download["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    assert "filename*=UTF-8''" in download["Content-Disposition"]
    rows = _data_rows(b"".join(download.streaming_content))
    assert len(rows) == expected.count()  # the secretary's meetings only: his scope, computed in the task
    assert {row[4] for row in rows} == set(expected.values_list("title", flat=True))

    other = client_as("dangwei")
    assert other.get(run.result["download_url"]).status_code == 404
    assert other.get(reverse("export-detail", args=[run.pk])).status_code == 404


def test_the_file_is_kept_under_the_owners_folder_and_swept_after_a_day(background, client_as, company):
    client = client_as("dangwei")
    client.get(EXPORT)
    run = TaskRun.objects.get(name=EXPORT_TASK)
    path = export_dir(company.users["dangwei"]) / run.result["file"]
    assert path.is_file() and path.parent.name == str(company.users["dangwei"].pk)
    assert path.parent.parent.name == "exports"
    assert sweep_exports() == 0
    old = time.time() - 25 * 3600
    os.utime(path, (old, old))
    assert sweep_exports() == 1 and not path.exists()
    assert client.get(run.result["download_url"]).status_code == 404


def test_behind_nginx_the_web_server_sends_the_file(background, client_as):
    background.FILE_ACCEL_PREFIX = "/protected/"
    client = client_as("dangwei")
    client.get(EXPORT)
    run = TaskRun.objects.get(name=EXPORT_TASK)
    response = client.get(run.result["download_url"])
    assert response["X-Accel-Redirect"] == f"/protected/exports/{run.owner_id}/{run.result['file']}"


def test_a_small_ledger_stays_in_the_request(client_as, company):
    response = client_as("shuji").get(EXPORT, {"kind": "committee"})
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxml")
    assert not TaskRun.objects.filter(name=EXPORT_TASK).exists()
    expected = Meeting.objects.restrict(company.users["shuji"]).filter(kind="committee").count()
    assert len(_data_rows(response)) == expected


def test_starting_a_large_export_costs_a_few_queries(background, client_as):
    background.TASK_BACKEND = "thread"  # started after the commit, which a test never makes: only the start counts
    client = client_as("dangwei")
    queries, response = page_queries(client, EXPORT + "?kind=committee", status=302)
    assert queries <= 10, queries
    run = TaskRun.objects.get(name=EXPORT_TASK)
    assert run.status == TaskStatus.PENDING and run.params["params"] == {"kind": ["committee"]}
    # A second click while it runs finds the same run.
    assert client.get(EXPORT + "?kind=committee").url == reverse("export-detail", args=[run.pk])
    assert TaskRun.objects.filter(name=EXPORT_TASK).count() == 1
