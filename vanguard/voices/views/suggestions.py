"""Suggestion pages: submit on a phone, my suggestions, the review queue, the ledger with Excel, a
suggestion with its history and the steps the user may take, the Word 合理化建议表, the import."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from vanguard.core.access import may
from vanguard.core.choices import Action
from vanguard.core.documents import document_response
from vanguard.core.downloads import file_response, stored_file_response
from vanguard.core.exports import export_response
from vanguard.core.views import apply_service_errors, get_scoped_object, success

from ..access import SUGGESTION_IMPORT, reviews_suggestions
from ..choices import DEFAULT_DEADLINES, EXPERT_DECISIONS, UNIT_DECISIONS
from ..forms.suggestions import ActionForm, ImportForm, SuggestionForm
from ..models import Suggestion, SuggestionAttachment
from ..selectors import suggestions as selectors
from ..services import suggestions as services
from ..suggestion_docx import SUGGESTION_FORM, suggestion_context
from ..suggestion_excel import SUGGESTION_LEDGER, filtered, suggestion_import, suggestion_template

PAGE = 25

DONE = {
    "unit_review": "已提交初审意见",
    "expert_review": "已提交评审意见",
    "duplicate": "已认定为重复建议",
    "resubmit": "已修改并重新提交",
    "implement": "已登记实施完成",
    "verify": "效益已核定",
    "reward": "已登记奖励",
}


def suggestion_create(request):
    """提交建议: four fields on a phone, photos from the camera; the closest existing ones show as one types."""
    if getattr(request.user, "person", None) is None:
        raise Http404
    form = SuggestionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            suggestion = services.suggestion_submit(
                actor=request.user, title=data["title"], content=data["content"], category=data["category"],
                expected_benefit=data["expected_benefit"], co_proposers=data["co_proposers"],
                attachments=data["attachments"],
            )  # fmt: skip
            success(request, f"建议已提交,编号 {suggestion.number};请在“我的建议”里查看办理进度。")
            return redirect("suggestion-detail", pk=suggestion.pk)
        except ValidationError as exc:
            apply_service_errors(form, exc)
    return render(request, "voices/suggestion_form.html", {"form": form})


def suggestion_mine(request):
    """我的建议: each one where it stands, and the last word on it (why it was returned or rejected)."""
    rows = list(selectors.suggestion_mine(user=request.user)[:200])
    last = selectors.latest_reasons(rows)
    for row in rows:
        row.last_review = last.get(row.pk)
    return render(request, "voices/suggestion_mine.html", {"suggestions": rows, "today": timezone.localdate()})


def suggestion_queue(request):
    """审核队列: what waits for the user's answer, overdue first and marked."""
    if not reviews_suggestions_user(request.user):
        raise Http404
    qs = selectors.suggestion_queue(user=request.user)
    page = Paginator(qs.values_list("pk", flat=True), PAGE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    overdue = qs.filter(due_date__lt=today).count()
    context = {
        "page_obj": page, "suggestions": selectors.suggestion_page_rows(ids=list(page.object_list)),
        "today": today, "overdue": overdue,
    }  # fmt: skip
    return render(request, "voices/suggestion_queue.html", context)


def reviews_suggestions_user(user):
    from vanguard.core.scope import get_scope

    scope = get_scope(user)
    return scope is not None and (scope.is_global_admin or reviews_suggestions(scope))


def suggestion_list(request):
    """建议台账: search and filters (unit, category, status, overdue, year), 25 a page, Excel of them all."""
    form, qs = filtered(request.user, request.GET)
    page = Paginator(qs.values_list("pk", flat=True), PAGE).get_page(request.GET.get("page"))
    context = {
        "filter_form": form, "page_obj": page, "today": timezone.localdate(),
        "suggestions": selectors.suggestion_page_rows(ids=list(page.object_list)),
        "may_import": may(request.user, SUGGESTION_IMPORT),
    }  # fmt: skip
    return render(request, "voices/suggestion_list.html", context)


def suggestion_export(request):
    _form, qs = filtered(request.user, request.GET)
    return export_response(request, SUGGESTION_LEDGER, rows=qs.count(), back=reverse("suggestion-list"))


def suggestion_detail(request, pk):
    qs = Suggestion.objects.select_related("unit", "proposer", "duplicate_of")
    suggestion = get_scoped_object(request, qs, pk=pk)
    actions = selectors.suggestion_actions(user=request.user, suggestion=suggestion)
    context = {
        "suggestion": suggestion,
        "history": selectors.suggestion_history(suggestion=suggestion),
        "co_proposers": list(suggestion.co_proposers.select_related("person").order_by("id")),
        "attachments": list(suggestion.attachments.order_by("id")),
        "duplicates": list(suggestion.duplicates.select_related("proposer").order_by("submitted_on", "id")[:20]),
        "actions": actions,
        "unit_decisions": UNIT_DECISIONS,
        "expert_decisions": EXPERT_DECISIONS,
        **(_reward_range(suggestion) if "reward" in actions else {}),
        "today": timezone.localdate(),
        "waiting_for": DEFAULT_DEADLINES.get(suggestion.status, (0, ""))[1],
    }
    return render(request, "voices/suggestion_detail.html", context)


def _reward_range(suggestion):
    """What the reward form says: the range the rule allows, or why none is due."""
    try:
        least, most, certificate, basis = services.reward_range(suggestion)
    except ValidationError as exc:
        return {"reward_refused": exc.messages[0]}
    return {"reward_range": {"least": least, "most": most, "certificate": certificate, "basis": basis}}


@require_POST
def suggestion_act(request, pk):
    """Any step of the page's forms (``services.suggestion_act`` takes it, checking state, scope and input)."""
    suggestion = get_scoped_object(request, Suggestion, pk=pk)
    form = ActionForm(request.POST, originals=Suggestion.objects.restrict(request.user, Action.VIEW))
    if form.is_valid():
        data = dict(form.cleaned_data)
        action = data.pop("action")
        try:
            if action == "join":
                row = services.suggestion_join_original(actor=request.user, suggestion=suggestion)
                success(request, f"已并入建议 {row.suggestion.number},您是它的共同建议人。")
            else:
                services.suggestion_act(actor=request.user, suggestion=suggestion, action=action, data=data)
                success(request, f"{DONE.get(action, '已办理')}:{suggestion.title}")
            return redirect("suggestion-detail", pk=pk)
        except ValidationError as exc:
            apply_service_errors(form, exc)
    messages.error(request, ";".join(e for errs in form.errors.values() for e in errs) or "操作未完成。")
    return redirect("suggestion-detail", pk=pk)


@require_POST
def suggestion_attach(request, pk):
    suggestion = get_scoped_object(request, Suggestion, Action.CHANGE, pk=pk)
    form = SuggestionForm(data=None, files=request.FILES)
    field = form.fields["attachments"]
    try:
        files = field.clean(request.FILES.getlist("attachments"))
        services.suggestion_attach(actor=request.user, suggestion=suggestion, attachments=files)
        success(request, f"已上传 {len(files)} 个附件。")
    except ValidationError as exc:
        messages.error(request, ";".join(exc.messages))
    return redirect("suggestion-detail", pk=pk)


def suggestion_attachment(request, pk, attachment_pk):
    row = get_scoped_object(request, SuggestionAttachment, suggestion_id=pk, pk=attachment_pk)
    return stored_file_response(row.file, row.name)


def suggestion_word(request, pk, fmt="docx"):
    """合理化建议表 as Word (or PDF): what was proposed, the opinions, the benefit and the reward."""
    suggestion = get_scoped_object(request, Suggestion.objects.select_related("unit", "proposer"), pk=pk)
    co = list(suggestion.co_proposers.select_related("person").order_by("id"))
    context = suggestion_context(suggestion, co, selectors.suggestion_history(suggestion=suggestion))
    return document_response(
        request, key=SUGGESTION_FORM, context=context, filename=f"合理化建议表-{suggestion.number}", fmt=fmt,
        back=reverse("suggestion-detail", args=[pk]),
    )  # fmt: skip


def suggestion_import_page(request):
    """导入历史建议: check the file first (a dry run), then import it, all rows or none."""
    if not may(request.user, SUGGESTION_IMPORT):
        raise Http404
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        result = suggestion_import(
            actor=request.user, source=form.cleaned_data["file"], dry_run=form.cleaned_data["dry_run"]
        )
        if result.ok and not result.dry_run:
            success(request, f"已导入 {result.created} 条历史建议。")
    return render(request, "voices/suggestion_import.html", {"form": form, "result": result})


def suggestion_import_template(request):
    if not may(request.user, SUGGESTION_IMPORT):
        raise Http404
    return file_response(suggestion_template(), "历史建议导入模板.xlsx", "xlsx")
