"""Who may open which projects page and call which endpoint: personas × URLs × expected answer.

- The office (admin, dangwei) sees every project and approves, accepts and rates; the secretary
  (shuji) sees and reviews his branch's projects; the member (dangyuan) sees and runs the
  projects she leads; the worker and the outsider see none of them (404).
- A step the user may see but not take answers 403 in the API.
"""

import pytest

from vanguard.core.access import system_actor
from vanguard.core.dates import months_ago
from vanguard.core.testing import Case, check, expand, expect, stray_choices, uncovered
from vanguard.projects.models import ProjectLog, ProjectMember
from vanguard.projects.services import project_log_create

SEES = {"admin": 200, "dangwei": 200, "shuji": 200, "dangyuan": 200, "zhigong": 200}  # zhigong is on the team
RUNS = {"admin": 201, "dangwei": 201, "shuji": 201, "dangyuan": 201, "zhigong": 403}
OFFICE = {"admin": 200, "dangwei": 200}
CHANGES = {"admin": 302, "dangwei": 302, "shuji": 302, "dangyuan": 302}  # the office, the branch, the leader


def api(c, suffix=""):
    return f"/api/v1/projects/{c.project.pk}/{suffix}"


def page(c, suffix=""):
    return f"/projects/{c.project.pk}/{suffix}"


def _log(c):
    return ProjectLog.objects.filter(project=c.project).first()


def _log_file(c):
    from django.core.files.base import ContentFile

    log = _log(c)
    log.attachment.save("记录.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
    return page(c, f"logs/{log.pk}/attachment/")


def _member(c):
    return ProjectMember.objects.filter(project=c.project).exclude(role="leader").first()


@pytest.fixture(autouse=True)
def _pdf_without_converter(monkeypatch):
    """Access only here: the conversion itself is tested in core/tests/test_documents.py."""
    monkeypatch.setattr("vanguard.core.documents.docx_to_pdf", lambda data: b"%PDF-1.7 access check")


MATRIX = [
    # pages
    Case("/projects/", expect(200)),
    Case("/projects/export/", expect(200)),
    # Only those who may submit a project see the form: the branch, and a party member for himself.
    Case("/projects/new/", expect(404, admin=200, dangwei=200, shuji=200, dangyuan=200)),
    Case("/projects/my/", expect(200)),
    Case("/projects/import/", expect(404, admin=200, dangwei=200, shuji=200)),
    Case("/projects/import/template/", expect(200)),
    Case("/projects/summary/", expect(404, admin=200, dangwei=200, shuji=200)),
    Case(lambda c: page(c), expect(404, **SEES), label="project"),
    Case(
        lambda c: page(c, "transition/"),
        expect(404, **{k: 302 for k in SEES}),  # the page answers with a message, the step is checked by role
        method="post",
        data=lambda c: {"action": "apply_completion", "summary": "完成", "version": c.project.version},
        label="project transition",
    ),
    Case(
        lambda c: page(c, "logs/"),
        expect(404, admin=302, dangwei=302, shuji=302, dangyuan=302),
        method="post",
        data=lambda c: {"date": months_ago(1, 9).isoformat(), "content": "月度活动"},
        label="project log",
    ),
    Case(_log_file, expect(404, **SEES), label="project log attachment"),
    Case(
        lambda c: page(c, f"logs/{_log(c).pk}/delete/"),
        expect(404, **CHANGES),
        method="post",
        label="project log delete",
    ),
    Case(
        lambda c: page(c, "members/"),
        expect(404, **CHANGES),
        method="post",
        data=lambda c: {"employee_no": c.users["shuji"].person.employee_no, "role": "advisor"},
        label="project member add",
    ),
    Case(
        lambda c: page(c, f"members/{_member(c).pk}/remove/"),
        expect(404, **CHANGES),
        method="post",
        label="project member remove",
    ),
    Case(lambda c: page(c, "application.docx"), expect(404, **SEES), label="application word"),
    Case(lambda c: page(c, "completion.docx"), expect(404), label="completion word before completion"),
    Case(lambda c: page(c, "application.pdf"), expect(404, **SEES), label="application pdf"),
    Case(lambda c: page(c, "completion.pdf"), expect(404), label="completion pdf before completion"),
    # API
    Case("/api/v1/projects/", expect(200), api=True),
    Case("/api/v1/project-members/", expect(200), api=True),
    Case("/api/v1/project-logs/", expect(200), api=True),
    Case(lambda c: api(c), expect(404, **SEES), api=True, label="api project"),
    Case(
        "/api/v1/projects/",
        expect(403, admin=201, dangwei=201, shuji=201, dangyuan=201),
        api=True,
        method="post",
        data=lambda c: {
            "kind": "merit",
            "title": "新申报项目",
            "start_date": months_ago(0).isoformat(),
            "end_date": months_ago(-3).isoformat(),
            "branch": c.branch.pk,
            "leader": c.users["dangyuan"].person.pk,
            "expected_benefit": "5000",
        },  # fmt: skip
        label="api project create",
    ),
    Case(
        lambda c: api(c),
        expect(404, admin=400, dangwei=400, shuji=400, dangyuan=400, zhigong=403),  # under way: no longer editable
        api=True,
        method="patch",
        data=lambda c: {"indicator": "辊耗下降", "version": c.project.version},
        label="api project edit",
    ),
    Case(
        lambda c: api(c, "transition/"),
        expect(404, admin=200, dangwei=200, shuji=200, dangyuan=200, zhigong=403),
        api=True,
        method="post",
        data=lambda c: {"action": "apply_completion", "summary": "完成", "version": c.project.version},
        label="api apply completion",
    ),
    Case(
        lambda c: api(c, "transition/"),
        expect(404, **{k: 400 for k in SEES}),  # not from 实施中, whoever asks
        api=True,
        method="post",
        data=lambda c: {"action": "reject", "reason": "x", "version": c.project.version},
        label="api illegal step",
    ),
    Case(lambda c: f"/api/v1/project-logs/{_log(c).pk}/", expect(404, **SEES), api=True, label="api log"),
    Case(
        "/api/v1/project-logs/",
        expect(400, **RUNS),
        api=True,
        method="post",
        data=lambda c: {"project": c.project.pk, "date": months_ago(1, 9).isoformat(), "content": "月度活动"},
        label="api log create",
    ),
    Case(lambda c: f"/api/v1/project-members/{_member(c).pk}/", expect(404, **SEES), api=True, label="api member"),
    Case(
        "/api/v1/project-members/",
        expect(400, **RUNS),
        api=True,
        method="post",
        data=lambda c: {"project": c.project.pk, "person": c.users["shuji"].person.pk, "role": "advisor"},
        label="api member add",
    ),
    Case(
        lambda c: f"/api/v1/project-members/{_member(c).pk}/",
        expect(404, admin=204, dangwei=204, shuji=204, dangyuan=204, zhigong=403),
        api=True,
        method="delete",
        label="api member remove",
    ),
]


@pytest.fixture
def company(company, running):
    from vanguard.projects.services import project_member_add

    project_log_create(actor=system_actor(), project=running, date=months_ago(2, 4), content="摸底")
    project_member_add(actor=system_actor(), project=running, person=company.users["zhigong"].person, role="core")
    running.refresh_from_db()
    company.project = running
    return company


@pytest.mark.parametrize(("case", "persona", "expected"), expand(MATRIX))
def test_permission_matrix(client_as, company, case, persona, expected):
    check(client_as, company, case, persona, expected)


def test_every_route_is_in_the_matrix(company):
    from vanguard.projects import urls
    from vanguard.projects.api import urls as api_urls

    assert uncovered(MATRIX, company, [*urls.urlpatterns, *api_urls.urlpatterns]) == []


def test_no_form_or_filter_offers_a_secretary_another_branch(client_as, company):
    assert stray_choices(client_as, company, MATRIX) == []
