"""Finding pages: the board per unit (kanban by state, with colours), a finding with its history and the steps
the user may take, raising one, the overdue list, the rates per unit, Excel, the 整改通知单 and 销号单."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.views.decorators.http import require_POST

from vanguard.core.access import may
from vanguard.core.choices import Action
from vanguard.core.documents import document_response
from vanguard.core.exports import export_response
from vanguard.core.numbers import parse_id
from vanguard.core.views import apply_service_errors, get_scoped_object, success
from vanguard.orglife.models import Meeting

from ..access import SEE_FINDING_RATES
from ..choices import BOARD_COLUMNS, FindingSource, FindingTransition
from ..exports import FINDING_LEDGER
from ..finding_docx import CLOSURE, NOTICE, closure_context, notice_context
from ..finding_forms import (
    DecisionForm,
    ExtensionForm,
    FindingFilterForm,
    FindingForm,
    FindingStepForm,
    RatesFilterForm,
)
from ..models import Finding, FindingExtension, Suggestion, Visit
from ..selectors import findings as selectors
from ..services import findings as services

OVERDUE_PAGE = 25


def filtered_findings(user, params, today):
    """The findings ``user`` sees with the board's filters in ``params`` (a GET): (form, queryset)."""
    form = FindingFilterForm(params or None)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    qs = selectors.finding_list(
        user=user, unit=data.get("unit"), colour=data.get("colour", ""), source_kind=data.get("source_kind", ""),
        search=data.get("q", ""), role=data.get("role", ""), unit_only=bool(data.get("unit_only")), today=today,
    )  # fmt: skip
    # An appraisal's figure opens the board on the findings it counted: those due within its period.
    for param, lookup in (("due_from", "deadline__gte"), ("due_to", "deadline__lte")):
        try:
            day = parse_date(params.get(param) or "") if params else None
        except ValueError:
            day = None
        if day is not None:
            qs = qs.filter(**{lookup: day})
    return form, qs


def finding_board(request):
    """问题看板: a column per state, each paged on its own (``p_<state>``), cards coloured by escalation."""
    today = timezone.localdate()
    form, qs = filtered_findings(request.user, request.GET, today)
    pages = {status: parse_id(request.GET.get(f"p_{status}")) or 1 for status in BOARD_COLUMNS}
    # The office's whole board, or filtered by colour or unit, reads column by column off the (status, deadline)
    # index; a search or a user's scope is looked up once (``finding_board``).
    searched = bool(form.is_bound and form.is_valid() and form.cleaned_data.get("q"))
    whole = selectors.whole_table(Finding.objects.restrict(request.user))
    columns = selectors.finding_board(queryset=qs, pages=pages, today=today, by_column=whole and not searched)
    for column in columns:
        column.prev_url = _column_page(request, column.status, column.page - 1) if column.page > 1 else ""
        column.next_url = _column_page(request, column.status, column.page + 1) if column.page < column.pages else ""
    context = {
        "filter_form": form, "columns": columns, "today": today,
        "may_raise": may(request.user, Action.ADD, Finding),
    }  # fmt: skip
    return render(request, "voices/finding_board.html", context)


def _column_page(request, status, page):
    """The board's query with one column on ``page`` (the others stay where they are)."""
    params = request.GET.copy()
    params[f"p_{status}"] = page
    return f"?{params.urlencode()}"


def finding_overdue(request):
    """逾期问题: active findings past their deadline, the longest overdue first."""
    today = timezone.localdate()
    form, _qs = filtered_findings(request.user, request.GET, today)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    qs = selectors.finding_overdue(user=request.user, unit=data.get("unit"), role=data.get("role", ""), today=today)
    page = Paginator(qs.values_list("pk", flat=True), OVERDUE_PAGE).get_page(request.GET.get("page"))
    rows = selectors.finding_page_rows(ids=list(page.object_list), today=today)
    for row in rows:
        row.days_overdue = (today - row.deadline).days
    context = {"filter_form": form, "page_obj": page, "findings": rows, "today": today}
    return render(request, "voices/finding_overdue.html", context)


def finding_rates(request):
    """整改率 and 重开率 per responsible unit, a page of units at a time; each figure opens the board."""
    if not may(request.user, SEE_FINDING_RATES):
        raise Http404
    form = RatesFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    units = selectors.finding_rate_units(user=request.user, unit=data.get("unit"))
    page = Paginator(units.values_list("pk", flat=True), selectors.RATES_PAGE).get_page(request.GET.get("page"))
    rows = selectors.finding_rates(user=request.user, unit_ids=list(page.object_list), unit=data.get("unit"))
    return render(request, "voices/finding_rates.html", {"filter_form": form, "page_obj": page, "rows": rows})


def finding_export(request):
    """The finding list (问题清单) with the board's filters, as Excel: at once, or in the background when long."""
    _form, qs = filtered_findings(request.user, request.GET, timezone.localdate())
    back = reverse("finding-board") + (f"?{request.GET.urlencode()}" if request.GET else "")
    return export_response(request, FINDING_LEDGER, rows=qs.count(), back=back)


def finding_detail(request, pk):
    finding = get_scoped_object(
        request,
        Finding.objects.select_related(
            "raised_unit", "raised_by", "responsible_unit", "responsible_person", "visit", "suggestion", "meeting",
            "closed_by",
        ),
        pk=pk,
    )  # fmt: skip
    today = timezone.localdate()
    extensions = list(finding.extensions.order_by("-requested_on", "-id"))
    pending = next((e for e in extensions if e.status == "pending"), None)
    may_change = may(request.user, Action.CHANGE, finding)
    context = {
        "finding": finding,
        "colour": finding.colour_on(today),
        "source_url": _source_url(request.user, finding),
        "history": selectors.finding_history(finding=finding),
        "extensions": extensions,
        "actions": selectors.finding_transition_choices(user=request.user, finding=finding),
        "may_extend": may_change and pending is None and finding.status in ("open", "accepted", "rectifying",
                                                                              "reopened") and today <= finding.deadline,
        "may_decide": pending is not None and may(request.user, Action.APPROVE, pending)
        and pending.requested_by_id != request.user.pk,
        "pending": pending,
        "extension_form": ExtensionForm(),
    }  # fmt: skip
    return render(request, "voices/finding_detail.html", context)


def _source_url(user, finding):
    """The page of the finding's source, when it has one the user may open."""
    if finding.visit_id and may(user, Action.VIEW, finding.visit):
        return reverse("visit-detail", args=[finding.visit_id])
    if finding.meeting_id and may(user, Action.VIEW, finding.meeting):
        return reverse("meeting-detail", args=[finding.meeting_id])
    if finding.suggestion_id and may(user, Action.VIEW, finding.suggestion):
        try:
            return reverse("suggestion-detail", args=[finding.suggestion_id])
        except NoReverseMatch:  # the suggestion pages come with their own module
            return ""
    return ""


def _source_of(request):
    """The record a new finding comes from, named in the query (``?visit=3``), if the user may see it."""
    for name, model, kind in (("visit", Visit, FindingSource.VISIT), ("suggestion", Suggestion, FindingSource.SUGGESTION),
                              ("meeting", Meeting, FindingSource.MEETING)):  # fmt: skip
        pk = parse_id(request.GET.get(name) or request.POST.get(name))
        if pk:
            return kind, name, get_scoped_object(request, model, pk=pk)
    return None, None, None


def finding_create(request):
    """提出问题: from a visit, a suggestion or a meeting (named in the query), or from an appraisal or inspection."""
    if not may(request.user, Action.ADD, Finding):
        raise Http404
    kind, name, source = _source_of(request)
    initial = {"source_kind": kind} if kind else {"source_kind": FindingSource.INSPECTION}
    if isinstance(source, Visit):
        initial |= {"raised_unit": source.visiting_unit_id, "responsible_unit": source.visited_unit_id}
    raising_units = selectors.finding_raising_units(user=request.user)
    form = FindingForm(request.POST or None, initial=initial, raising_units=raising_units)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if source is not None:
            data |= {"source_kind": kind, name: source}
        raiser = getattr(request.user, "person", None)
        try:
            finding = services.finding_create(actor=request.user, raised_by=raiser, **data)
            success(request, f"已提出问题:{finding.title}")
            return redirect("finding-detail", pk=finding.pk)
        except ValidationError as exc:
            apply_service_errors(form, exc)
    context = {"form": form, "source": source, "source_name": name}
    return render(request, "voices/finding_form.html", context)


def _back(request, pk, write):
    try:
        success(request, write())
    except ValidationError as exc:
        messages.error(request, ";".join(exc.messages))
    return redirect("finding-detail", pk=pk)


@require_POST
def finding_transition(request, pk):
    finding = get_scoped_object(request, Finding, pk=pk)
    form = FindingStepForm(request.POST)
    if not form.is_valid():
        messages.error(request, "操作未完成:" + ";".join(e for errs in form.errors.values() for e in errs))
        return redirect("finding-detail", pk=pk)
    data = dict(form.cleaned_data)
    action = data.pop("action")

    def write():
        services.finding_transition(
            actor=request.user, finding=finding, action=action, expected_version=data.pop("version", None), **data
        )
        return f"{FindingTransition(action).label}:{finding.title}"

    return _back(request, pk, write)


@require_POST
def finding_extension(request, pk):
    finding = get_scoped_object(request, Finding, pk=pk)
    form = ExtensionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写申请延至的日期和延期理由。")
        return redirect("finding-detail", pk=pk)

    def write():
        services.finding_extension_request(actor=request.user, finding=finding, **form.cleaned_data)
        return "已提交延期申请,等待责任人所在单位的负责人审批。"

    return _back(request, pk, write)


@require_POST
def finding_extension_decide(request, pk, extension_pk):
    extension = get_scoped_object(request, FindingExtension, finding_id=pk, pk=extension_pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "操作未完成。")
        return redirect("finding-detail", pk=pk)
    approve = form.cleaned_data["decision"] == "approve"

    def write():
        services.finding_extension_decide(
            actor=request.user, extension=extension, approve=approve, note=form.cleaned_data["note"]
        )
        return "已批准延期。" if approve else "已退回延期申请。"

    return _back(request, pk, write)


def finding_word(request, pk, document, fmt="docx"):
    """The 整改通知单 (any time) or the 销号单 (once closed), as Word or PDF."""
    finding = get_scoped_object(
        request,
        Finding.objects.select_related(
            "raised_unit", "raised_by", "responsible_unit", "responsible_person", "visit", "suggestion", "meeting",
            "closed_by",
        ),
        pk=pk,
    )  # fmt: skip
    if document == "notice":
        key, name, context = NOTICE, "整改通知单", notice_context(finding, timezone.localdate())
    else:
        if not finding.closed:
            raise Http404
        steps = selectors.finding_history(finding=finding)
        key, name, context = CLOSURE, "销号单", closure_context(finding, steps, list(finding.extensions.all()))
    return document_response(
        request, key=key, context=context, filename=f"{name}-{finding.number or finding.pk}", fmt=fmt,
        back=reverse("finding-detail", args=[finding.pk]),
    )  # fmt: skip
