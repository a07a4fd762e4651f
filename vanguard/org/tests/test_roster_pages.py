"""Roster pages, export and the import API: what the office sees and gets back."""

import io
import re

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from vanguard.core.models import AuditEvent, TaskRun
from vanguard.core.testing import page_queries
from vanguard.org import roster
from vanguard.org.models import Person

from .test_roster import BAD_CARD, company_paths, id_card, roster_file, valid_row


@pytest.fixture
def make_row(company):
    paths = company_paths(company)
    return lambda number="N000001", **changes: valid_row(paths, number, **changes)


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def upload(content, name="花名册.xlsx"):
    return SimpleUploadedFile(name, content, content_type=XLSX)


def sheet_rows(response):
    content = b"".join(response.streaming_content) if response.streaming else response.content
    ws = openpyxl.load_workbook(io.BytesIO(content)).active
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    header = next((i for i, row in enumerate(rows) if row and row[0] == roster.TITLES[0]), 0)  # an export's title above
    return rows[header:], ws


# ---------------------------------------------------------------- export


def test_export_neutralises_formula_like_cells(company, client_as):
    person = company.users["zhigong"].person
    Person.objects.filter(pk=person.pk).update(position="=cmd|' /C calc'!A0", name="@SUM(1)")
    response = client_as("dangwei").get(reverse("person-export"), {"q": person.employee_no})
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    assert "attachment" in response["Content-Disposition"]
    rows, ws = sheet_rows(response)
    assert rows[0] == list(roster.TITLES)
    assert len(rows) == 2
    assert rows[1][0] == "'@SUM(1)" and rows[1][roster.TITLES.index("职务")] == "'=cmd|' /C calc'!A0"
    assert all(cell.data_type != "f" for row in ws.iter_rows() for cell in row)


def test_export_masks_id_cards_for_secretary_not_for_committee(company, client_as):
    person = company.users["zhigong"].person
    column = roster.TITLES.index("身份证号")
    rows, _ = sheet_rows(client_as("shuji").get(reverse("person-export"), {"q": person.employee_no}))
    assert rows[1][column] == f"{person.id_card[:6]}********{person.id_card[-4:]}"
    rows, _ = sheet_rows(client_as("dangwei").get(reverse("person-export"), {"q": person.employee_no}))
    assert rows[1][column] == person.id_card


def test_export_keeps_the_list_filters_and_scope(company, client_as):
    rows, _ = sheet_rows(client_as("shuji").get(reverse("person-export"), {"political_status": "member"}))
    numbers = {r[1] for r in rows[1:]}
    expected = set(
        Person.objects.restrict(company.users["shuji"])
        .filter(political_status="member")
        .values_list("employee_no", flat=True)
    )
    assert numbers == expected and company.users["dangyuan"].person.employee_no in numbers
    assert company.users["outsider"].person.employee_no not in numbers
    assert company.users["zhigong"].person.employee_no not in numbers  # not a member


def test_export_query_count_does_not_grow_with_people(company, client_as, make_row):
    client = client_as("dangwei")
    client.get(reverse("person-export"))  # warm the session

    def queries():
        return page_queries(client, reverse("person-export"))[0]

    before = queries()
    rows = [make_row(f"N{i:06d}", 身份证号=id_card(seq=f"{i:03d}")) for i in range(1, 31)]
    assert roster.roster_import(actor=company.users["dangwei"], source=roster_file(rows)).created == 30
    assert queries() == before <= 13  # one of them names the orgs covered in the title row


@pytest.mark.parametrize("who", ["dangwei", "shuji"])
def test_export_then_reimport_changes_nothing(company, client_as, who):
    client = client_as(who)
    exported = client.get(reverse("person-export")).content
    events = AuditEvent.objects.count()
    result = roster.roster_import(actor=company.users[who], source=exported)
    assert [e.as_dict() for e in result.errors] == []
    assert result.total == Person.objects.restrict(company.users[who]).count()
    assert (result.created, result.updated, result.unchanged) == (0, 0, result.total)
    assert AuditEvent.objects.count() == events


# ---------------------------------------------------------------- pages


def test_template_download(company, client_as):
    response = client_as("shuji").get(reverse("roster-template"))
    assert response.status_code == 200
    rows, _ = sheet_rows(response)
    assert rows[0] == list(roster.TITLES) and rows[1][0] == "张三"


@pytest.mark.parametrize("who", ["dangyuan", "zhigong", "outsider"])
def test_import_pages_are_not_there_for_members_and_workers(client_as, who):
    client = client_as(who)
    assert client.get(reverse("roster-import")).status_code == 404
    assert client.get(reverse("roster-template")).status_code == 404


def test_preview_lists_errors_by_row_and_offers_the_annotated_file(company, client_as, make_row):
    client = client_as("shuji")
    content = roster_file([make_row("N000001"), make_row("N000002", 手机号="123")])
    response = client.post(reverse("roster-import"), {"file": upload(content)})
    assert response.status_code == 200
    page = response.content.decode()
    assert "发现 1 处错误,整批未导入" in page
    assert "手机号应为11位数字,以1开头。" in page and "<td>3</td>" in page
    assert "确认导入" not in page
    link = re.search(r'href="([^"]*download=[^"]+)"', page).group(1).replace("&amp;", "&")
    rows, _ = sheet_rows(client.get(link))
    assert rows[0][-1] == "错误说明" and "手机号" in rows[2][-1]
    assert client_as("dangwei").get(link).status_code == 404  # another user's file
    assert not Person.objects.filter(employee_no="N000001").exists()


def test_preview_then_confirm_imports(company, client_as, make_row):
    client = client_as("shuji")
    content = roster_file([make_row("N000001"), make_row("N000002", 身份证号=id_card(seq="002"))])
    response = client.post(reverse("roster-import"), {"file": upload(content)})
    page = response.content.decode()
    assert "检查通过" in page and "确认导入" in page
    assert not Person.objects.filter(employee_no="N000001").exists()
    token = re.search(r'name="upload" value="([^"]+)"', page).group(1)
    response = client.post(reverse("roster-import"), {"upload": token, "action": "confirm"}, follow=True)
    assert "导入完成:共 2 行,新增 2 人" in response.content.decode()
    assert Person.objects.filter(employee_no__in=["N000001", "N000002"]).count() == 2


def test_confirm_with_someone_elses_or_unknown_file_is_refused(company, client_as):
    response = client_as("shuji").post(reverse("roster-import"), {"upload": "../../etc/passwd"})
    assert "上传的文件已过期" in response.content.decode()


def test_upload_of_a_non_excel_file_is_refused_in_chinese(company, client_as):
    response = client_as("shuji").post(reverse("roster-import"), {"file": upload(b"hello", "a.txt")})
    assert "请上传 Excel 或 CSV 文件" in response.content.decode()
    response = client_as("shuji").post(reverse("roster-import"), {"file": upload(b"\x00\x01hello", "a.xlsx")})
    assert "不是表格文件" in response.content.decode()


def test_large_file_runs_in_the_background_with_progress(
    company, client_as, make_row, settings, django_capture_on_commit_callbacks
):
    settings.ROSTER_BACKGROUND_ROWS = 1
    client = client_as("shuji")
    content = roster_file([make_row("N000001"), make_row("N000002", 身份证号=id_card(seq="002"))])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("roster-import"), {"file": upload(content)})
    assert response.status_code == 302
    run = TaskRun.objects.latest("id")
    assert response["Location"].endswith(f"?task={run.pk}")
    assert run.status == "done" and run.total == 4 and run.result["dry_run"] is True
    assert run.result["created"] == 2 and not Person.objects.filter(employee_no="N000001").exists()
    page = client.get(response["Location"]).content.decode()
    assert "确认导入" in page and 'class="progress' in page
    fragment = client.get(response["Location"] + "&part=result", HTTP_HX_REQUEST="true")
    assert fragment.status_code == 286 and "确认导入" in fragment.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("roster-import"), {"upload": run.result["upload"]})
    real = TaskRun.objects.latest("id")
    assert real.pk != run.pk and real.result["written"] is True
    assert Person.objects.filter(employee_no__in=["N000001", "N000002"]).count() == 2
    assert client_as("dangwei").get(response["Location"]).status_code == 404  # someone else's task


def test_background_errors_are_kept_on_the_task_with_the_file(
    company, client_as, make_row, settings, django_capture_on_commit_callbacks
):
    settings.ROSTER_BACKGROUND_ROWS = 1
    client = client_as("shuji")
    content = roster_file([make_row("N000001"), make_row("N000002", 性别="")])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("roster-import"), {"file": upload(content)})
    run = TaskRun.objects.latest("id")
    assert run.result["error_count"] == 1 and run.result["errors"][0]["row"] == 3
    page = client.get(response["Location"]).content.decode()
    assert "性别不能为空" in page
    assert client.get(run.result["error_url"]).status_code == 200


# ---------------------------------------------------------------- API


def test_api_import_answers_counts(company, api_as, make_row):
    api = api_as("dangwei")
    content = roster_file([make_row("N000001")])
    response = api.post("/api/v1/people/import/", {"file": upload(content), "dry_run": "true"}, format="multipart")
    assert response.status_code == 200
    assert response.json() == {
        "total": 1,
        "created": 1,
        "updated": 0,
        "unchanged": 0,
        "dry_run": True,
        "written": False,
        "unknown_columns": [],
    }
    assert not Person.objects.filter(employee_no="N000001").exists()
    response = api.post("/api/v1/people/import/", {"file": upload(content)}, format="multipart")
    assert response.status_code == 200 and response.json()["written"] is True
    assert Person.objects.filter(employee_no="N000001").exists()


def test_api_import_answers_400_with_errors_and_writes_nothing(company, api_as, make_row):
    people = Person.objects.count()
    content = roster_file([make_row("N000001"), make_row("N000002", 身份证号=BAD_CARD)])
    response = api_as("dangwei").post("/api/v1/people/import/", {"file": upload(content)}, format="multipart")
    assert response.status_code == 400
    body = response.json()
    assert body["errors"] == [{"row": 3, "column": "身份证号", "message": "身份证号校验位不正确,请核对。"}]
    assert Person.objects.count() == people


def test_api_import_refuses_a_file_of_another_type_or_over_the_size_limit_and_imports_nothing(
    company, api_as, make_row, settings
):
    api = api_as("dangwei")
    content = roster_file([make_row("N000001")])
    people, events = Person.objects.count(), AuditEvent.objects.count()
    response = api.post("/api/v1/people/import/", {"file": upload(content, "花名册.txt")}, format="multipart")
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {
            "row": None,
            "column": "",
            "message": "文件“花名册.txt”的类型不支持,请上传 Excel 或 CSV 文件(.xlsx、.xlsm、.xls、.csv)。",
        }
    ]
    settings.UPLOAD_MAX_BYTES = len(content) - 1
    response = api.post("/api/v1/people/import/", {"file": upload(content)}, format="multipart")
    assert response.status_code == 400
    assert response.json()["errors"][0]["message"].startswith("文件“花名册.xlsx”超过")
    assert Person.objects.count() == people and AuditEvent.objects.count() == events
    assert not Person.objects.filter(employee_no="N000001").exists()
    settings.UPLOAD_MAX_BYTES = len(content)  # the limit itself is allowed
    response = api.post("/api/v1/people/import/", {"file": upload(content), "dry_run": "true"}, format="multipart")
    assert response.status_code == 200 and response.json()["created"] == 1


def test_api_import_without_file_or_permission(company, api_as):
    response = api_as("dangwei").post("/api/v1/people/import/", {}, format="multipart")
    assert response.status_code == 400 and "file" in response.json()["errors"][0]["message"]
    assert api_as("zhigong").post("/api/v1/people/import/", {}, format="multipart").status_code == 403


def test_api_import_is_in_the_schema(company, api_as):
    schema = api_as("dangwei").get("/api/v1/schema/", {"format": "json"}).json()
    operation = schema["paths"]["/api/v1/people/import/"]["post"]
    assert "multipart/form-data" in operation["requestBody"]["content"]
    assert set(operation["responses"]) >= {"200", "400"}
