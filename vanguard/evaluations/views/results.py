"""Pages of the results area: my scoring tasks and the rating grid (phone-friendly), a round's ranking with its
export, calibration, vetoes and adjustments, computing, reopening and publishing, a subject's own results and
the branches' stars; and the results panel of the round page."""

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_POST

from vanguard.core.access import InOrg, may
from vanguard.core.choices import Action, TaskStatus
from vanguard.core.exports import export_response
from vanguard.core.models import TaskRun
from vanguard.core.scope import get_scope
from vanguard.core.views import apply_service_errors, get_scoped_object, success

from ..access import COMMITTEES
from ..choices import RoundStatus
from ..forms.results import AdjustmentForm, ReopenForm, ResultFilterForm, VetoForm
from ..models import AdjustmentCase, EvaluationRound, RoundResult, RoundSubject, VetoCase
from ..selectors import results as selectors
from ..services import results as services

PAGE = 30
GRID_PAGE = 20


def _round(request, pk, action=Action.VIEW):
    return get_scoped_object(request, EvaluationRound.objects.select_related("scheme", "org"), action=action, pk=pk)


def _organised(request, pk):
    """A round the user organises (404 otherwise, as if it did not exist)."""
    return _round(request, pk, Action.CHANGE)


# ---------------------------------------------------------------- evaluators


def my_rating_tasks(request):
    """我的评分任务: the rounds the user rates in and how many ratings are left."""
    return render(request, "evaluations/rating_tasks.html", {"tasks": selectors.my_rating_tasks(request.user)})


def rating_grid(request, pk):
    """The rating grid: subjects × rating criteria, one form per subject row (htmx saves a row in place)."""
    round_ = get_object_or_404(EvaluationRound.objects.select_related("scheme"), pk=pk)
    seats = list(selectors.rating_seats(request.user, round_))
    if not seats:
        raise Http404
    criteria = selectors.rating_criteria(round_)
    subjects = selectors.grid_subjects(round_, seats)
    errors = {}
    if request.method == "POST":
        subject = get_object_or_404(subjects, pk=request.POST.get("subject"))
        scores = {c: request.POST.get(f"score-{c.pk}", "").strip() for c in criteria}
        comments = {c: request.POST.get(f"comment-{c.pk}", "") for c in criteria}
        try:
            services.ratings_save(actor=request.user, round_=round_, subject=subject, scores=scores, comments=comments)
            saved = True
        except ValidationError as exc:
            errors[subject.pk], saved = exc.messages, False
        if request.htmx:
            ratings = selectors.grid_ratings(seats, [subject.pk])
            row = _grid_row(subject, criteria, ratings, errors.get(subject.pk), request.POST if not saved else None)
            return render(request, "evaluations/_rating_row.html", {"row": row, "round": round_, "saved": saved})
        if saved:
            success(request, f"已保存对 {subject} 的评分。")
            return redirect(f"{request.path}?page={request.GET.get('page', 1)}")
    page = Paginator(subjects, GRID_PAGE).get_page(request.GET.get("page"))
    ratings = selectors.grid_ratings(seats, [s.pk for s in page.object_list])
    rows = [_grid_row(s, criteria, ratings, errors.get(s.pk)) for s in page.object_list]
    context = {"round": round_, "criteria": criteria, "rows": rows, "page_obj": page}
    return render(request, "evaluations/rating_grid.html", context)


GRID_KEY = "编号"


def rating_grid_excel(request, pk):
    """The rating grid as Excel (GET: the user's subjects with their scores so far) and back (POST: an upload
    of it; any bad cell and nothing is saved, each error naming its row)."""
    from vanguard.core.downloads import file_response
    from vanguard.core.excel import Column, ExcelError, read_table, report_title, write_table

    round_ = get_object_or_404(EvaluationRound.objects.select_related("scheme"), pk=pk)
    seats = list(selectors.rating_seats(request.user, round_))
    if not seats:
        raise Http404
    criteria = selectors.rating_criteria(round_)
    subjects = selectors.grid_subjects(round_, seats)
    titles = [f"{c.name}(0-{c.scale_max})" for c in criteria]
    if request.method == "POST":
        upload = request.FILES.get("file")
        try:
            if upload is None:
                raise ExcelError("请选择要上传的评分表。")
            table = read_table(upload.read(), [GRID_KEY, "考评对象", *titles], required=[GRID_KEY])
            by_pk = {str(s.pk): s for s in subjects}
            rows = []
            for number, record in table.records():
                subject = by_pk.get(str(record[GRID_KEY]).split(".")[0].strip())
                if subject is None:
                    raise ExcelError(f"第 {number} 行:编号“{record[GRID_KEY]}”不是您在本轮的评分对象。")
                scores = {c: record.get(t, "") for c, t in zip(criteria, titles, strict=True) if t in table.columns}
                rows.append((number, subject, {c: ("" if v is None else v) for c, v in scores.items()}))
            saved = services.ratings_import(actor=request.user, round_=round_, rows=rows)
            success(request, f"已导入 {saved} 项评分。")
        except (ExcelError, ValidationError) as exc:
            from django.contrib import messages

            messages.error(request, ";".join(getattr(exc, "messages", [str(exc)]))[:1000])
        return redirect("evaluation-rating-grid", pk=round_.pk)
    ratings = selectors.grid_ratings(seats, subjects.values_list("pk", flat=True))
    rows = (
        [s.pk, str(s), *[ratings[(s.pk, c.pk)].score if (s.pk, c.pk) in ratings else None for c in criteria]]
        for s in subjects
    )
    columns = [Column(GRID_KEY, 8), Column("考评对象", 24), *[Column(t, 14) for t in titles]]
    content = write_table(columns=columns, rows=rows, sheet_name="评分表", title=report_title(round_.name, "评分表"))
    return file_response(content, f"评分表-{round_.pk}.xlsx", "xlsx")


def _grid_row(subject, criteria, ratings, errors=None, posted=None):
    cells = []
    for c in criteria:
        rating = ratings.get((subject.pk, c.pk))
        value = posted.get(f"score-{c.pk}", "") if posted else (f"{rating.score:g}" if rating else "")
        comment = posted.get(f"comment-{c.pk}", "") if posted else (rating.comment if rating else "")
        cells.append({"criterion": c, "value": value, "comment": comment, "rated": rating is not None})
    return {"subject": subject, "cells": cells, "errors": errors or [], "done": all(x["rated"] for x in cells)}


# ---------------------------------------------------------------- organisers and committees


def round_results(request, pk):
    """The ranking with grades and quotas, filters and the Excel export."""
    round_ = _round(request, pk)
    if not _reads_results(request.user, round_):
        raise Http404
    form = ResultFilterForm(request.GET or None, round_=round_)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    rows = selectors.result_rows(request.user, round_, grade=data.get("grade", ""), search=data.get("q", ""))
    page = Paginator(rows.values_list("pk", flat=True), PAGE).get_page(request.GET.get("page"))
    context = {
        "round": round_, "filter_form": form, "page_obj": page, "results": selectors.result_page_rows(list(page)),
        "grades": selectors.grade_counts(round_), "organiser": may(request.user, Action.CHANGE, round_),
    }  # fmt: skip
    return render(request, "evaluations/round_results.html", context)


def _reads_results(user, round_) -> bool:
    """The committee over the round's org and the office above read its whole ranking; a subject reads only
    their own result (``my_results``)."""
    scope = get_scope(user)
    if scope is None:
        return False
    if scope.is_global_admin:
        return True
    q = InOrg("org", COMMITTEES).q(scope, Action.VIEW)
    return EvaluationRound.objects.filter(q, pk=round_.pk).exists()


def round_results_export(request, pk):
    round_ = _round(request, pk)
    if not _reads_results(request.user, round_):
        raise Http404
    params = request.GET.copy()
    params["round"] = str(round_.pk)
    request.GET = params
    rows = RoundResult.objects.filter(round=round_).count()
    return export_response(
        request, "evaluations.round_results", rows=rows, back=reverse("evaluation-results", args=[pk])
    )


def round_results_document(request, pk, fmt):
    """The Word (or PDF) 评议结果 sheet of the round, for 公示."""
    from django.utils import timezone

    from vanguard.core.documents import document_response

    from ..results_docx import RESULTS, SHEET_ROWS, results_context
    from ..selectors.ballots import round_validity

    round_ = _round(request, pk)
    if not _reads_results(request.user, round_) or fmt not in ("docx", "pdf"):
        raise Http404
    rows = selectors.result_rows(request.user, round_)
    total = rows.count()
    page = selectors.result_page_rows(list(rows.values_list("pk", flat=True)[:SHEET_ROWS]))
    has_ballots = round_.scheme.criteria.filter(method="ballot").exists()
    context = results_context(
        round_, page, validity=round_validity(round_).message if has_ballots else "",
        grades=selectors.grade_counts(round_), total=total, today=timezone.localdate(),
    )  # fmt: skip
    back = reverse("evaluation-results", args=[pk])
    return document_response(
        request, key=RESULTS, context=context, filename=f"评议结果-{round_.pk}", fmt=fmt, back=back
    )


def round_calibration(request, pk):
    """校准: units compared before publishing (mean score, grades per org, outliers)."""
    round_ = _organised(request, pk)
    context = {"round": round_, "calibration": selectors.calibration(round_), "grades": selectors.grade_counts(round_)}
    return render(request, "evaluations/round_calibration.html", context)


def round_cases(request, pk):
    """一票否决 and 加减分 recorded against the round's subjects."""
    round_ = _organised(request, pk)
    veto_form = VetoForm(request.POST if request.POST.get("kind") == "veto" else None, round_=round_, prefix="veto")
    adjust_form = AdjustmentForm(
        request.POST if request.POST.get("kind") == "adjustment" else None, round_=round_, prefix="adj"
    )
    form = veto_form if request.POST.get("kind") == "veto" else adjust_form
    if request.method == "POST" and form.is_valid():
        try:
            if form is veto_form:
                services.veto_record(actor=request.user, round_=round_, **form.cleaned_data)
            else:
                services.adjustment_record(actor=request.user, round_=round_, **form.cleaned_data)
            success(request, f"已登记:{form.cleaned_data['subject']}")
            return redirect("evaluation-round-cases", pk=round_.pk)
        except ValidationError as exc:
            apply_service_errors(form, exc)
    vetoes = VetoCase.objects.filter(round=round_).select_related(
        "rule", "subject__person", "subject__party_org", "subject__unit"
    )
    adjustments = AdjustmentCase.objects.filter(round=round_).select_related(
        "item", "subject__person", "subject__party_org", "subject__unit"
    )
    context = {
        "round": round_, "veto_form": veto_form, "adjust_form": adjust_form, "vetoes": vetoes[:200],
        "adjustments": adjustments[:200], "open": round_.status in services.CASE_STATUSES,
    }  # fmt: skip
    return render(request, "evaluations/round_cases.html", context)


@require_POST
def round_case_delete(request, pk, kind, case_pk):
    round_ = _organised(request, pk)
    model = VetoCase if kind == "veto" else AdjustmentCase
    case = get_object_or_404(model.objects.select_related("round", "subject"), round=round_, pk=case_pk)
    try:
        services.case_delete(actor=request.user, case=case)
        success(request, "已撤销。")
    except ValidationError as exc:
        return _refused(request, round_, exc, "evaluation-round-cases")
    return redirect("evaluation-round-cases", pk=round_.pk)


def _refused(request, round_, exc, back="evaluation-results"):
    from django.contrib import messages

    messages.error(request, ";".join(exc.messages))
    return redirect(back, pk=round_.pk)


@require_POST
def round_compute(request, pk):
    round_ = _organised(request, pk)
    try:
        run = services.round_compute_start(actor=request.user, round_=round_)
    except ValidationError as exc:
        return _refused(request, round_, exc)
    if run is not None:
        return redirect("task-detail", run.pk)
    success(request, f"已计算“{round_.name}”的考评结果。")
    return redirect("evaluation-results", pk=round_.pk)


@require_POST
def round_publish(request, pk):
    round_ = _organised(request, pk)
    try:
        services.round_publish(actor=request.user, round_=round_)
    except ValidationError as exc:
        return _refused(request, round_, exc)
    success(request, f"已公布“{round_.name}”的考评结果。")
    return redirect("evaluation-results", pk=round_.pk)


@require_POST
def round_reopen(request, pk):
    round_ = _organised(request, pk)
    form = ReopenForm(request.POST)
    if not form.is_valid():
        return _refused(request, round_, ValidationError("请选择退回的阶段并写明原因。"))
    try:
        services.round_reopen(actor=request.user, round_=round_, **form.cleaned_data)
    except ValidationError as exc:
        return _refused(request, round_, exc)
    success(request, f"已重新打开“{round_.name}”。")
    return redirect("evaluation-results", pk=round_.pk)


def results_panel(request, round_):
    """The round page's results panel: compute (with the progress of a background run), calibrate, publish."""
    if not may(request.user, Action.CHANGE, round_) and not _reads_results(request.user, round_):
        return ""
    run = (
        TaskRun.objects.filter(name=services.COMPUTE_TASK, params__round=round_.pk)
        .exclude(status__in=(TaskStatus.DONE, TaskStatus.FAILED))
        .order_by("-pk")
        .first()
    )
    context = {
        "round": round_, "run": run, "organiser": may(request.user, Action.CHANGE, round_),
        "computable": round_.status in services.COMPUTABLE, "computed": round_.status == RoundStatus.COMPUTED,
        "has_results": round_.status in (RoundStatus.COMPUTED, RoundStatus.PUBLISHED),
        "grades": selectors.grade_counts(round_) if round_.status in (RoundStatus.COMPUTED, RoundStatus.PUBLISHED) else (),
        "reopen_form": ReopenForm(),
    }  # fmt: skip
    return render_to_string("evaluations/_results_panel.html", context, request=request)


# ---------------------------------------------------------------- subjects


def my_results(request):
    """我的考评结果: the user's published results, each with grade, score and why."""
    return render(request, "evaluations/my_results.html", {"results": list(selectors.my_results(request.user)[:50])})


def result_detail(request, pk):
    """One result and why: each criterion's score with its method and its records, raters by name, the
    ballots' counts only."""
    result = get_scoped_object(
        request,
        RoundResult.objects.select_related(
            "round__scheme", "grade", "subject__person", "subject__party_org", "subject__unit"
        ),
        pk=pk,
    )
    return render(request, "evaluations/result_detail.html", {"result": result, "round": result.round})


def branch_stars(request):
    """星级支部: each branch's stars by year, with promotion and demotion."""
    search = request.GET.get("q", "").strip()
    page = Paginator(selectors.star_history(search=search), PAGE).get_page(request.GET.get("page"))
    return render(request, "evaluations/branch_stars.html", {"page_obj": page, "q": search})


def subject_label(subject: RoundSubject) -> str:
    return str(subject.subject)
