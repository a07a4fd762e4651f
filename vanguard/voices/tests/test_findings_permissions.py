"""Who may open which visit and finding page and call which endpoint: personas × URLs × expected answer.

- A finding is seen by its raising side (shuji raised it for his area) and its responsible side (zhigong
  answers for it; the office leads the whole company); a member and a worker of another plant see nothing.
- The responsible side takes the steps of rectification; only the raising side verifies; a step the user
  may see but not take answers 403 in the API, a message on the page.
- A visit is seen by its leader, its participants and the managers of both units; recorded by department
  heads (科级及以上) or the visiting unit's heads.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from vanguard.core.testing import Case, check, expand, expect, stray_choices, uncovered
from vanguard.org.models import Unit
from vanguard.voices.services.findings import finding_extension_request
from vanguard.voices.services.visits import visit_create

SEES = {"admin": 200, "dangwei": 200, "shuji": 200, "zhigong": 200}
VISIT_SEES = {"admin": 200, "dangwei": 200, "shuji": 200, "dangyuan": 200}
POSTS = {k: 302 for k in SEES}  # the page answers with a message; the service decides


def page(c, suffix=""):
    return f"/voices/findings/{c.finding.pk}/{suffix}"


def api(c, suffix=""):
    return f"/api/v1/findings/{c.finding.pk}/{suffix}"


@pytest.fixture(autouse=True)
def _pdf_without_converter(monkeypatch):
    monkeypatch.setattr("vanguard.core.documents.docx_to_pdf", lambda data: b"%PDF-1.7 access check")


def _new_finding(c):
    return {
        "title": "接口提出的问题", "source_kind": "inspection", "source_ref": "专项检查",
        "raised_unit": Unit.objects.get(depth=1).pk, "responsible_unit": c.team.pk,
        "responsible_person": c.users["zhigong"].person.pk,
        "deadline": (timezone.localdate() + timedelta(days=10)).isoformat(),
    }  # fmt: skip


def _new_visit(c):
    shuji = c.users["shuji"].person
    return {
        "kind": "same_process", "title": "接口登记的走访", "visiting_unit": shuji.unit.pk,
        "visited_unit": c.other_team.pk, "leader": shuji.pk, "date": timezone.localdate().isoformat(),
    }  # fmt: skip


MATRIX = [
    # pages
    Case("/voices/visits/", expect(200)),
    Case("/voices/visits/export/", expect(200)),
    Case("/voices/visits/new/", expect(404, admin=200, dangwei=200, shuji=200)),
    Case(lambda c: f"/voices/visits/{c.visit.pk}/", expect(404, **VISIT_SEES), label="visit"),
    Case("/voices/findings/", expect(200)),
    Case("/voices/findings/export/", expect(200)),
    Case("/voices/findings/overdue/", expect(200)),
    Case("/voices/findings/rates/", expect(404, admin=200, dangwei=200, shuji=200)),
    Case("/voices/findings/new/", expect(200, admin=404)),  # anyone raises for himself; the admin has no person
    Case(lambda c: page(c), expect(404, **SEES), label="finding"),
    Case(
        lambda c: page(c, "transition/"),
        expect(404, **POSTS),
        method="post",
        data=lambda c: {"action": "accept", "measure": "加装投光灯", "version": c.finding.version},
        label="finding transition",
    ),  # fmt: skip
    Case(
        lambda c: page(c, "extension/"),
        expect(404, **POSTS),
        method="post",
        data=lambda c: {"requested_deadline": (c.finding.deadline + timedelta(days=9)).isoformat(), "reason": "等灯具"},
        label="finding extension",
    ),  # fmt: skip
    Case(
        lambda c: page(c, f"extension/{c.extension.pk}/decide/"),
        expect(404, **POSTS),
        method="post",
        data={"decision": "approve", "note": "同意"},
        label="finding extension decide",
    ),  # fmt: skip
    Case(lambda c: page(c, "notice.docx"), expect(404, **SEES), label="notice word"),
    Case(lambda c: page(c, "notice.pdf"), expect(404, **SEES), label="notice pdf"),
    Case(lambda c: page(c, "closure.docx"), expect(404), label="closure word before closing"),
    Case(lambda c: page(c, "closure.pdf"), expect(404), label="closure pdf before closing"),
    # API
    Case("/api/v1/visits/", expect(200), api=True),
    Case(lambda c: f"/api/v1/visits/{c.visit.pk}/", expect(404, **VISIT_SEES), api=True, label="api visit"),
    Case(
        "/api/v1/visits/",
        expect(403, admin=201, dangwei=201, shuji=201),
        api=True,
        method="post",
        data=_new_visit,
        label="api visit create",
    ),  # fmt: skip
    Case(
        lambda c: f"/api/v1/visits/{c.visit.pk}/",
        expect(404, admin=200, dangwei=200, shuji=200, dangyuan=403),
        api=True,
        method="patch",
        data=lambda c: {"summary": "补充纪要", "version": c.visit.version},
        label="api visit edit",
    ),  # fmt: skip
    Case("/api/v1/findings/", expect(200), api=True),
    Case(lambda c: api(c), expect(404, **SEES), api=True, label="api finding"),
    Case(
        "/api/v1/findings/",
        expect(201, admin=403),
        api=True,
        method="post",
        data=_new_finding,
        label="api finding create",
    ),  # fmt: skip
    Case(
        lambda c: api(c, "transition/"),
        expect(404, admin=403, dangwei=200, shuji=200, zhigong=200),
        api=True,
        method="post",
        data=lambda c: {"action": "accept", "measure": "加装投光灯", "version": c.finding.version},
        label="api accept",
    ),  # fmt: skip
    # Only the raising side verifies: the responsible side is refused (403) before the state is looked at.
    Case(
        lambda c: api(c, "transition/"),
        expect(404, admin=403, dangwei=400, shuji=400, zhigong=403),
        api=True,
        method="post",
        data=lambda c: {"action": "verify", "evidence": "好", "version": c.finding.version},
        label="api verify",
    ),  # fmt: skip
    Case(
        lambda c: api(c, "extension/"),
        expect(404, admin=403, dangwei=400, shuji=400, zhigong=400),
        api=True,
        method="post",  # one request waits already
        data=lambda c: {"requested_deadline": (c.finding.deadline + timedelta(days=9)).isoformat(), "reason": "x"},
        label="api extension",
    ),  # fmt: skip
    Case(
        lambda c: api(c, "extension-decision/"),
        expect(404, admin=403, dangwei=200, shuji=200, zhigong=403),
        api=True,
        method="post",
        data=lambda c: {"extension": c.extension.pk, "approve": True},
        label="api extension decision",
    ),  # fmt: skip
]


@pytest.fixture
def company(company, finding):
    users = company.users
    company.finding = finding
    company.extension = finding_extension_request(
        actor=users["zhigong"],
        finding=finding,
        requested_deadline=finding.deadline + timedelta(days=5),
        reason="等灯具",
    )
    finding.refresh_from_db()
    company.visit = visit_create(
        actor=users["shuji"], kind="up_downstream", title="与精整工序交流", visiting_unit=users["shuji"].person.unit,
        visited_unit=company.other_team, leader=users["shuji"].person, date=timezone.localdate(),
        participants=[users["dangyuan"].person],
    )  # fmt: skip
    return company


@pytest.mark.parametrize(("case", "persona", "expected"), expand(MATRIX))
def test_permission_matrix(client_as, company, case, persona, expected):
    check(client_as, company, case, persona, expected)


def test_every_visit_and_finding_route_is_in_the_matrix(company):
    from vanguard.voices import urls
    from vanguard.voices.api import urls as api_urls

    from .test_suggestion_permissions import FINDING_ROUTES

    missing = uncovered(MATRIX, company, [*urls.urlpatterns, *api_urls.urlpatterns])
    assert [name for name in missing if name.startswith(FINDING_ROUTES)] == []


def test_no_form_or_filter_offers_a_secretary_a_raising_unit_he_does_not_lead(client_as, company):
    assert stray_choices(client_as, company, MATRIX) == []
