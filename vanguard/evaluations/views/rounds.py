"""Round pages: the list for the office and secretaries (scheme, status, org, search, Excel), opening a round,
the round page (``evaluation-round``: state, period, subjects and evaluators, the moves, the other modules'
panels), its window, and the subjects and evaluators while in 筹备. Writes go through ``services.rounds``."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from vanguard.core.access import may
from vanguard.core.choices import Action
from vanguard.core.exports import export_response
from vanguard.core.views import apply_service_errors, get_scoped_object, success

from ..choices import RoundStatus, SubjectKind
from ..exports import ROUND_LIST
from ..forms.rounds import (
    EvaluatorAddForm,
    RoundFilterForm,
    RoundForm,
    RoundWindowForm,
    SubjectAddForm,
    SubjectPlanForm,
)
from ..models import EvaluationRound
from ..selectors import rounds as selectors
from ..services import rounds as services

PAGE = 25
PREVIEW = 10


def filtered_rounds(user, params):
    form = RoundFilterForm(params or None, orgs=selectors.round_orgs(user))
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    qs = selectors.round_list(
        user=user, search=data.get("q", ""), scheme=data.get("scheme"), status=data.get("status", ""),
        org=data.get("org"), closed=data.get("closed", False),
    )  # fmt: skip
    return form, qs


def round_list(request):
    form, qs = filtered_rounds(request.user, request.GET)
    page = Paginator(qs.values_list("pk", flat=True), PAGE).get_page(request.GET.get("page"))
    context = {
        "filter_form": form, "page_obj": page, "rounds": selectors.round_page_rows(list(page.object_list)),
        "may_create": services.organisable_orgs(request.user).exists(),
    }  # fmt: skip
    return render(request, "evaluations/round_list.html", context)


def round_export(request):
    _form, qs = filtered_rounds(request.user, request.GET)
    back = reverse("evaluation-round-list") + (f"?{request.GET.urlencode()}" if request.GET else "")
    return export_response(request, ROUND_LIST, rows=qs.count(), back=back)


def round_create(request):
    orgs = services.organisable_orgs(request.user)
    if not orgs.exists():
        raise Http404
    start, end = services.default_period()
    initial = {"period_start": start, "period_end": end, "quorum": "0.5"}
    if request.GET.get("scheme"):
        initial["scheme"] = request.GET["scheme"]
    only = list(orgs.order_by("path")[:2])
    if len(only) == 1:  # a secretary runs rounds of his branch
        initial["org"] = only[0].pk
    form = RoundForm(request.POST or None, orgs=orgs, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            round_ = services.round_create(actor=request.user, **form.cleaned_data)
            success(request, f"已新建评议轮次:{round_.name}")
            return redirect("evaluation-round", pk=round_.pk)
        except ValidationError as exc:
            apply_service_errors(form, exc)
    return render(request, "evaluations/round_form.html", {"form": form, "title": "新建评议轮次"})


def _round(request, pk, action="view"):
    return get_scoped_object(request, EvaluationRound.objects.select_related("scheme", "org", "created_by"),
                             action, pk=pk)  # fmt: skip


def round_detail(request, pk):
    round_ = _round(request, pk)
    organiser = may(request.user, Action.CHANGE, round_)
    subjects = selectors.round_subjects(round_)
    context = {
        "round": round_,
        "organiser": organiser,
        "subject_count": subjects.count(),
        "subjects": list(subjects[:PREVIEW]),
        "moves": services.next_moves(round_) if organiser else [],
        "draft": round_.status == RoundStatus.DRAFT,
    }
    if organiser:
        evaluators = selectors.round_evaluators(round_)
        context |= {"evaluator_count": evaluators.count(), "evaluators": list(evaluators[:PREVIEW])}
    return render(request, "evaluations/round_detail.html", context)


def round_edit(request, pk):
    round_ = _round(request, pk, "change")
    initial = {f: getattr(round_, f) for f in ("name", "voting_opens", "voting_closes", "quorum")}
    form = RoundWindowForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.round_update(actor=request.user, round_=round_, data=form.cleaned_data,
                                  expected_version=request.POST.get("version"))  # fmt: skip
            success(request, "已保存。")
            return redirect("evaluation-round", pk=round_.pk)
        except ValidationError as exc:
            apply_service_errors(form, exc)
    return render(
        request, "evaluations/round_form.html", {"form": form, "round": round_, "title": "投票时间与有效比例"}
    )


@require_POST
def round_transition(request, pk):
    round_ = _round(request, pk)
    if not may(request.user, Action.CHANGE, round_):
        raise Http404
    to = request.POST.get("to", "")
    if to not in RoundStatus.values:
        raise Http404
    try:
        services.round_transition(actor=request.user, round_=round_, to=to, version=request.POST.get("version"))
        success(request, f"轮次已{RoundStatus(to).label}。")
    except ValidationError as exc:
        messages.error(request, ";".join(exc.messages))
    return redirect("evaluation-round", pk=round_.pk)


def round_subjects(request, pk):
    """All the subjects of a round, paged; in 筹备 the organiser adds and removes them here."""
    round_ = _round(request, pk)
    organiser = may(request.user, Action.CHANGE, round_)
    editable = organiser and round_.status == RoundStatus.DRAFT
    kind = round_.scheme.subject_kind
    field = (
        "party_org" if kind in (SubjectKind.BRANCH, SubjectKind.LEADERSHIP)
        else "unit" if kind == SubjectKind.TEAM else "employee_no"
    )  # fmt: skip
    form = SubjectAddForm(request.POST or None, field=field) if editable else None
    if request.method == "POST":
        if not editable:
            raise Http404
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.subject_add(
                    actor=request.user, round_=round_, person=data.get("employee_no"),
                    party_org=data.get("party_org"), unit=data.get("unit"), graded=data["graded"],
                    expected_version=request.POST.get("version"),
                )  # fmt: skip
                success(request, "已添加考评对象。")
                return redirect("evaluation-round-subjects", pk=round_.pk)
            except ValidationError as exc:
                apply_service_errors(form, exc)
    page = Paginator(selectors.round_subjects(round_), PAGE).get_page(request.GET.get("page"))
    plans_editable = organiser and round_.status in (RoundStatus.DRAFT, RoundStatus.OPEN)
    context = {"round": round_, "page_obj": page, "form": form, "editable": editable, "plans_editable": plans_editable}
    return render(request, "evaluations/round_subjects.html", context)


@require_POST
def subject_remove(request, pk, subject_pk):
    round_ = _round(request, pk, "change")
    subject = get_object_or_404(round_.subjects, pk=subject_pk)
    try:
        services.subject_remove(actor=request.user, round_=round_, subject=subject,
                                expected_version=request.POST.get("version"))  # fmt: skip
        success(request, f"已移除考评对象:{subject}")
    except ValidationError as exc:
        messages.error(request, ";".join(exc.messages))
    return redirect("evaluation-round-subjects", pk=round_.pk)


def subject_plan(request, pk, subject_pk):
    """一人一策: one subject's own targets and measures, written by the organisers in 筹备 or 已启动."""
    round_ = _round(request, pk, "change")
    subject = get_object_or_404(round_.subjects.select_related("person"), pk=subject_pk)
    if not round_.scheme.individual_plans:
        raise Http404
    form = SubjectPlanForm(request.POST or None, initial={"plan": subject.plan})
    if request.method == "POST" and form.is_valid():
        try:
            services.subject_plan_save(actor=request.user, round_=round_, subject=subject,
                                       plan=form.cleaned_data["plan"], expected_version=request.POST.get("version"))  # fmt: skip
            success(request, f"已保存{subject}的目标与措施。")
            return redirect("evaluation-round-subjects", pk=round_.pk)
        except ValidationError as exc:
            apply_service_errors(form, exc)
    title = f"{subject} · 个人目标与措施"
    return render(request, "evaluations/round_form.html", {"form": form, "round": round_, "title": title})


def round_evaluators(request, pk):
    """All the evaluators and voters of a round, paged, for its organisers; added and removed in 筹备."""
    round_ = _round(request, pk, "change")
    editable = round_.status == RoundStatus.DRAFT
    form = EvaluatorAddForm(request.POST or None) if editable else None
    if request.method == "POST":
        if not editable:
            raise Http404
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.evaluator_add(
                    actor=request.user, round_=round_, person=data["employee_no"], kind=data["kind"],
                    rates=data["rates"], votes=data["votes"], expected_version=request.POST.get("version"),
                )  # fmt: skip
                success(request, "已添加评价人。")
                return redirect("evaluation-round-evaluators", pk=round_.pk)
            except ValidationError as exc:
                apply_service_errors(form, exc)
    page = Paginator(selectors.round_evaluators(round_), PAGE).get_page(request.GET.get("page"))
    context = {"round": round_, "page_obj": page, "form": form, "editable": editable}
    return render(request, "evaluations/round_evaluators.html", context)


@require_POST
def evaluator_remove(request, pk, evaluator_pk):
    round_ = _round(request, pk, "change")
    evaluator = get_object_or_404(round_.evaluators, pk=evaluator_pk)
    try:
        services.evaluator_remove(actor=request.user, round_=round_, evaluator=evaluator,
                                  expected_version=request.POST.get("version"))  # fmt: skip
        success(request, f"已移除评价人:{evaluator.person}")
    except ValidationError as exc:
        messages.error(request, ";".join(exc.messages))
    return redirect("evaluation-round-evaluators", pk=round_.pk)
