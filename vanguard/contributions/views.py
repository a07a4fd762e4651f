"""The project page's panel of linked targets, and the two forms behind it (link, unlink)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.views.decorators.http import require_POST

from vanguard.campaigns.models import Target
from vanguard.core.access import may
from vanguard.core.choices import Action
from vanguard.core.numbers import parse_id
from vanguard.core.views import get_scoped_object, success
from vanguard.projects.models import Project

from . import selectors, services
from .models import ProjectContribution


def project_targets_panel(request, project):
    """关联目标 on a project's page: the targets it serves, what was counted, a form to link one more."""
    links = selectors.project_target_list(project=project)
    may_link = project.status not in services.UNLINKABLE and may(request.user, Action.CHANGE, project)
    candidates = selectors.project_target_candidates(user=request.user, project=project) if may_link else []
    if not links and not candidates:
        return ""
    visible = set(
        Target.objects.restrict(request.user, Action.VIEW)
        .filter(pk__in=[c.target_id for c in links])
        .values_list("pk", flat=True)
    )
    for link in links:
        link.target_visible = link.target_id in visible
    context = {"project": project, "links": links, "candidates": candidates, "may_link": may_link}
    return render_to_string("contributions/_project_targets.html", context, request=request)


def _report(request, exc):
    messages.error(request, ";".join(exc.messages))


@require_POST
def project_target_add(request, pk):
    project = get_scoped_object(request, Project, Action.CHANGE, pk=pk)
    target_id = parse_id(request.POST.get("target"))
    target = Target.objects.restrict(request.user, Action.VIEW).filter(pk=target_id).first() if target_id else None
    if target is None:
        messages.error(request, "请选择要关联的目标。")
        return redirect("project-detail", pk=pk)
    try:
        link = services.project_target_link(actor=request.user, project=project, target=target)
    except ValidationError as exc:
        _report(request, exc)
    else:
        counted = f",已计入 {link.value.normalize():f} {target.metric_unit}" if link.counted else ""
        success(request, f"已关联目标:{target.title}{counted}")
    return redirect("project-detail", pk=pk)


@require_POST
def project_target_remove(request, pk):
    """Out of reach (the project is not the user's to change) answers 404, as if the link did not exist."""
    row = get_scoped_object(
        request, ProjectContribution.objects.select_related("contribution__target"), Action.DELETE, pk=pk
    )
    link = row.contribution
    try:
        services.project_target_unlink(actor=request.user, contribution=link)
    except ValidationError as exc:
        _report(request, exc)
    else:
        success(request, f"已解除关联:{link.target.title}")
    return redirect("project-detail", pk=row.project_id)
