"""The suggestion page's panel of what it became (a project, findings), and the form that makes the project."""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_POST

from vanguard.core.access import may
from vanguard.core.choices import Action
from vanguard.core.dates import add_months
from vanguard.core.numbers import parse_id
from vanguard.core.views import get_scoped_object, success
from vanguard.org.forms import tree_choice
from vanguard.projects.choices import ProjectKind
from vanguard.projects.models import Project
from vanguard.projects.selectors import project_branch_choices

from ..choices import ADOPTED_STATES
from ..models import Finding, Suggestion
from ..services.carry_on import PROJECT_KINDS, suggestion_project_create


def suggestion_records_panel(request, suggestion):
    """由此形成 on a suggestion's page: the project it became and the findings raised from it, with the ways on."""
    findings = list(Finding.objects.restrict(request.user).filter(suggestion=suggestion).order_by("id")[:20])
    project = (
        Project.objects.restrict(request.user).filter(pk=suggestion.project_id).first()
        if suggestion.project_id
        else None
    )
    adopted = suggestion.status in ADOPTED_STATES
    may_project = adopted and not suggestion.project_id and may(request.user, Action.APPROVE, suggestion)
    may_finding = adopted and may(request.user, Action.ADD, Finding)
    if not (findings or suggestion.project_id or may_project or may_finding):
        return ""
    branches = project_branch_choices(user=request.user, action=Action.ADD) if may_project else None
    context = {
        "suggestion": suggestion,
        "project": project,
        "project_hidden": suggestion.project_id and project is None,
        "findings": findings,
        "may_project": may_project,
        "may_finding": may_finding,
        "kinds": [(k, ProjectKind(k).label) for k in PROJECT_KINDS],
        "branch_field": tree_choice("branch", branches, None, html_id="id_project_branch", empty_label=None)
        if branches is not None
        else "",
        "end_date": add_months(timezone.localdate(), 6),
    }
    return render_to_string("voices/_suggestion_records.html", context, request=request)


def _date(text):
    try:
        return datetime.date.fromisoformat(text or "")
    except ValueError:
        return None


@require_POST
def suggestion_project(request, pk):
    """转为项目: the project is created from the suggestion and opened."""
    suggestion = get_scoped_object(request, Suggestion, Action.APPROVE, pk=pk)
    branches = project_branch_choices(user=request.user, action=Action.ADD)
    branch = branches.filter(pk=parse_id(request.POST.get("branch"))).first()
    end_date = _date(request.POST.get("end_date"))
    if branch is None or end_date is None:
        messages.error(request, "请选择项目所属支部并填写结束日期。")
        return redirect("suggestion-detail", pk=pk)
    try:
        project = suggestion_project_create(
            actor=request.user, suggestion=suggestion, kind=request.POST.get("kind", ""), branch=branch,
            end_date=end_date,
        )  # fmt: skip
    except ValidationError as exc:
        messages.error(request, ";".join(exc.messages))
        return redirect("suggestion-detail", pk=pk)
    success(request, f"已按建议申报项目:{project.title}")
    return redirect("project-detail", pk=project.pk)
