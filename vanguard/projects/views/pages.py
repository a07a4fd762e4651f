"""Project pages: ledger (立项台账) with filters and Excel, a project with team, logs and timeline,
the summary by branch, "my projects" on a phone, the application and the monthly log."""

from datetime import date

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
from vanguard.core.events import ask
from vanguard.core.excel import AMOUNT, CODE, DATE, INTEGER, Column, period_label, report_title, write_table
from vanguard.core.numbers import parse_id
from vanguard.core.views import apply_service_errors, get_scoped_object, success
from vanguard.org.models import PartyOrg, Person
from vanguard.org.selectors import scope_label

from .. import events, selectors, services
from ..access import IMPORT, SUMMARY
from ..choices import (
    ACTIVE_STATUSES,
    COMPLETED_STATUSES,
    ENDED_STATUSES,
    TRANSITION_DONE,
    ProjectKind,
    ProjectStatus,
    Transition,
)
from ..excel import project_import, project_template
from ..forms import (
    ImportForm,
    LogForm,
    ProjectFilterForm,
    ProjectForm,
    SummaryFilterForm,
    TeamMemberForm,
    TransitionForm,
)
from ..models import Project, ProjectLog, ProjectMember
from ..project_docx import APPLICATION, COMPLETION, application_context, completion_context


def _filtered(request):
    form = ProjectFilterForm(request.GET or None, orgs=selectors.project_branch_choices(user=request.user))
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    qs = selectors.project_ledger(
        user=request.user, kind=data.get("kind", ""), status=data.get("status", ""), branch=data.get("branch"),
        year=data.get("year") or None, search=data.get("q", ""), flagged=data.get("flagged", False),
        stage=data.get("stage", ""),
        unlogged=data.get("unlogged", False), mine=data.get("mine", False),
    )  # fmt: skip
    # The projects behind an appraisal's figure: those a person (``person``) or a team's people (``unit``) took part in.
    for param, column in (("person", "person_id"), ("unit", "person__unit_id")):
        if (pk := parse_id(request.GET.get(param))) is not None:
            qs = qs.filter(pk__in=ProjectMember.objects.filter(**{column: pk}).values("project_id"))
    return form, qs


def project_list(request):
    form, qs = _filtered(request)
    page = Paginator(qs.values_list("pk", flat=True), 25).get_page(request.GET.get("page"))
    projects = selectors.project_page_rows(ids=list(page.object_list))
    context = {
        "filter_form": form, "page_obj": page, "projects": projects,
        "may_apply": may(request.user, Action.ADD, Project),
    }  # fmt: skip
    return render(request, "projects/project_list.html", context)


LEDGER_COLUMNS = [
    Column("立项编号", 14, kind=CODE), Column("类型", 12), Column("项目名称", 36), Column("所属支部", 22),
    Column("负责人", 10), Column("开始日期", 12, kind=DATE), Column("结束日期", 12, kind=DATE), Column("状态", 10),
    Column("预期效益(元)", 16, kind=AMOUNT), Column("验收效益(元)", 16, kind=AMOUNT), Column("评定等级", 8),
    Column("缺少活动月数", 10, kind=INTEGER),
]  # fmt: skip


def _ledger_title(request, form):
    """立项台账(kind) · the branch filtered on or the user's orgs · the year filtered on."""
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    what = f"立项台账({ProjectKind(data['kind']).label})" if data.get("kind") else "立项台账"
    org = data["branch"].name if data.get("branch") else scope_label(model=PartyOrg, user=request.user)
    year = int(data["year"]) if data.get("year") else None
    return report_title(what, org, period_label(date(year, 1, 1), date(year, 12, 31)) if year else "")


def project_export(request):
    """The ledger (立项台账) with the current filters, as Excel."""
    form, qs = _filtered(request)
    rows = (
        [p.number, p.get_kind_display(), p.title, str(p.branch), p.leader.name, p.start_date, p.end_date,
         p.get_status_display(), p.expected_benefit, p.measured_benefit, p.get_rating_display(),
         p.missing_months if p.status in ACTIVE_STATUSES else 0]
        for p in qs.iterator(chunk_size=2000)
    )  # fmt: skip
    data = write_table(columns=LEDGER_COLUMNS, rows=rows, sheet_name="立项台账", title=_ledger_title(request, form))
    return file_response(data, f"立项台账-{timezone.localdate():%Y%m%d}.xlsx", "xlsx")


def project_detail(request, pk):
    project = get_scoped_object(request, Project.objects.select_related("branch", "leader"), pk=pk)
    row = selectors.with_missing_months(Project.objects.filter(pk=pk)).values("missing_months").get()
    may_change = may(request.user, Action.CHANGE, project)
    # The team and the participants are part of the project: whoever sees it sees its people.
    context = {
        "project": project,
        "team": project.members.select_related("person").order_by("id"),
        "logs": project.logs.prefetch_related("participants").order_by("-date", "-id"),
        "timeline": selectors.project_timeline(project=project),
        "missing": selectors.project_missing_months(project=project) if project.status in ACTIVE_STATUSES else [],
        "missing_count": row["missing_months"],
        "actions": selectors.project_transition_choices(user=request.user, project=project),
        "transition_form": TransitionForm(initial={"version": project.version}),
        "log_form": LogForm(initial={"date": timezone.localdate()}),
        "may_log": project.status in ACTIVE_STATUSES and may_change,
        "may_team": project.status not in ENDED_STATUSES and may_change,
        "team_form": TeamMemberForm(),
    }
    return render(request, "projects/project_detail.html", context)


def _posted(request, pk, form, write):
    """A form posted from a project's page: ``write(cleaned_data)`` calls the service and returns the message.

    The page is shown again either way, with the outcome or the errors as a message.
    """
    if form.is_valid():
        try:
            success(request, write(form.cleaned_data))
            return redirect("project-detail", pk=pk)
        except ValidationError as exc:
            apply_service_errors(form, exc)
    messages.error(request, ";".join(e for errs in form.errors.values() for e in errs) or "操作未完成。")
    return redirect("project-detail", pk=pk)


def _done(request, pk, write):
    """A button on a project's page: ``write()`` calls the service and returns the message."""
    try:
        success(request, write())
    except ValidationError as exc:
        messages.error(request, ";".join(exc.messages))
    return redirect("project-detail", pk=pk)


@require_POST
def project_transition(request, pk):
    project = get_scoped_object(request, Project, Action.VIEW, pk=pk)

    def write(data):
        data = dict(data)
        action = data.pop("action")
        done = services.project_transition(
            actor=request.user, project=project, action=action, expected_version=data.pop("version", None), **data
        )
        return f"{TRANSITION_DONE[Transition(action)]}:{done.title}"

    return _posted(request, pk, TransitionForm(request.POST), write)


@require_POST
def project_log(request, pk):
    project = get_scoped_object(request, Project, Action.CHANGE, pk=pk)

    def write(data):
        services.project_log_create(actor=request.user, project=project, **data)
        return "已登记本月活动。"

    return _posted(request, pk, LogForm(request.POST, request.FILES), write)


def project_log_attachment(request, pk, log_pk):
    """A log's file, to whoever may see the project."""
    log = get_scoped_object(request, ProjectLog, project_id=pk, pk=log_pk)
    if not log.attachment:
        raise Http404
    return stored_file_response(log.attachment, log.attachment.name.rpartition("/")[2])


@require_POST
def project_log_delete(request, pk, log_pk):
    log = get_scoped_object(request, ProjectLog, Action.DELETE, project_id=pk, pk=log_pk)

    def write():
        services.project_log_delete(actor=request.user, log=log)
        return f"已删除 {log.date:%Y-%m-%d} 的活动记录。"

    return _done(request, pk, write)


@require_POST
def project_member_add(request, pk):
    project = get_scoped_object(request, Project, Action.CHANGE, pk=pk)

    def write(data):
        person = data["employee_no"]
        services.project_member_add(
            actor=request.user, project=project, person=person, role=data["role"], duty=data["duty"]
        )
        return f"已把 {person.name} 加入团队。"

    return _posted(request, pk, TeamMemberForm(request.POST), write)


@require_POST
def project_member_remove(request, pk, member_pk):
    member = get_scoped_object(
        request, ProjectMember.objects.select_related("person"), Action.DELETE, project_id=pk, pk=member_pk
    )

    def write():
        services.project_member_remove(actor=request.user, member=member)
        return f"已把 {member.person.name} 移出团队。"

    return _done(request, pk, write)


def project_create(request):
    if not may(request.user, Action.ADD, Project):
        raise Http404
    form = ProjectForm(
        request.POST or None,
        orgs=selectors.project_branch_choices(user=request.user, action=Action.ADD),
        people=lambda: Person.objects.restrict(request.user, Action.VIEW),
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("version", None)
        try:
            project = services.project_create(actor=request.user, **data)
            success(request, f"已申报:{project.title}")
            return redirect("project-detail", pk=project.pk)
        except ValidationError as exc:
            apply_service_errors(form, exc)
    return render(request, "projects/project_form.html", {"form": form, "title": "申报项目"})


def my_projects(request):
    projects = list(selectors.project_worked_on(user=request.user))
    return render(request, "projects/my_projects.html", {"projects": projects, "active": ACTIVE_STATUSES})


SUMMARY_PAGE = 25  # branches a page of the summary shows, as many as the ledger shows projects


def project_summary(request):
    """By branch: counts by status, active, completed, accepted benefit, months missing logs."""
    if not may(request.user, SUMMARY):
        raise Http404
    form = SummaryFilterForm(request.GET or None, orgs=selectors.project_branch_choices(user=request.user))
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    branch, year = data.get("branch"), int(data["year"]) if data.get("year") else None
    # A page of branches, the totals of them all: the page renders the rows it shows.
    branches = selectors.project_summary_branches(user=request.user, branch=branch, year=year)
    page = Paginator(branches.values_list("pk", flat=True), SUMMARY_PAGE).get_page(request.GET.get("page"))
    rows, summary = selectors.project_summary(
        user=request.user, branch=branch, year=year, branch_ids=list(page.object_list)
    )
    # Every figure opens the ledger with the same branch and year (and its stage or flag).
    year_query = f"year={year}&" if year else ""
    scope_query = year_query + (f"branch={branch.pk}" if branch else "")
    for row in rows:
        row["query"] = f"{year_query}branch={row['branch_id']}"
    context = {
        "filter_form": form, "rows": rows, "summary": summary, "year": year, "branch": branch, "page_obj": page,
        "year_query": year_query, "scope_query": scope_query,
    }  # fmt: skip
    return render(request, "projects/summary.html", context)


def project_word(request, pk, document, fmt="docx"):
    """The 申报表 (any time) or 结项报告 (once completion is applied for), as Word (``fmt`` docx) or PDF."""
    project = get_scoped_object(request, Project.objects.select_related("branch", "leader"), pk=pk)
    if document == "completion" and project.status not in (ProjectStatus.COMPLETION_APPLIED, *COMPLETED_STATUSES):
        raise Http404
    members = list(project.members.select_related("person").order_by("id"))
    # Rows other modules add about the project (the campaign targets it serves, say).
    extra = [row for rows in ask(events.PROJECT_DOCUMENT_ROWS, events.ProjectDocument(project=project)) for row in rows]
    if document == "application":
        key, name, context = APPLICATION, "申报表", application_context(project, members, extra)
    else:
        logs = list(project.logs.order_by("date", "id"))
        steps = selectors.project_timeline(project=project)
        key, name, context = COMPLETION, "结项报告", completion_context(project, members, logs, steps, extra)
    return document_response(
        request, key=key, context=context, filename=f"{name}-{project.title}", fmt=fmt,
        back=reverse("project-detail", args=[project.pk]),
    )  # fmt: skip


def project_import_page(request):
    """申报 many projects from Excel: the same checks as the form, all rows or none."""
    if not may(request.user, IMPORT):
        raise Http404
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        result = project_import(actor=request.user, source=form.cleaned_data["file"])
        if result.ok:
            success(request, f"已导入 {result.created} 个项目申报。")
    return render(request, "projects/project_import.html", {"form": form, "result": result})


def project_import_template(request):
    return file_response(project_template(actor=request.user), "项目申报导入模板.xlsx", "xlsx")
