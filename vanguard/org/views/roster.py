"""Roster import (Excel, all or nothing, with preview) and export of any filtered list."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from vanguard.core.access import may
from vanguard.core.downloads import file_response
from vanguard.core.exports import export_response
from vanguard.core.forms import StyledFormMixin, TableFileField
from vanguard.core.models import TaskRun
from vanguard.core.tasks import runs_in_background
from vanguard.core.views import get_scoped_object, success

from .. import roster, selectors
from ..access import EDIT_ROSTER, SEE_ROSTER
from ..exports import PERSON_ROSTER
from ..filters import PersonFilter
from ..tasks import ROSTER_IMPORT, roster_import_start

HTMX_STOP_POLLING = 286


class RosterUploadForm(StyledFormMixin, forms.Form):
    file = TableFileField(label="花名册文件", help_text="列同导入模板；表头可不在第一行。")


def _require_editor(user):
    if not may(user, EDIT_ROSTER):
        raise Http404


def person_export(request):
    """The person list as filtered on the page (same GET parameters): at once, or in the background when long."""
    if not may(request.user, SEE_ROSTER):
        raise Http404
    people = PersonFilter(request.GET, queryset=selectors.person_list(user=request.user), request=request)
    back = reverse("person-list") + (f"?{request.GET.urlencode()}" if request.GET else "")
    return export_response(request, PERSON_ROSTER, rows=people.qs.count(), back=back)


def roster_template(request):
    _require_editor(request.user)
    return file_response(roster.roster_template(actor=request.user), "人员花名册导入模板.xlsx", "xlsx")


def roster_import_page(request):
    """Upload → 预览 (dry run) → 确认导入; large files go to a background task with a progress bar."""
    _require_editor(request.user)
    if "download" in request.GET:
        return _download(request, request.GET["download"])
    if "task" in request.GET:
        return _task_view(request)
    form = RosterUploadForm()
    if request.method == "POST":
        if request.POST.get("upload"):
            return _run(request, request.POST["upload"], dry_run=False, form=form)
        form = RosterUploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:  # read before it is kept: a file that is not a roster leaves nothing on disk
                table = roster.roster_read(upload)
            except roster.ExcelError as exc:
                return _refuse(request, form, str(exc))
            token = roster.upload_save(request.user, upload)
            return _run(request, token, dry_run=True, form=form, table=table)
    return _page(request, form=form)


def _page(request, **context):
    context.setdefault("form", RosterUploadForm())
    context["background_rows"] = settings.ROSTER_BACKGROUND_ROWS
    return render(request, "org/roster_import.html", context)


def _run(request, token, *, dry_run, form, table=None):
    path = roster.upload_path(request.user, token)
    if path is None:
        return _refuse(request, form, "上传的文件已过期,请重新上传。")
    try:
        table = table if table is not None else roster.roster_read(path)
    except roster.ExcelError as exc:
        return _refuse(request, form, str(exc))
    if runs_in_background(rows := table.count()):
        run = roster_import_start(owner=request.user, upload=token, rows=rows, dry_run=dry_run)
        return redirect(f"{reverse('roster-import')}?task={run.pk}")
    result = roster.roster_import(actor=request.user, source=table, dry_run=dry_run)
    if result.written:
        success(
            request,
            f"导入完成:共 {result.total} 行,新增 {result.created} 人,更新 {result.updated} 人,"
            f"无变化 {result.unchanged} 人。",
        )
        return redirect("roster-import")
    payload = {**result.as_dict(), "upload": token}
    if result.errors:
        payload["error_file"] = roster.error_file_save(request.user, token, result.table, result.errors)
    return _page(request, result=payload)


def _refuse(request, form, message):
    if form.is_bound:
        form.add_error("file", message)
    else:
        messages.error(request, message)
    return _page(request, form=form)


def _task_view(request):
    try:
        pk = int(request.GET["task"])
    except ValueError:
        raise Http404 from None
    run = get_scoped_object(request, TaskRun.objects.filter(name=ROSTER_IMPORT), pk=pk)
    if request.GET.get("part") == "result":
        if not run.finished:
            return HttpResponse("")
        response = render(request, "org/roster_result.html", {"result": run.result, "run": run})
        response.status_code = HTMX_STOP_POLLING
        return response
    return _page(request, run=run, result=run.result if run.finished else None)


def _download(request, token):
    if not token.endswith("-errors.xlsx"):
        raise Http404
    path = roster.upload_path(request.user, token)
    if path is None:
        raise Http404
    with open(path, "rb") as errors:
        return file_response(errors.read(), "花名册-错误说明.xlsx", "xlsx")
