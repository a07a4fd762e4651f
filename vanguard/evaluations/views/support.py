"""帮促 pages: the plan list (filters, search, Excel), the plan page (a phone page for the support group: a review
from the shop floor), its writes, the Word 帮促计划, the reverse situations the office keeps, the grounds of a
result, and the panels on the round page and on a finding's page."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from vanguard.core import access
from vanguard.core.access import may
from vanguard.core.choices import Action
from vanguard.core.documents import document_response
from vanguard.core.exports import export_response
from vanguard.core.views import get_scoped_object, success
from vanguard.org.models import Person

from ..choices import SUPPORT_GRADES, RoundStatus
from ..forms.support import (
    CloseForm,
    FindingForm,
    GroundForm,
    MeasureForm,
    PlanFilterForm,
    PlanForm,
    ReviewForm,
    SituationForm,
)
from ..models import ResultGround, ReverseSituation, RoundResult, SupportMeasure, SupportPlan
from ..selectors import support as selectors
from ..services import support as services
from ..support_docx import SUPPORT_PLAN_DOC, plan_context
from ..support_exports import SUPPORT_LEDGER

PAGE = 25


def _form_errors(form) -> str:
    return ";".join(e for errors in form.errors.values() for e in errors)


def _done(request, write, back):
    """Run a write; its refusal becomes a message. Back to ``back`` either way."""
    try:
        success(request, write())
    except ValidationError as exc:
        messages.error(request, ";".join(exc.messages))
    return redirect(back)


# ---------------------------------------------------------------- the list


def plan_orgs(user):
    return access.choices(user, SupportPlan, "org", Action.VIEW).order_by("path")


def filtered_plans(user, params):
    form = PlanFilterForm(params or None, orgs=plan_orgs(user))
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    qs = selectors.support_plan_list(
        user=user, status=data.get("status", ""), org=data.get("org"), search=(data.get("q") or "").strip(),
        due=data.get("due", ""), mine=data.get("mine", ""), today=timezone.localdate(),
    )  # fmt: skip
    return form, qs


def support_plan_list(request):
    form, qs = filtered_plans(request.user, request.GET)
    page = Paginator(qs.values_list("pk", flat=True), PAGE).get_page(request.GET.get("page"))
    plans = selectors.support_plan_rows(ids=list(page.object_list))
    return render(
        request, "evaluations/support_plan_list.html", {"filter_form": form, "page_obj": page, "plans": plans}
    )


def support_plan_export(request):
    _form, qs = filtered_plans(request.user, request.GET)
    back = reverse("support-plan-list") + (f"?{request.GET.urlencode()}" if request.GET else "")
    return export_response(request, SUPPORT_LEDGER, rows=qs.count(), back=back)


# ---------------------------------------------------------------- the plan page


def _plan(request, pk, action=Action.VIEW):
    qs = SupportPlan.objects.select_related("member__unit", "org", "round", "result__grade", "opened_by", "closed_by")
    return get_scoped_object(request, qs, action=action, pk=pk)


def support_plan_detail(request, pk):
    plan = _plan(request, pk)
    today = timezone.localdate()
    parts = selectors.support_plan_parts(plan=plan, today=today)
    may_change = not plan.closed and may(request.user, Action.CHANGE, plan)
    may_review = not plan.closed and may(request.user, Action.REPORT, plan)
    context = {"plan": plan, **parts, "may_change": may_change, "may_review": may_review, "today": today}
    if may_review:
        context["review_form"] = ReviewForm(initial={"held_on": today})
    if may_change:
        people = selectors.branch_people(plan=plan)
        helpers = [h.person for h in parts["helpers"]]
        leader = next((h.person for h in parts["helpers"] if h.leader), None)
        context["plan_form"] = PlanForm(
            people=people, initial={"version": plan.version, "shortcomings": plan.shortcomings, "goal": plan.goal,
                                    "helpers": helpers, "leader": leader, "review_due": plan.review_due},
        )  # fmt: skip
        responsible = Person.objects.filter(pk__in=[plan.member_id, *(h.pk for h in helpers)])
        context["measure_form"] = MeasureForm(people=responsible, initial={"responsible": plan.member_id})
        context["close_form"] = CloseForm(initial={"version": plan.version})
        context["finding_form"] = FindingForm()
    return render(request, "evaluations/support_plan_detail.html", context)


@require_POST
def support_plan_save(request, pk):
    plan = _plan(request, pk, Action.CHANGE)
    form = PlanForm(request.POST, people=selectors.branch_people(plan=plan))
    back = reverse("support-plan-detail", args=[pk])
    if not form.is_valid():
        messages.error(request, "未保存:" + _form_errors(form))
        return redirect(back)
    data = form.cleaned_data

    def write():
        services.support_plan_save(
            actor=request.user, plan=plan, expected_version=data["version"], shortcomings=data["shortcomings"],
            goal=data["goal"], helpers=list(data["helpers"]), leader=data["leader"], review_due=data["review_due"],
        )  # fmt: skip
        return "已保存帮促计划。"

    return _done(request, write, back)


@require_POST
def support_measure_save(request, pk):
    plan = _plan(request, pk, Action.CHANGE)
    people = Person.objects.filter(pk__in=[plan.member_id, *plan.helpers.values_list("person_id", flat=True)])
    form = MeasureForm(request.POST, people=people)
    back = reverse("support-plan-detail", args=[pk]) + "#measures"
    if not form.is_valid():
        messages.error(request, "未保存:" + _form_errors(form))
        return redirect(back)
    data = form.cleaned_data
    measure = get_object_or_404(SupportMeasure, pk=data["measure"], plan=plan) if data["measure"] else None

    def write():
        services.support_measure_save(
            actor=request.user, plan=plan, measure=measure, content=data["content"], due_date=data["due_date"],
            responsible=data["responsible"], done_on=data["done_on"], expected_version=data["version"],
        )  # fmt: skip
        return "已保存措施。"

    return _done(request, write, back)


@require_POST
def support_review_add(request, pk):
    plan = _plan(request, pk, Action.REPORT)
    form = ReviewForm(request.POST)
    back = reverse("support-plan-detail", args=[pk]) + "#reviews"
    if not form.is_valid():
        messages.error(request, "未记录:" + _form_errors(form))
        return redirect(back)

    def write():
        services.support_review_add(actor=request.user, plan=plan, **form.cleaned_data)
        return "已记录回访。"

    return _done(request, write, back)


@require_POST
def support_plan_close(request, pk):
    plan = _plan(request, pk, Action.CHANGE)
    form = CloseForm(request.POST)
    back = reverse("support-plan-detail", args=[pk])
    if not form.is_valid():
        messages.error(request, "未结束:" + _form_errors(form))
        return redirect(back)
    data = form.cleaned_data

    def write():
        services.support_plan_close(
            actor=request.user, plan=plan, expected_version=data["version"], outcome=data["outcome"],
            note=data["note"], rectify_by=data["rectify_by"],
        )  # fmt: skip
        return "帮促计划已结束。"

    return _done(request, write, back)


@require_POST
def support_finding_raise(request, pk):
    plan = _plan(request, pk, Action.CHANGE)
    form = FindingForm(request.POST)
    back = reverse("support-plan-detail", args=[pk]) + "#findings"
    if not form.is_valid():
        messages.error(request, "未提出:" + _form_errors(form))
        return redirect(back)

    def write():
        finding = services.support_finding_raise(actor=request.user, plan=plan, **form.cleaned_data)
        return f"已列入问题清单:{finding.number} {finding.title}"

    return _done(request, write, back)


def support_plan_word(request, pk, fmt="docx"):
    plan = _plan(request, pk)
    parts = selectors.support_plan_parts(plan=plan, today=timezone.localdate())
    return document_response(
        request, key=SUPPORT_PLAN_DOC, context=plan_context(plan, parts), filename=f"帮促计划-{plan.member.name}",
        fmt=fmt, back=reverse("support-plan-detail", args=[plan.pk]),
    )  # fmt: skip


@require_POST
def support_plan_open(request, result_pk):
    """The secretary opens a plan by hand for a 基本合格 (or a 不合格 one without a plan) member."""
    result = get_scoped_object(request, RoundResult.objects.select_related("round"), action=Action.CHANGE, pk=result_pk)
    try:
        plan = services.support_plan_open(actor=request.user, result=result)
    except ValidationError as exc:
        messages.error(request, ";".join(exc.messages))
        return redirect(_round_page(result.round_id))
    success(request, f"已建立 {plan.member.name} 的帮促计划,请确定帮促小组和措施。")
    return redirect("support-plan-detail", pk=plan.pk)


# ---------------------------------------------------------------- grounds of a result


def _round_page(round_id):
    try:
        return reverse("evaluation-round", args=[round_id]) + "#support"
    except Exception:  # the round page comes with the schemes' pages
        return reverse("support-plan-list")


@require_POST
def result_ground_add(request, result_pk):
    result = get_scoped_object(
        request, RoundResult.objects.select_related("round", "grade"), action=Action.CHANGE, pk=result_pk
    )
    form = GroundForm(request.POST, situations=selectors.active_situations())
    back = _round_page(result.round_id)
    if not form.is_valid():
        messages.error(request, "未记录:" + _form_errors(form))
        return redirect(back)

    def write():
        ground = services.result_ground_add(actor=request.user, result=result, **form.cleaned_data)
        return f"已记录情形:{ground.situation.name}"

    return _done(request, write, back)


@require_POST
def result_ground_remove(request, pk):
    ground = get_scoped_object(
        request, ResultGround.objects.select_related("result__round", "result__grade"), action=Action.DELETE, pk=pk
    )

    def write():
        services.result_ground_remove(actor=request.user, ground=ground)
        return "已删除情形依据。"

    return _done(request, write, _round_page(ground.result.round_id))


# ---------------------------------------------------------------- reverse situations (the office)


def situation_list(request):
    situations = list(ReverseSituation.objects.restrict(request.user, Action.VIEW).order_by("order", "pk"))
    may_keep = may(request.user, Action.ADD, ReverseSituation)
    forms_by_pk = {}
    if may_keep:
        forms_by_pk = {
            s.pk: SituationForm(initial={"version": s.version, "code": s.code, "category": s.category, "name": s.name,
                                         "description": s.description, "order": s.order, "is_active": s.is_active},
                                prefix=f"s{s.pk}")
            for s in situations
        }  # fmt: skip
    rows = [(s, forms_by_pk.get(s.pk)) for s in situations]
    context = {"rows": rows, "may_keep": may_keep, "new_form": SituationForm(initial={"is_active": True})}
    return render(request, "evaluations/situation_list.html", context)


@require_POST
def situation_save(request, pk=None):
    situation = None
    if pk is not None:
        situation = get_scoped_object(request, ReverseSituation, action=Action.CHANGE, pk=pk)
    elif not may(request.user, Action.ADD, ReverseSituation):
        raise Http404
    form = SituationForm(request.POST, prefix=f"s{pk}" if pk else None)
    if not form.is_valid():
        messages.error(request, "未保存:" + _form_errors(form))
        return redirect("support-situations")
    data = dict(form.cleaned_data)
    version = data.pop("version")

    def write():
        saved = services.situation_save(actor=request.user, situation=situation, expected_version=version, **data)
        return f"已保存情形:{saved.name}"

    return _done(request, write, reverse("support-situations"))


# ---------------------------------------------------------------- panels


def round_support_panel(request, round_):
    """The round page's 帮促 panel: the 基本合格 and 不合格 results with their grounds (recorded before
    publishing) and their support plans (opened on publishing, or by hand)."""
    rows = selectors.round_support_rows(user=request.user, round_=round_)
    if not rows:
        return ""
    published = round_.status == RoundStatus.PUBLISHED
    organiser = may(request.user, Action.CHANGE, round_)
    plan_ids = [r.support_plan.pk for r in rows if hasattr(r, "support_plan")]
    visible = selectors.visible_plan_ids(user=request.user, ids=plan_ids) if plan_ids else set()
    for row in rows:
        row.plan = getattr(row, "support_plan", None)
        row.plan_visible = row.plan is not None and row.plan.pk in visible
    context = {
        "round": round_, "rows": rows, "published": published, "organiser": organiser,
        "may_ground": organiser and not published,
        "may_open": organiser and published,
        "situations": list(selectors.active_situations()) if organiser and not published else [],
        "grades": SUPPORT_GRADES,
    }  # fmt: skip
    return render_to_string("evaluations/_support_panel.html", context, request=request)


def finding_support_panel(request, finding):
    """On a finding's page: the support plan it was raised from, when the user may see the plan."""
    plan = selectors.finding_plan(user=request.user, finding=finding)
    if plan is None:
        return ""
    return render_to_string("evaluations/_finding_support_panel.html", {"plan": plan}, request=request)
