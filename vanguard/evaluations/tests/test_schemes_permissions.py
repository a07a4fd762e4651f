"""Who may open which scheme and round page and call which endpoint: personas × URLs × expected answer.

- Schemes are read by everyone signed in and designed by the office (dangwei) only.
- Rounds are organised by the office and the org's secretary (shuji for his branch), seen by the committee
  over the org, the round's subjects and its evaluators (dangyuan is a member of shuji's branch: a subject and a
  voter of its 民主评议); zhigong, not a member, sees none of them.
"""

from datetime import date

import pytest

from vanguard.core.testing import Case, check, expand, expect

from ..choices import RoundStatus
from ..models import EvaluationScheme
from ..services.rounds import round_create
from .kit import appraisal_round

pytestmark = pytest.mark.usefixtures("agreed_sources")
from .schemes_kit import agreed_sources  # noqa: E402, F401

OFFICE = {"admin": 200, "dangwei": 200}
ROUND_SEES = {"admin": 200, "dangwei": 200, "shuji": 200, "dangyuan": 200}
ORGANISERS = {"admin": 200, "dangwei": 200, "shuji": 200}


@pytest.fixture(autouse=True)
def _handles(company, request):
    request.getfixturevalue("agreed_sources")
    company.scheme = EvaluationScheme.objects.get(code="four-excellent-member")
    company.plan_round = round_create(
        actor=company.users["dangwei"], scheme=EvaluationScheme.objects.get(code="one-cadre-one-plan"),
        org=company.committee, period_start=date(2026, 1, 1), period_end=date(2026, 12, 31),
    )  # fmt: skip
    company.cadre = company.plan_round.subjects.first()
    company.round = appraisal_round(company, status=RoundStatus.DRAFT)
    company.part = company.scheme.grades.first()


def scheme(c, suffix=""):
    return f"/evaluations/schemes/{c.scheme.pk}/{suffix}"


def round_(c, suffix=""):
    return f"/evaluations/rounds/{c.round.pk}/{suffix}"


MATRIX = [
    Case("/evaluations/schemes/", expect(200)),
    Case("/evaluations/schemes/export/", expect(200)),
    Case("/evaluations/schemes/new/", expect(404, **OFFICE)),
    Case(lambda c: scheme(c), expect(200), label="scheme"),
    Case(lambda c: scheme(c, "edit/"), expect(404, **OFFICE), label="scheme edit"),
    Case(lambda c: scheme(c, "copy/"), expect(404, **OFFICE), label="scheme copy"),
    Case(lambda c: scheme(c, "weights/"), expect(404, **OFFICE), label="scheme weights"),
    Case(lambda c: scheme(c, "groups/"), expect(404, **OFFICE), label="scheme groups"),
    Case(lambda c: scheme(c, "band/new/"), expect(404, **OFFICE), label="scheme part new"),
    Case(lambda c: scheme(c, f"band/{c.part.pk}/"), expect(404, **OFFICE), label="scheme part"),
    Case(
        lambda c: scheme(c, f"item/{c.scheme.adjustment_items.first().pk}/delete/"),
        expect(404, admin=302, dangwei=302),
        method="post",
        label="scheme part delete",
    ),  # fmt: skip
    Case("/evaluations/rounds/", expect(200)),
    Case("/evaluations/rounds/export/", expect(200)),
    Case("/evaluations/rounds/new/", expect(404, **ORGANISERS)),
    Case(lambda c: round_(c), expect(404, **ROUND_SEES), label="round"),
    Case(lambda c: round_(c, "edit/"), expect(404, **ORGANISERS), label="round edit"),
    Case(lambda c: round_(c, "subjects/"), expect(404, **ROUND_SEES), label="round subjects"),
    Case(lambda c: round_(c, "evaluators/"), expect(404, **ORGANISERS), label="round evaluators"),
    Case(
        lambda c: round_(c, "transition/"),
        expect(404, admin=302, dangwei=302, shuji=302),
        method="post",
        data=lambda c: {"to": "open", "version": c.round.version},
        label="round transition",
    ),  # fmt: skip
    Case(
        lambda c: round_(c, f"subjects/{c.round.subjects.first().pk}/remove/"),
        expect(404, admin=302, dangwei=302, shuji=302),
        method="post",
        label="subject remove",
    ),  # fmt: skip
    Case(
        lambda c: round_(c, f"evaluators/{c.round.evaluators.first().pk}/remove/"),
        expect(404, admin=302, dangwei=302, shuji=302),
        method="post",
        label="evaluator remove",
    ),  # fmt: skip
    Case(
        lambda c: f"/evaluations/rounds/{c.plan_round.pk}/subjects/{c.cadre.pk}/plan/",
        expect(404, admin=200, dangwei=200),
        label="subject plan",
    ),
    Case(
        lambda c: f"/evaluations/rounds/{c.plan_round.pk}/subjects/{c.cadre.pk}/plan/",
        expect(404, admin=302, dangwei=302),
        method="post",
        data=lambda c: {"plan": "全年降本 50 万元", "version": c.plan_round.version},
        label="subject plan save",
    ),  # fmt: skip
    # API
    Case("/api/v1/schemes/", expect(200), api=True),
    Case(lambda c: f"/api/v1/schemes/{c.scheme.pk}/", expect(200), api=True, label="api scheme"),
    Case(
        "/api/v1/schemes/",
        expect(403, admin=201, dangwei=201),
        api=True,
        method="post",
        data={"code": "api-made", "name": "接口方案", "subject_kind": "member"},
    ),  # fmt: skip
    Case("/api/v1/criteria/", expect(200), api=True),
    Case(lambda c: f"/api/v1/criteria/{c.scheme.criteria.first().pk}/", expect(200), api=True, label="api criterion"),
    Case(
        "/api/v1/criteria/",
        expect(403, admin=201, dangwei=201),
        api=True,
        method="post",
        data=lambda c: {
            "scheme": c.scheme.pk,
            "parent": c.scheme.criteria.get(code="opinion").pk,
            "code": "api-made",
            "name": "接口指标",
            "weight": 50,
            "method": "ballot",
        },
        label="api criterion create",
    ),  # fmt: skip
    Case("/api/v1/rounds/", expect(200), api=True),
    Case(lambda c: f"/api/v1/rounds/{c.round.pk}/", expect(404, **ROUND_SEES), api=True, label="api round"),
    Case(
        lambda c: f"/api/v1/rounds/{c.round.pk}/transition/",
        expect(404, dangyuan=403, admin=200, dangwei=200, shuji=200),
        api=True,
        method="post",
        data=lambda c: {"to": "open", "version": c.round.version},
        label="api round transition",
    ),  # fmt: skip
]


@pytest.mark.parametrize("case,persona,expected", expand(MATRIX))
def test_permission_matrix(client_as, company, case, persona, expected):
    check(client_as, company, case, persona, expected)


def test_every_scheme_and_round_route_is_in_the_matrix(company):
    from .test_permission_coverage import uncovered_in

    modules = {"views.schemes", "views.rounds", "api.schemes", "api.rounds"}
    assert uncovered_in(MATRIX, company, modules) == []
