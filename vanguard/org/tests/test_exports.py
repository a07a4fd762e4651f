"""The roster export above EXPORT_BACKGROUND_ROWS: built in the background with the user's scope."""

from django.urls import reverse

from vanguard.core.choices import TaskStatus
from vanguard.core.exports import EXPORT_TASK
from vanguard.core.models import TaskRun
from vanguard.core.tests.sheets import open_workbook
from vanguard.org.models import Person


def test_a_large_roster_goes_to_the_background_with_the_secretarys_people_only(settings, tmp_path, client_as, company):
    settings.EXPORT_BACKGROUND_ROWS = 2
    settings.MEDIA_ROOT = tmp_path
    client = client_as("shuji")
    response = client.get(reverse("person-export"))
    run = TaskRun.objects.get(name=EXPORT_TASK)
    assert response.url == reverse("export-detail", args=[run.pk]) and run.status == TaskStatus.DONE
    people = Person.objects.restrict(company.users["shuji"])
    assert run.done == run.total == people.count() > 2
    ws = open_workbook(b"".join(client.get(run.result["download_url"]).streaming_content)).active
    assert ws["A1"].value.startswith("人员花名册 · 轧管厂第一党支部 · 导出于")
    numbers = {row[1] for row in ws.iter_rows(min_row=3, values_only=True) if row[1]}
    assert numbers == set(people.values_list("employee_no", flat=True))
    assert client_as("dangwei").get(run.result["download_url"]).status_code == 404


def test_a_small_roster_stays_in_the_request(settings, client_as):
    response = client_as("shuji").get(reverse("person-export"))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxml")
    assert not TaskRun.objects.filter(name=EXPORT_TASK).exists()
