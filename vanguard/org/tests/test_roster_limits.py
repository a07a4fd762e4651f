"""The roster import's limits: errors listed up to a cap with their count; the API goes to the background too."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile

from vanguard.core.models import TaskRun
from vanguard.org.models import Person

from .test_roster import id_card, roster_file
from .test_roster_pages import XLSX, make_row  # noqa: F401 - fixture


def _upload(content):
    return SimpleUploadedFile("花名册.xlsx", content, content_type=XLSX)


def test_the_api_lists_the_first_errors_and_their_count(company, api_as, make_row, settings):  # noqa: F811
    settings.IMPORT_MAX_ERRORS = 2
    rows = [make_row(f"N00000{n}", 性别="", 身份证号="") for n in range(1, 6)]
    response = api_as("shuji").post("/api/v1/people/import/", {"file": _upload(roster_file(rows))}, format="multipart")
    assert response.status_code == 400
    assert len(response.json()["errors"]) == 2 and response.json()["error_count"] == 5
    assert not Person.objects.filter(employee_no="N000001").exists()


def test_a_large_file_sent_to_the_api_runs_in_the_background(
    company,
    api_as,
    make_row,  # noqa: F811
    settings,
    django_capture_on_commit_callbacks,
):
    settings.ROSTER_BACKGROUND_ROWS = 1
    api = api_as("shuji")
    content = roster_file([make_row("N000001"), make_row("N000002", 身份证号=id_card(seq="002"))])
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post("/api/v1/people/import/", {"file": _upload(content)}, format="multipart")
    assert response.status_code == 202
    run = TaskRun.objects.get(pk=response.json()["task"])
    assert response.json()["progress_url"].endswith(f"/api/v1/tasks/{run.pk}/")
    assert response["Location"] == response.json()["progress_url"]
    progress = api.get(response.json()["progress_url"]).json()
    assert progress["status"] == "done" and progress["result"]["written"] is True
    assert progress["result"]["created"] == 2 and progress["result"]["error_count"] == 0
    assert Person.objects.filter(employee_no__in=["N000001", "N000002"]).count() == 2
    assert api_as("dangwei").get(response.json()["progress_url"]).status_code == 404  # someone else's task


def test_the_page_lists_the_first_errors_and_says_how_many(company, client_as, make_row, settings):  # noqa: F811
    settings.IMPORT_MAX_ERRORS = 2
    rows = [make_row(f"N00000{n}", 性别="", 身份证号="") for n in range(1, 6)]
    page = client_as("shuji").post("/org/people/import/", {"file": _upload(roster_file(rows))}).content.decode()
    assert page.count("性别不能为空") == 2 and "发现 5 处错误" in page and "仅列出前 2 处" in page


def test_the_training_import_lists_the_first_errors_and_their_count(client_as, company, settings):
    from vanguard.core.excel import write_table
    from vanguard.orglife.excel import COLUMNS

    settings.IMPORT_MAX_ERRORS = 3
    rows = [[f"X{n:05d}", "某人", "网课", "", "", "", "2020-01-01", 2, ""] for n in range(10)]
    upload = io.BytesIO(write_table(columns=COLUMNS, rows=rows, sheet_name="培训记录"))
    upload.name = "培训.xlsx"
    page = client_as("shuji").post("/orglife/training/import/", {"file": upload}).content.decode()
    assert page.count("不存在或不在您负责的组织内") == 3
    assert "发现 10 处问题" in page and "仅列出前 3 处" in page
