"""The API takes a project from 申报 to 验收; lists read a constant number of queries."""

from vanguard.core.dates import months_ago
from vanguard.core.models import AuditEvent
from vanguard.core.testing import page_queries
from vanguard.projects.models import Project


def _step(client, project_id, **data):
    version = Project.objects.get(pk=project_id).version
    return client.post(f"/api/v1/projects/{project_id}/transition/", {**data, "version": version}, format="json")


def test_project_from_application_to_acceptance(api_as, company):
    dangyuan, shuji, dangwei = api_as("dangyuan"), api_as("shuji"), api_as("dangwei")
    response = dangyuan.post(
        "/api/v1/projects/",
        {
            "kind": "merit",
            "title": "降低煤气消耗",
            "start_date": months_ago(3).isoformat(),
            "end_date": months_ago(-3).isoformat(),
            "branch": company.branch.pk,
            "leader": company.users["dangyuan"].person.pk,
            "expected_benefit": "80000",
        },  # fmt: skip
        format="json",
    )
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    assert response.json()["status"] == "proposed"
    assert _step(shuji, pk, action="review").json()["status"] == "reviewed"
    answer = _step(shuji, pk, action="approve")
    assert answer.status_code == 403 and "党委" in answer.json()["detail"]
    assert _step(dangwei, pk, action="approve").json()["number"]
    assert _step(dangyuan, pk, action="start").json()["status"] == "under_way"
    for n in (3, 2):
        log = dangyuan.post(
            "/api/v1/project-logs/", {"project": pk, "date": months_ago(n, 10).isoformat(), "content": "月度攻关会"},
            format="json",
        )  # fmt: skip
        assert log.status_code == 201, log.json()
    outside = dangyuan.post(
        "/api/v1/project-logs/", {"project": pk, "date": months_ago(5, 10).isoformat(), "content": "早于立项"},
        format="json",
    )  # fmt: skip
    assert outside.status_code == 400 and "不在项目周期内" in outside.json()["date"][0]
    body = dangyuan.get(f"/api/v1/projects/{pk}/").json()
    assert body["missing_months"] == 1  # last month has no log
    assert _step(dangyuan, pk, action="apply_completion", summary="煤气单耗下降 4%").status_code == 200
    bad = _step(dangwei, pk, action="accept", measured_benefit="-1", evidence="核算单")
    assert bad.status_code == 400 and "负数" in bad.json()["measured_benefit"][0]
    done = _step(dangwei, pk, action="accept", measured_benefit="91000", evidence="财务核算单")
    assert done.json()["status"] == "accepted" and done.json()["measured_benefit"] == "91000.00"
    actions = AuditEvent.objects.filter(object_type="projects.project", object_id=str(pk)).values_list(
        "action", flat=True
    )
    assert set(actions) >= {"project.create", "project.review", "project.approve", "project.accept"}


def test_stale_transition_answers_409(api_as, project):
    answer = api_as("shuji").post(
        f"/api/v1/projects/{project.pk}/transition/",
        {"action": "review", "version": project.version + 3},
        format="json",
    )
    assert answer.status_code == 409
    project.refresh_from_db()
    assert project.status == "proposed"


def test_list_reads_a_constant_number_of_queries(api_as, company, proposal):
    from vanguard.projects.services import project_create

    client = api_as("shuji")

    def count():
        return page_queries(client, "/api/v1/projects/")[0]

    project_create(actor=company.users["shuji"], **proposal)
    first = count()
    for i in range(5):
        project_create(actor=company.users["shuji"], **{**proposal, "title": f"项目{i}"})
    assert count() == first


def test_a_log_uploads_its_attachment_as_multipart(api_as, running):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from vanguard.projects.models import ProjectLog

    body = {
        "project": running.pk,
        "date": months_ago(1, 12).isoformat(),
        "content": "现场攻关",
        "attachment": SimpleUploadedFile("记录.pdf", b"%PDF-1.4 test", content_type="application/pdf"),
    }
    response = api_as("dangyuan").post("/api/v1/project-logs/", body, format="multipart")
    assert response.status_code == 201, response.json()
    log = ProjectLog.objects.get(pk=response.json()["id"])
    assert log.attachment.name.endswith(".pdf") and log.attachment.read() == b"%PDF-1.4 test"
