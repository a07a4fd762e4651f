"""Who may open which 帮促 page and call which endpoint: personas × URLs × expected answer.

- dangyuan is graded 不合格 in shuji's branch; his plan is seen by the branch committee and the office above
  (shuji, dangwei, the admin), by its support group and by dangyuan himself; zhigong and the outsider see nothing.
- The secretary and the office write it; the member reads it only (a write he tries answers 404 on a page,
  403 in the API, and changes nothing).
- The reverse situations are read by everyone and kept by the office.
"""

import pytest

from vanguard.core.testing import Case, check, expand, expect

from ..models import RoundResult
from .support_kit import plan_in_progress

VIEWERS = {"admin": 200, "dangwei": 200, "shuji": 200, "dangyuan": 200}
WRITERS = {"admin": 302, "dangwei": 302, "shuji": 302}
API_WRITERS = {"admin": 200, "dangwei": 200, "shuji": 200, "dangyuan": 403}


def page(c, suffix=""):
    return f"/evaluations/support/{c.plan.pk}/{suffix}"


def api(c, suffix=""):
    return f"/api/v1/support-plans/{c.plan.pk}/{suffix}"


@pytest.fixture(autouse=True)
def _pdf_without_converter(monkeypatch):
    monkeypatch.setattr("vanguard.core.documents.docx_to_pdf", lambda data: b"%PDF-1.7 access check")


def _measure(c):
    return {"content": "学习党章", "due_date": "2026-08-01", "responsible": c.plan.member_id}


MATRIX = [
    Case("/evaluations/support/", expect(200)),
    Case("/evaluations/support/export/", expect(200)),
    Case("/evaluations/support/situations/", expect(200)),
    Case(
        "/evaluations/support/situations/new/",
        expect(404, admin=302, dangwei=302),
        method="post",
        data={"code": "new-one", "category": "纪律法规", "name": "新情形", "order": 30},
        label="situation add",
    ),  # fmt: skip
    Case(
        lambda c: f"/evaluations/support/situations/{c.situation.pk}/",
        expect(404, admin=302, dangwei=302),
        method="post",
        label="situation save",
        data=lambda c: {
            f"s{c.situation.pk}-code": "dues",
            f"s{c.situation.pk}-category": "组织纪律",
            f"s{c.situation.pk}-name": "不交党费",
            f"s{c.situation.pk}-version": c.situation.version,
        },
    ),  # fmt: skip
    Case(lambda c: page(c), expect(404, **VIEWERS), label="plan"),
    Case(lambda c: page(c, "plan.docx"), expect(404, **VIEWERS), label="plan word"),
    Case(lambda c: page(c, "plan.pdf"), expect(404, **VIEWERS), label="plan pdf"),
    Case(
        lambda c: page(c, "save/"),
        expect(404, **WRITERS),
        method="post",
        label="plan save",
        data=lambda c: {
            "version": c.plan.version,
            "shortcomings": "组织观念淡薄",
            "helpers": [h.pk for h in c.helpers],
            "leader": c.helpers[1].pk,
        },
    ),  # fmt: skip
    Case(lambda c: page(c, "measures/"), expect(404, **WRITERS), method="post", data=_measure, label="measure"),
    Case(
        lambda c: page(c, "reviews/"),
        expect(404, **WRITERS),
        method="post",
        label="review",
        data={"held_on": "2026-06-15", "change": "按时参加组织生活"},
    ),  # fmt: skip
    Case(
        lambda c: page(c, "close/"),
        expect(404, **WRITERS),
        method="post",
        label="close",
        data=lambda c: {"version": c.plan.version, "outcome": "transformed", "note": "已转化"},
    ),  # fmt: skip
    Case(
        lambda c: page(c, "findings/"),
        expect(404, **WRITERS),
        method="post",
        label="raise finding",
        data={"title": "党费未按月交纳", "deadline": "2026-07-15"},
    ),  # fmt: skip
    Case(
        lambda c: f"/evaluations/results/{c.basic.pk}/support/",
        expect(404, **WRITERS),
        method="post",
        label="open by hand",
    ),  # fmt: skip
    Case(
        lambda c: f"/evaluations/results/{c.plan.result_id}/grounds/",
        expect(404, **WRITERS),
        method="post",
        data=lambda c: {"situation": c.situation.pk},
        label="ground add",
    ),  # fmt: skip
    Case(
        lambda c: f"/evaluations/grounds/{c.ground.pk}/delete/",
        expect(404, **WRITERS),
        method="post",
        label="ground remove",
    ),  # fmt: skip
    # API
    Case("/api/v1/support-plans/", expect(200), api=True),
    Case(lambda c: api(c), expect(404, **VIEWERS), api=True, label="api plan"),
    Case(
        "/api/v1/support-plans/",
        expect(403, admin=201, dangwei=201, shuji=201),
        api=True,
        method="post",
        data=lambda c: {"result": c.basic.pk},
        label="api open",
    ),  # fmt: skip
    Case(
        lambda c: api(c),
        expect(404, **API_WRITERS),
        api=True,
        method="patch",
        label="api save",
        data=lambda c: {"goal": "转化", "version": c.plan.version},
    ),  # fmt: skip
    Case(
        lambda c: api(c, "measures/"),
        expect(404, **API_WRITERS),
        api=True,
        method="post",
        data=_measure,
        label="api measure",
    ),  # fmt: skip
    Case(
        lambda c: api(c, "reviews/"),
        expect(404, admin=201, dangwei=201, shuji=201, dangyuan=403),
        api=True,
        method="post",
        data={"held_on": "2026-06-15", "change": "有转变"},
        label="api review",
    ),  # fmt: skip
    Case(
        lambda c: api(c, "close/"),
        expect(404, **API_WRITERS),
        api=True,
        method="post",
        label="api close",
        data=lambda c: {"outcome": "transformed", "note": "已转化", "version": c.plan.version},
    ),  # fmt: skip
]


@pytest.fixture
def company(company):
    from ..models import ReverseSituation

    round_, plan, helpers, finding = plan_in_progress(company)
    company.plan, company.helpers, company.finding = plan, helpers, finding
    company.basic = RoundResult.objects.get(round=round_, grade__code="basic")
    company.ground = plan.result.grounds.get()
    company.situation = ReverseSituation.objects.get(code="dues")
    return company


@pytest.mark.parametrize(("case", "persona", "expected"), expand(MATRIX))
def test_permission_matrix(client_as, company, case, persona, expected):
    check(client_as, company, case, persona, expected)


def test_every_support_route_is_in_the_matrix(company):
    from .test_permission_coverage import uncovered_in

    assert uncovered_in(MATRIX, company, {"views.support", "api.support"}) == []
