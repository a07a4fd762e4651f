"""The scheme and round pages: what they show, their query counts (the same whatever the rows), and the office
designing through the forms."""

import pytest

from vanguard.core.testing import page_queries

from ..choices import RoundStatus
from ..models import EvaluationRound, EvaluationScheme
from .kit import appraisal_round
from .schemes_kit import agreed_sources  # noqa: F401

pytestmark = pytest.mark.usefixtures("agreed_sources")


def test_scheme_list_and_filter(client_as, company):
    client = client_as("dangwei")
    queries, response = page_queries(client, "/evaluations/schemes/")
    assert queries <= 12 and "民主评议党员" in response.content.decode()
    _, response = page_queries(client, "/evaluations/schemes/?subject_kind=branch")
    text = response.content.decode()
    assert "四佳基层支部" in text and "民主评议党员" not in text


def test_scheme_page_shows_the_tree(client_as, company):
    scheme = EvaluationScheme.objects.get(code="leadership-assessment")
    queries, response = page_queries(client_as("dangwei"), f"/evaluations/schemes/{scheme.pk}/")
    text = response.content.decode()
    assert queries <= 16, queries
    for word in ("德", "廉", "民主测评", "党建权重不低于", "发生严重安全生产事故", "上级"):
        assert word in text
    assert 'data-testid="scheme-problems"' not in text


def test_design_weights_by_the_form(client_as, company):
    scheme = EvaluationScheme.objects.get(code="four-excellent-member")
    top = list(scheme.criteria.filter(parent=None))
    client = client_as("dangwei")
    data = {f"w{c.pk}": "30" for c in top} | {"version": scheme.version}
    response = client.post(f"/evaluations/schemes/{scheme.pk}/weights/", data)
    assert response.status_code == 200 and "一级指标的权重合计为 120%,应为 100%" in response.content.decode()
    data = {f"w{c.pk}": "25" for c in top} | {f"w{top[0].pk}": "40", f"w{top[1].pk}": "10", "version": scheme.version}
    assert client.post(f"/evaluations/schemes/{scheme.pk}/weights/", data).status_code == 302
    assert scheme.criteria.get(pk=top[0].pk).weight == 40


def test_round_list_and_page(client_as, company):
    round_ = appraisal_round(company, status=RoundStatus.DRAFT)
    client = client_as("shuji")
    queries, response = page_queries(client, "/evaluations/rounds/?status=draft")
    assert queries <= 16, queries
    assert round_.name in response.content.decode()
    queries, response = page_queries(client, f"/evaluations/rounds/{round_.pk}/")
    text = response.content.decode()
    assert queries <= 20, queries
    assert 'data-testid="move-open"' in text and "评价人与投票人" in text
    queries_subjects, _ = page_queries(client, f"/evaluations/rounds/{round_.pk}/subjects/")
    queries_evaluators, _ = page_queries(client, f"/evaluations/rounds/{round_.pk}/evaluators/")
    assert queries_subjects <= 16 and queries_evaluators <= 16
    # a member of the branch sees the round as a subject, not its evaluators nor the moves
    _, response = page_queries(client_as("dangyuan"), f"/evaluations/rounds/{round_.pk}/")
    assert "move-open" not in response.content.decode() and "评价人与投票人" not in response.content.decode()


def test_round_page_costs_the_same_with_more_subjects(client_as, company):
    """The committee's 四佳 round (every branch a subject) against shuji's branch round."""
    four = EvaluationRound.objects.get(scheme__code="four-best-branch")
    small = EvaluationRound.objects.filter(org=company.branch).first()
    client = client_as("dangwei")
    big, _ = page_queries(client, f"/evaluations/rounds/{four.pk}/")
    little, _ = page_queries(client, f"/evaluations/rounds/{small.pk}/")
    assert big <= little + 1  # the 四佳 round, still 评分中, reads its scheme's methods for its moves


def test_open_a_round_by_the_form_and_move_it(client_as, company):
    scheme = EvaluationScheme.objects.get(code="democratic-appraisal")
    client = client_as("shuji")
    response = client.post("/evaluations/rounds/new/", {
        "scheme": scheme.pk, "org": company.branch.pk, "period_start": "2026-01-01", "period_end": "2026-12-31",
        "voting_opens": "2026-06-15T08:00", "voting_closes": "2026-06-30T18:00", "quorum": "0.5",
    })  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    round_ = EvaluationRound.objects.filter(org=company.branch, status=RoundStatus.DRAFT).latest("pk")
    assert round_.subjects.count() > 0
    client.post(f"/evaluations/rounds/{round_.pk}/transition/", {"to": "open", "version": round_.version})
    round_.refresh_from_db()
    assert round_.status == RoundStatus.OPEN


def test_home_tells_organisers(client_as, company):
    from vanguard.core.testing import home_items

    draft = appraisal_round(company, status=RoundStatus.DRAFT)
    appraisal_round(company, status=RoundStatus.VOTING, scheme=draft.scheme, hours_left=0)  # closed: to be computed
    items = home_items(client_as("shuji"))
    assert items.get("evaluations.rounds_draft") and items.get("evaluations.rounds_waiting")


def test_api_lists_and_moves(api_as, company):
    round_ = appraisal_round(company, status=RoundStatus.DRAFT)
    api = api_as("shuji")
    response = api.get("/api/v1/schemes/?subject_kind=member")
    assert {s["code"] for s in response.json()["results"]} >= {"democratic-appraisal", "four-excellent-member"}
    response = api.post(f"/api/v1/rounds/{round_.pk}/transition/", {"to": "scoring", "version": round_.version},
                        format="json")  # fmt: skip
    assert response.status_code == 400 and "不能开始评分" in str(response.json())
    response = api.post(f"/api/v1/rounds/{round_.pk}/transition/", {"to": "open", "version": round_.version},
                        format="json")  # fmt: skip
    assert response.status_code == 200 and response.json()["status"] == "open"


def test_design_a_scheme_by_the_forms(client_as, company):
    """The office copies a seeded scheme, adds a criterion under a parent, re-weights it and sets the groups."""
    client = client_as("dangwei")
    source = EvaluationScheme.objects.get(code="four-excellent-member")
    response = client.post(f"/evaluations/schemes/{source.pk}/copy/", {"code": "members-2027", "name": "2027 四优"})
    assert response.status_code == 302
    scheme = EvaluationScheme.objects.get(code="members-2027")
    skill = scheme.criteria.get(code="skill")
    response = client.post(f"/evaluations/schemes/{scheme.pk}/criterion/new/", {
        "parent": skill.pk, "name": "师带徒", "weight": "20", "method": "rating", "scale_max": "10", "order": "3",
        "version": scheme.version,
    })  # fmt: skip
    assert response.status_code == 302
    _, response = page_queries(client, f"/evaluations/schemes/{scheme.pk}/")
    assert "“技能优”的下级指标的权重合计为 120%,应为 100%。" in response.content.decode()
    scheme.refresh_from_db()
    children = list(scheme.criteria.filter(parent=skill).order_by("pk"))
    data = {f"w{c.pk}": w for c, w in zip(children, ("40", "40", "20"), strict=True)} | {"version": scheme.version}
    assert client.post(f"/evaluations/schemes/{scheme.pk}/weights/?parent={skill.pk}", data).status_code == 302
    response = client.post(f"/evaluations/schemes/{scheme.pk}/groups/", {"superior": "50", "masses": "40",
                                                                         "version": scheme.version + 1})  # fmt: skip
    assert "评价群体的权重合计为 90%,应为 100%。" in response.content.decode()
    _, response = page_queries(client, f"/evaluations/schemes/{scheme.pk}/")
    assert 'data-testid="scheme-problems"' not in response.content.decode()
