"""The results pages: who reaches each (the permission matrix), what they show, their query counts, the
rating grid saving a row (and refusing a score out of the scale), the results panel and the API."""

from decimal import Decimal

import pytest
from django.test import RequestFactory

from vanguard.core.testing import Case, check, expand, expect, page_queries

from ..choices import EvaluatorKind, Method, RoundStatus
from ..models import EvaluationRound, Rating, RoundResult, VetoRule
from ..services import results as services
from . import results_kit as kit
from .kit import appraisal_round

NAME = "结果测试轮次"
COMMITTEE = {"admin": 200, "dangwei": 200, "shuji": 200}


def computed(c, *, publish=False):
    """A 民主评议 round over shuji's branch, every member voting, computed (and published)."""
    round_ = EvaluationRound.objects.filter(name=NAME).first()
    if round_ is None:
        round_ = appraisal_round(c)
        round_.name = NAME
        round_.save()
        VetoRule.objects.create(scheme=round_.scheme, name="违纪处分")
        subjects = list(round_.subjects.order_by("pk"))
        kit.mark_voted(round_, len(subjects))
        kit.cast(
            round_, {s: ["excellent", "qualified", "qualified", "basic"][: 2 + i % 3] for i, s in enumerate(subjects)}
        )
        services.round_compute(actor=c.users["shuji"], round_=round_)
        if publish:
            services.round_publish(actor=c.users["shuji"], round_=round_)
        round_.refresh_from_db()
    return round_


def published(c):
    return computed(c, publish=True)


def scoring(c):
    """A round in scoring where dangyuan rates shuji's branch members on one criterion (0–10)."""
    round_ = EvaluationRound.objects.filter(name="评分测试轮次").first()
    if round_ is None:
        scheme = kit.scheme(groups={EvaluatorKind.PEER: 100})
        kit.criterion(scheme, "work", 100, Method.RATING, scale_max=10)
        round_ = appraisal_round(c, scheme=scheme, status=RoundStatus.SCORING)
        round_.name = "评分测试轮次"
        round_.save()
        kit.rater(round_, c.users["dangyuan"].person, EvaluatorKind.PEER)
    return round_


def rating(c):
    """dangyuan's rating of the first member in the scoring round."""
    round_ = scoring(c)
    given = round_.ratings.first()
    return given or services.rating_save(
        actor=c.users["dangyuan"], round_=round_, subject=round_.subjects.order_by("pk").first(),
        criterion=round_.scheme.criteria.get(), score=6,
    )  # fmt: skip


def own_result(c):
    round_ = published(c)
    return RoundResult.objects.get(round=round_, subject__person=c.users["dangyuan"].person)


def other_result(c):
    round_ = published(c)
    return RoundResult.objects.filter(round=round_).exclude(subject__person=c.users["dangyuan"].person).first()


def first_subject(c):
    return computed(c).subjects.order_by("pk").first()


def veto_case(c):
    round_ = computed(c)
    rule = round_.scheme.vetoes.get()
    return services.veto_record(actor=c.users["shuji"], round_=round_, subject=first_subject(c), rule=rule, note="x")


ORGANISERS_POST = {"admin": 302, "dangwei": 302, "shuji": 302}
MATRIX = [
    Case("/evaluations/ratings/", expect(200, outsider=200), label="my scoring tasks"),
    Case(lambda c: f"/evaluations/rounds/{scoring(c).pk}/ratings/", expect(404, dangyuan=200), label="rating grid"),
    Case(
        lambda c: f"/evaluations/rounds/{scoring(c).pk}/ratings/",
        expect(404, dangyuan=302),
        method="post",
        data=lambda c: {"subject": scoring(c).subjects.first().pk, f"score-{scoring(c).scheme.criteria.get().pk}": "8"},
        label="rating grid save",
    ),
    Case(lambda c: f"/evaluations/rounds/{scoring(c).pk}/ratings/excel/", expect(404, dangyuan=200), label="grid xlsx"),
    Case(
        lambda c: f"/evaluations/rounds/{scoring(c).pk}/ratings/excel/",
        expect(404, dangyuan=302),
        method="post",
        label="grid upload (no file)",
    ),
    Case(lambda c: f"/evaluations/rounds/{computed(c).pk}/results/", expect(404, **COMMITTEE), label="results"),
    Case(lambda c: f"/evaluations/rounds/{computed(c).pk}/results/export/", expect(404, **COMMITTEE), label="export"),
    Case(
        lambda c: f"/evaluations/rounds/{published(c).pk}/results/sheet.docx", expect(404, **COMMITTEE), label="sheet"
    ),
    Case(lambda c: f"/evaluations/rounds/{computed(c).pk}/calibration/", expect(404, **COMMITTEE), label="calibrate"),
    Case(lambda c: f"/evaluations/rounds/{computed(c).pk}/cases/", expect(404, **COMMITTEE), label="cases"),
    Case(
        lambda c: f"/evaluations/rounds/{computed(c).pk}/cases/",
        expect(404, **ORGANISERS_POST),
        method="post",
        data=lambda c: {
            "kind": "veto",
            "veto-subject": first_subject(c).person.employee_no,
            "veto-rule": computed(c).scheme.vetoes.get().pk,
            "veto-note": "党内警告",
        },  # fmt: skip
        label="veto record",
    ),
    Case(
        lambda c: f"/evaluations/rounds/{computed(c).pk}/cases/veto/{veto_case(c).pk}/delete/",
        expect(404, **ORGANISERS_POST),
        method="post",
        label="veto delete",
    ),
    Case(
        lambda c: f"/evaluations/rounds/{computed(c).pk}/compute/",
        expect(404, **ORGANISERS_POST),
        method="post",
        label="compute",
    ),
    Case(
        lambda c: f"/evaluations/rounds/{computed(c).pk}/publish/",
        expect(404, **ORGANISERS_POST),
        method="post",
        label="publish",
    ),
    Case(
        lambda c: f"/evaluations/rounds/{computed(c).pk}/reopen/",
        expect(404, **ORGANISERS_POST),
        method="post",
        data={"to": "voting", "reason": "计票有误"},
        label="reopen",
    ),
    Case("/evaluations/results/mine/", expect(200), label="my results"),
    Case(lambda c: f"/evaluations/results/{own_result(c).pk}/", expect(404, dangyuan=200, **COMMITTEE), label="own"),
    Case(lambda c: f"/evaluations/results/{other_result(c).pk}/", expect(404, **COMMITTEE), label="another's result"),
    Case("/evaluations/stars/", expect(200), label="stars"),
    Case(lambda c: f"/api/v1/results/?round={published(c).pk}", expect(200), api=True, label="api results"),
    Case(lambda c: f"/api/v1/results/{other_result(c).pk}/", expect(404, **COMMITTEE), api=True, label="api result"),
    Case(lambda c: f"/api/v1/ratings/?round={scoring(c).pk}", expect(200), api=True, label="api ratings"),
    Case(
        lambda c: f"/api/v1/ratings/{rating(c).pk}/",
        expect(404, dangyuan=200, **COMMITTEE),
        api=True,
        label="api rating",
    ),  # fmt: skip
    Case(
        "/api/v1/ratings/",
        expect(403, dangyuan=201, zhigong=403, outsider=403),
        api=True,
        method="post",
        data=lambda c: {
            "round": scoring(c).pk,
            "subject": scoring(c).subjects.first().pk,
            "criterion": scoring(c).scheme.criteria.get().pk,
            "score": "7.5",
        },  # fmt: skip
        label="api rating save",
    ),
]


@pytest.mark.parametrize(("case", "persona", "expected"), expand(MATRIX))
def test_permission_matrix(client_as, company, case, persona, expected):
    check(client_as, company, case, persona, expected)


def test_every_results_route_is_in_the_matrix(company):
    from .test_permission_coverage import uncovered_in

    assert uncovered_in(MATRIX, company, {"views.results", "api.results"}) == []


def test_the_ranking_shows_grades_and_quotas_in_fixed_queries(client_as, company):
    round_ = computed(company)
    client = client_as("shuji")
    queries, response = page_queries(client, f"/evaluations/rounds/{round_.pk}/results/")
    text = response.content.decode()
    assert "名额" in text and text.count('data-testid="result-row"') == round_.subjects.count()
    assert queries <= 16, queries
    response = client.get(f"/evaluations/rounds/{round_.pk}/results/?grade=excellent")
    rows = response.content.decode().count('data-testid="result-row"')
    assert rows == RoundResult.objects.filter(round=round_, grade__code="excellent").count()
    response = client.get(f"/evaluations/rounds/{round_.pk}/results/export/")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_calibration_and_my_result_pages(client_as, company):
    round_ = published(company)
    queries, response = page_queries(client_as("shuji"), f"/evaluations/rounds/{round_.pk}/calibration/")
    assert 'data-testid="calibration-unit"' in response.content.decode() and queries <= 14, queries
    client = client_as("dangyuan")
    queries, response = page_queries(client, "/evaluations/results/mine/")
    mine = RoundResult.objects.filter(subject__person=company.users["dangyuan"].person, round__status="published")
    assert mine.count() >= 2  # the demo's round of last year and this test's
    assert response.content.decode().count('data-testid="my-result"') == mine.count() and queries <= 10, queries
    result = own_result(company)
    queries, response = page_queries(client, f"/evaluations/results/{result.pk}/")
    text = response.content.decode()
    assert 'data-testid="tally"' in text and "票" in text and queries <= 10, queries
    assert "计票码" not in text


def test_an_evaluator_rates_on_the_grid_and_an_out_of_range_score_changes_nothing(client_as, company):
    round_ = scoring(company)
    criterion = round_.scheme.criteria.get()
    client = client_as("dangyuan")
    queries, response = page_queries(client, "/evaluations/ratings/")
    assert 'data-testid="rating-task"' in response.content.decode() and queries <= 10, queries
    queries, response = page_queries(client, f"/evaluations/rounds/{round_.pk}/ratings/")
    assert response.content.decode().count('data-testid="rating-row"') == round_.subjects.count()
    assert queries <= 12, queries
    subject = round_.subjects.first()
    url = f"/evaluations/rounds/{round_.pk}/ratings/"
    response = client.post(url, {"subject": subject.pk, f"score-{criterion.pk}": "12"}, HTTP_HX_REQUEST="true")
    assert "超出范围" in response.content.decode() and not Rating.objects.filter(round=round_).exists()
    response = client.post(url, {"subject": subject.pk, f"score-{criterion.pk}": "9", f"comment-{criterion.pk}": "好"},
                           HTTP_HX_REQUEST="true")  # fmt: skip
    assert 'data-testid="saved"' in response.content.decode()
    rating = Rating.objects.get(round=round_)
    assert rating.score == Decimal(9) and rating.evaluator.person == company.users["dangyuan"].person
    assert client.get("/").status_code == 200


def test_the_results_panel_offers_compute_and_publish_to_organisers(company):
    from ..views.results import results_panel

    round_ = computed(company)
    request = RequestFactory().get("/")
    request.user = company.users["shuji"]
    html = results_panel(request, round_)
    assert 'data-testid="publish"' in html and 'data-testid="compute"' in html
    request.user = company.users["zhigong"]
    assert results_panel(request, round_) == ""


def test_a_large_round_computes_in_the_background_with_progress(client_as, company, monkeypatch):
    from vanguard.core.choices import TaskStatus
    from vanguard.core.models import TaskRun

    round_ = appraisal_round(company)
    kit.mark_voted(round_, round_.evaluators.count())
    kit.cast(round_, {s: ["qualified"] for s in round_.subjects.all()})
    monkeypatch.setattr(services, "COMPUTE_BACKGROUND_SUBJECTS", 1)
    response = client_as("shuji").post(f"/evaluations/rounds/{round_.pk}/compute/")
    run = TaskRun.objects.get(name=services.COMPUTE_TASK)
    assert response.status_code == 302 and response["Location"] == f"/tasks/{run.pk}/"
    assert run.status == TaskStatus.DONE and run.done == run.total > 0, (run.done, run.total, run.error)
    round_.refresh_from_db()
    assert round_.status == RoundStatus.COMPUTED
    assert RoundResult.objects.filter(round=round_).count() == round_.subjects.count()


def test_a_refused_compute_says_why_on_the_page(client_as, company):
    round_ = appraisal_round(company)  # nobody has voted
    response = client_as("shuji").post(f"/evaluations/rounds/{round_.pk}/compute/", follow=True)
    assert "本轮投票无效" in response.content.decode()
    round_.refresh_from_db()
    assert round_.status == RoundStatus.VOTING


def test_the_ratings_api_refuses_a_score_off_the_scale_and_names_the_rater(company):
    from rest_framework.test import APIClient

    round_ = scoring(company)
    client = APIClient()
    client.force_authenticate(company.users["dangyuan"])
    data = {"round": round_.pk, "subject": round_.subjects.first().pk, "criterion": round_.scheme.criteria.get().pk}
    response = client.post("/api/v1/ratings/", {**data, "score": "10.5"}, format="json")
    assert response.status_code == 400 and "超出范围" in str(response.json())
    assert not Rating.objects.filter(round=round_).exists()
    response = client.post("/api/v1/ratings/", {**data, "score": "8"}, format="json")
    assert response.status_code == 201 and response.json()["evaluator_name"] == company.users["dangyuan"].person.name
    client.force_authenticate(company.users["shuji"])
    assert client.get(f"/api/v1/ratings/?round={round_.pk}").json()["count"] == 1  # the organiser reads it


def test_the_home_page_lists_open_scoring_tasks(client_as, company):
    from vanguard.core.testing import home_items

    scoring(company)
    count, url = home_items(client_as("dangyuan"))["evaluations.scoring"]
    assert count.strip() == str(scoring(company).subjects.count()) and url == "/evaluations/ratings/"


def test_the_rating_grid_goes_to_excel_and_back_all_or_nothing(client_as, company):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from openpyxl import load_workbook

    from vanguard.core.excel import Column, write_table

    round_ = scoring(company)
    criterion = round_.scheme.criteria.get()
    client = client_as("dangyuan")
    response = client.get(f"/evaluations/rounds/{round_.pk}/ratings/excel/")
    sheet = load_workbook(__import__("io").BytesIO(response.content)).active
    assert any(cell.value == "编号" for row in sheet.iter_rows() for cell in row)
    subjects = list(round_.subjects.order_by("pk"))
    columns = [Column("编号", 8), Column("考评对象", 20), Column(f"{criterion.name}(0-{criterion.scale_max})", 12)]

    def upload(values):
        content = write_table(columns=columns, rows=[[s.pk, str(s), v] for s, v in zip(subjects, values, strict=False)])
        file = SimpleUploadedFile("grid.xlsx", content)
        return client.post(f"/evaluations/rounds/{round_.pk}/ratings/excel/", {"file": file}, follow=True)

    bad = upload(["8", "abc", "11"] + ["7"] * (len(subjects) - 3))
    text = bad.content.decode()
    assert "不是有效的数字" in text and "超出范围" in text and not Rating.objects.filter(round=round_).exists()
    good = upload(["8"] * len(subjects))
    assert "已导入" in good.content.decode() and Rating.objects.filter(round=round_).count() == len(subjects)
    wrong = upload_wrong_file(client, round_)
    assert wrong.status_code == 200 and Rating.objects.filter(round=round_).count() == len(subjects)


def upload_wrong_file(client, round_):
    from django.core.files.uploadedfile import SimpleUploadedFile

    file = SimpleUploadedFile("grid.xlsx", b"not a workbook")
    return client.post(f"/evaluations/rounds/{round_.pk}/ratings/excel/", {"file": file}, follow=True)


def test_the_results_sheet_for_publicity_lists_the_ranking(client_as, company):
    from vanguard.core.documents import docx_text

    round_ = published(company)
    response = client_as("shuji").get(f"/evaluations/rounds/{round_.pk}/results/sheet.docx")
    text = docx_text(response.content)
    assert round_.name in text and "评定结果" in text and "有效" in text
    first = RoundResult.objects.filter(round=round_).order_by("rank", "pk").first()
    assert first.subject.person.name in text
