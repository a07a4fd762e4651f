"""Who may open which campaigns page and call which endpoint: personas × URLs × expected answer.

- The office (admin, dangwei) sees and runs every campaign; the secretary (shuji) sees the
  campaigns his branch takes part in, his branch's targets and its members' targets, splits
  them, issues their letters and accepts their reports; the member (dangyuan) sees her own
  targets, letters and commitments and reports on her own targets; the worker (zhigong)
  and the outsider have nothing in the demo campaigns.
- Out of scope answers 404; a write on something the user may see but not change answers
  404 on a page and 403 in the API.
"""

import pytest
from django.utils import timezone

from vanguard.campaigns.choices import ReportStatus
from vanguard.campaigns.models import Commitment, ProgressReport, ResponsibilityLetter
from vanguard.core.access import system_actor
from vanguard.core.testing import Case, check, expand, expect, stray_choices, uncovered

OFFICE = {"admin": 200, "dangwei": 200}
BRANCH = {**OFFICE, "shuji": 200}
MEMBER = {**BRANCH, "dangyuan": 200}
OFFICE_POST = {"admin": 302, "dangwei": 302}
BRANCH_POST = {**OFFICE_POST, "shuji": 302}


def cost(c, suffix=""):
    return f"/campaigns/{c.demo.cost.pk}/{suffix}"


def branch_target(c, suffix=""):
    return f"/campaigns/targets/{c.demo.branch_target.pk}/{suffix}"


def own_target(c, suffix=""):
    return f"/campaigns/targets/{c.demo.dangyuan_target.pk}/{suffix}"


def pending_report(c):
    return ProgressReport.objects.filter(target=c.demo.dangyuan_target, status=ReportStatus.SUBMITTED).get()


def own_letter(c):
    return ResponsibilityLetter.objects.get(campaign=c.demo.cost, recipient_person=c.users["dangyuan"].person)


def evidence(c):
    from django.core.files.base import ContentFile

    from vanguard.campaigns.models import Evidence

    item = Evidence(report=pending_report(c), name="现场照片.txt", size=4)
    item.file.save("evidence.txt", ContentFile(b"test"), save=True)
    return item


def own_contribution(c):
    """A result linked to dangyuan's own target (the source is opaque to campaigns)."""
    from vanguard.campaigns.services import contribution_link

    return contribution_link(
        actor=system_actor(),
        target=c.demo.dangyuan_target,
        source="projects.project",
        source_id=999_001,
        label="降耗攻关",
    )


def own_commitment(c):
    return Commitment.objects.filter(campaign=c.demo.cost, person=c.users["dangyuan"].person).first()


def today():
    return timezone.localdate().isoformat()


@pytest.fixture(autouse=True)
def _pdf_without_converter(monkeypatch):
    """Access only here: the conversion itself is tested in core/tests/test_documents.py."""
    monkeypatch.setattr("vanguard.core.documents.docx_to_pdf", lambda data: b"%PDF-1.7 access check")


MATRIX = [
    # pages
    Case("/campaigns/", expect(200)),
    Case("/campaigns/new/", expect(404, **OFFICE)),
    Case("/campaigns/my/", expect(200, admin=404)),
    Case("/campaigns/watch/?kind=overdue", expect(200)),
    Case("/campaigns/reviews/", expect(200)),
    Case("/campaigns/letters/", expect(200)),
    Case(lambda c: cost(c), expect(404, **MEMBER), label="dashboard"),
    Case(lambda c: cost(c, "edit/"), expect(404, **OFFICE), label="campaign edit"),
    Case(lambda c: cost(c, "activate/"), expect(404, **OFFICE_POST), method="post", label="activate"),
    Case(lambda c: cost(c, "close/"), expect(404, **OFFICE_POST), method="post", label="close"),
    Case(lambda c: cost(c, "tree/"), expect(404, **MEMBER), label="tree"),
    Case(lambda c: cost(c, f"reports/?month={timezone.localdate():%Y-%m}"), expect(404, **MEMBER), label="month"),
    Case(lambda c: cost(c, f"tree/?parent={c.demo.branch_target.pk}"), expect(404, **BRANCH), label="tree children"),
    Case(lambda c: cost(c, "targets/new/"), expect(404, **OFFICE), label="target create"),
    Case(lambda c: cost(c, "targets/import/"), expect(404, **BRANCH), label="import"),
    Case(lambda c: cost(c, "targets/import/template/"), expect(404, **BRANCH), label="import template"),
    Case(lambda c: cost(c, "targets/export/"), expect(404, **MEMBER), label="export"),
    Case(lambda c: cost(c, "letters/issue/"), expect(404, **BRANCH_POST), method="post", label="issue letters"),
    Case(lambda c: cost(c, "commitments/"), expect(404, **MEMBER), label="commitments"),
    Case(lambda c: cost(c, "commitments/export/"), expect(404, **MEMBER), label="check export"),
    Case(lambda c: branch_target(c), expect(404, **BRANCH), label="branch target"),
    Case(lambda c: own_target(c), expect(404, **MEMBER), label="own target"),
    Case(lambda c: own_target(c, "edit/"), expect(404, **BRANCH), label="target edit"),
    Case(lambda c: branch_target(c, "edit/"), expect(404, **OFFICE), label="given target edit"),
    Case(lambda c: branch_target(c, "decompose/"), expect(404, **BRANCH), label="decompose"),
    Case(
        lambda c: branch_target(c, "stages/"),
        expect(404, **BRANCH_POST),
        method="post",
        label="stage add",
        data={"kind": "quarter", "label": "一季度", "ends_on": today()},
    ),
    Case(lambda c: own_target(c, "report/"), expect(404, dangyuan=200), label="report form"),
    Case(lambda c: branch_target(c, "reports/"), expect(404, **BRANCH), label="reports behind"),
    Case(
        lambda c: f"/campaigns/reports/{pending_report(c).pk}/accept/",
        expect(404, **BRANCH_POST),
        method="post",
        label="accept",
    ),
    Case(
        lambda c: f"/campaigns/reports/{pending_report(c).pk}/return/",
        expect(404, **BRANCH_POST),
        method="post",
        data={"note": "请补充佐证"},
        label="return",
    ),
    Case(lambda c: f"/campaigns/evidence/{evidence(c).pk}/", expect(404, **MEMBER), label="evidence"),
    Case(lambda c: f"/campaigns/letters/{own_letter(c).pk}/word/", expect(404, **MEMBER), label="letter word"),
    Case(lambda c: f"/campaigns/letters/{own_letter(c).pk}/pdf/", expect(404, **MEMBER), label="letter pdf"),
    Case(
        lambda c: f"/campaigns/letters/{own_letter(c).pk}/acknowledge/",
        expect(404, dangyuan=302),
        method="post",
        label="acknowledge",
    ),
    Case(
        lambda c: f"/campaigns/commitments/{own_commitment(c).pk}/check/",
        expect(404, **BRANCH_POST),
        method="post",
        data={"period": today(), "rating": "good", "result": "完成"},
        label="check",
    ),
    # API
    *[
        Case(f"/api/v1/{name}/", expect(200), api=True)
        for name in (
            "campaigns",
            "targets",
            "target-stages",
            "progress-reports",
            "responsibility-letters",
            "commitments",
            "commitment-checks",
        )
    ],
    Case(lambda c: f"/api/v1/campaigns/{c.demo.cost.pk}/", expect(404, **MEMBER), api=True, label="api campaign"),
    Case(
        lambda c: f"/api/v1/campaigns/{c.demo.cost.pk}/activate/",
        expect(404, admin=400, dangwei=400, shuji=403, dangyuan=403),
        api=True,
        method="post",
        label="api activate",
    ),
    Case(
        lambda c: f"/api/v1/campaigns/{c.demo.cost.pk}/close/",
        expect(404, admin=200, dangwei=200, shuji=403, dangyuan=403),
        api=True,
        method="post",
        label="api close",
    ),
    Case(
        lambda c: f"/api/v1/targets/{c.demo.dangyuan_target.pk}/", expect(404, **MEMBER), api=True, label="api target"
    ),
    Case(
        lambda c: f"/api/v1/targets/{c.demo.dangyuan_target.pk}/",
        expect(404, **BRANCH, dangyuan=403),
        api=True,
        method="patch",
        data=lambda c: {"standard": "每月回收", "version": c.demo.dangyuan_target.version},
        label="api target edit",
    ),
    Case(
        lambda c: f"/api/v1/target-stages/{c.demo.saving.stages.first().pk}/",
        expect(404, **OFFICE),
        api=True,
        label="api stage",
    ),
    Case(
        lambda c: f"/api/v1/progress-reports/{pending_report(c).pk}/",
        expect(404, **MEMBER),
        api=True,
        label="api report",
    ),
    Case(
        "/api/v1/progress-reports/",
        expect(400, admin=403, dangwei=403, shuji=403, dangyuan=201),
        api=True,
        method="post",
        data=lambda c: {"target": c.demo.dangyuan_target.pk, "period": today(), "value": "9"},
        label="api report submit",
    ),
    Case(
        lambda c: f"/api/v1/progress-reports/{pending_report(c).pk}/accept/",
        expect(404, **BRANCH, dangyuan=403),
        api=True,
        method="post",
        label="api accept",
    ),
    Case(
        lambda c: f"/api/v1/progress-reports/{pending_report(c).pk}/return/",
        expect(404, **BRANCH, dangyuan=403),
        api=True,
        method="post",
        data={"note": "请补充"},
        label="api return",
    ),
    Case(
        lambda c: f"/api/v1/responsibility-letters/{own_letter(c).pk}/",
        expect(404, **MEMBER),
        api=True,
        label="api letter",
    ),
    Case(
        lambda c: f"/api/v1/responsibility-letters/{own_letter(c).pk}/acknowledge/",
        expect(404, **{p: 403 for p in BRANCH}, dangyuan=200),
        api=True,
        method="post",
        label="api acknowledge",
    ),
    Case(
        "/api/v1/responsibility-letters/issue/",
        expect(400, admin=201, dangwei=201, shuji=201, dangyuan=403),
        api=True,
        method="post",
        data=lambda c: {"campaign": c.demo.cost.pk},
        label="api issue",
    ),
    Case(
        lambda c: f"/api/v1/commitments/{own_commitment(c).pk}/",
        expect(404, **MEMBER),
        api=True,
        label="api commitment",
    ),
    Case("/api/v1/target-contributions/", expect(200), api=True),
    Case(
        lambda c: f"/api/v1/target-contributions/{own_contribution(c).pk}/",
        expect(404, **MEMBER),
        api=True,
        label="api contribution",
    ),
    Case(
        lambda c: f"/api/v1/commitment-checks/{own_commitment(c).checks.first().pk}/",
        expect(404, **MEMBER),
        api=True,
        label="api check",
    ),
]


@pytest.fixture
def company(company, demo):
    company.demo = demo
    return company


@pytest.mark.parametrize(("case", "persona", "expected"), expand(MATRIX))
def test_permission_matrix(client_as, company, case, persona, expected):
    check(client_as, company, case, persona, expected)


def test_every_route_is_in_the_matrix(company):
    from vanguard.campaigns import urls
    from vanguard.campaigns.api import urls as api_urls

    assert uncovered(MATRIX, company, [*urls.urlpatterns, *api_urls.urlpatterns]) == []


def test_no_form_or_filter_offers_a_secretary_another_branch(client_as, company):
    assert stray_choices(client_as, company, MATRIX) == []
