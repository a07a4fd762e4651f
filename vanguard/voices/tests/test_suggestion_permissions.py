"""Who may open which suggestion page and call which endpoint: personas × URLs × expected answer.

zhigong's suggestion: he, the office (admin, dangwei) and his branch's secretary (shuji, over the team)
see it; dangyuan and the outsider do not (404). shuji reviews it at unit level; dangwei is an expert
and does not take the unit's step (the page says why, the API answers 403); only zhigong changes it.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from vanguard.core.testing import Case, check, expand, expect, stray_choices, uncovered
from vanguard.voices.models import SuggestionReview

from .test_similarity import MATRIX as SIMILAR

# dangyuan works in zhigong's plant, where suggestions are open to all (``access.SAME_PLANT``).
SEES = {"admin": 200, "dangwei": 200, "shuji": 200, "zhigong": 200, "dangyuan": 200}
ACTS = {k: 302 for k in SEES}  # the page answers every step with itself
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64


def page(c, suffix=""):
    return f"/voices/suggestions/{c.suggestion.pk}/{suffix}"


def api(c, suffix=""):
    return f"/api/v1/suggestions/{c.suggestion.pk}/{suffix}"


@pytest.fixture(autouse=True)
def _pdf_without_converter(monkeypatch):
    """Access only here: the conversion itself is tested in core/tests/test_documents.py."""
    monkeypatch.setattr("vanguard.core.documents.docx_to_pdf", lambda data: b"%PDF-1.7 access check")


MATRIX = [
    Case("/voices/suggestions/", expect(200)),
    Case("/voices/suggestions/export/", expect(200)),
    Case("/voices/suggestions/new/", expect(200, admin=404)),  # the administrator has no person to propose as
    Case("/voices/suggestions/mine/", expect(200)),
    Case("/voices/suggestions/queue/", expect(404, admin=200, dangwei=200, shuji=200)),
    Case("/voices/suggestions/import/", expect(404, admin=200, dangwei=200)),
    Case("/voices/suggestions/import/template/", expect(404, admin=200, dangwei=200)),
    Case(page, expect(404, **SEES)),
    Case(lambda c: page(c, "form.docx"), expect(404, **SEES), label="word"),
    Case(lambda c: page(c, "form.pdf"), expect(404, **SEES), label="pdf"),
    Case(lambda c: page(c, f"attachments/{c.suggestion.attachments.get().pk}/"), expect(404, **SEES), label="photo"),
    Case(
        lambda c: page(c, "act/"),
        expect(404, **ACTS),
        method="post",
        data=lambda c: {"action": "unit_review", "decision": "unit_pass", "version": c.suggestion.version},
        label="unit review",
    ),
    Case(lambda c: page(c, "attach/"), expect(404, admin=302, zhigong=302), method="post", label="attach"),
    # 转为项目: the experts (the office here); a suggestion not yet adopted is refused with a message.
    Case(
        lambda c: page(c, "project/"),
        expect(404, admin=302, dangwei=302),
        method="post",
        data=lambda c: {"kind": "innovation", "branch": c.branch.pk, "end_date": "2026-12-31"},
        label="carry on as a project",
    ),
    # the API
    Case("/api/v1/suggestions/", expect(200), api=True),
    Case(lambda c: api(c), expect(404, **SEES), api=True, label="api suggestion"),
    Case(
        "/api/v1/suggestions/",
        expect(201, admin=403),
        api=True,
        method="post",
        data={
            "title": "空压机管路查漏",
            "content": "空压站管路多处漏气,建议每周用超声波检漏仪巡检。",
            "category": "cost",
        },
        label="api submit",
    ),
    Case(
        lambda c: api(c, "transition/"),
        expect(404, admin=200, shuji=200, dangwei=403, zhigong=403, dangyuan=403),
        api=True,
        method="post",
        data=lambda c: {"action": "unit_review", "decision": "unit_pass", "version": c.suggestion.version},
        label="api unit review",
    ),
    Case("/api/v1/suggestion-reviews/", expect(200), api=True),
    Case(
        lambda c: f"/api/v1/suggestion-reviews/{SuggestionReview.objects.filter(suggestion=c.suggestion).first().pk}/",
        expect(404, **SEES),
        api=True,
        label="api review",
    ),
    Case("/api/v1/reward-rules/", expect(200), api=True),
    Case(lambda c: "/api/v1/reward-rules/1/", expect(200), api=True, label="api reward rule"),
]


@pytest.fixture
def company(company, idea):
    from vanguard.voices.models import RewardRule
    from vanguard.voices.services.suggestions import suggestion_submit

    photo = SimpleUploadedFile("现场.jpg", JPEG)
    company.suggestion = suggestion_submit(actor=company.users["zhigong"], **idea, attachments=[photo])
    assert RewardRule.objects.filter(pk=1).exists()
    return company


@pytest.mark.parametrize(("case", "persona", "expected"), expand(MATRIX))
def test_permission_matrix(client_as, company, case, persona, expected):
    check(client_as, company, case, persona, expected)


FINDING_ROUTES = ("visit", "finding", "api-visit", "api-finding")  # in test_findings_permissions.py


def test_every_route_is_in_the_matrix(company):
    from vanguard.voices import urls
    from vanguard.voices.api import urls as api_urls

    from .test_participation_permissions import MATRIX as PARTICIPATION

    missing = uncovered([*MATRIX, *SIMILAR, *PARTICIPATION], company, [*urls.urlpatterns, *api_urls.urlpatterns])
    assert [name for name in missing if not name.startswith(FINDING_ROUTES)] == []


def test_no_filter_offers_a_secretary_another_unit(client_as, company):
    assert stray_choices(client_as, company, MATRIX) == []


def test_an_expert_taking_the_units_step_is_told_why_and_nothing_changes(client_as, company):
    client = client_as("dangwei")
    data = {"action": "unit_review", "decision": "unit_pass", "version": company.suggestion.version}
    response = client.post(page(company, "act/"), data, follow=True)
    assert "班组长、工会干部或支部书记" in response.content.decode()
    company.suggestion.refresh_from_db()
    assert company.suggestion.status == "submitted"
