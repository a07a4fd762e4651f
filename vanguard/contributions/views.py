"""The project page's panel of linked targets, and the two forms behind it (link, unlink)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.views.decorators.http import require_POST

from vanguard.campaigns.models import Target, TargetContribution
from vanguard.core.views import get_scoped_object, success
from vanguard.projects.models import Project

from . import selectors, services
from .choices import PROJECT_SOURCE


def project_targets_panel(request, project):
    """关联目标 on a project's page: the targets it serves, what was counted, a form to link one more."""
    links = selectors.project_links(project)
    may_link = (
        project.status not in services.UNLINKABLE
        and Project.objects.restrict(request.user, "change").filter(pk=project.pk).exists()
    )
    candidates = selectors.candidate_targets(request.user, project) if may_link else []
    if not links and not candidates:
        return ""
    visible = set(
        Target.objects.restrict(request.user).filter(pk__in=[c.target_id for c in links]).values_list("pk", flat=True)
    )
    for link in links:
        link.target_visible = link.target_id in visible
    context = {"project": project, "links": links, "candidates": candidates, "may_link": may_link}
    return render_to_string("contributions/_project_targets.html", context, request=request)


def _report(request, exc):
    messages.error(request, ";".join(exc.messages))


@require_POST
def project_target_add(request, pk):
    project = get_scoped_object(request, Project, "change", pk=pk)
    raw = request.POST.get("target", "")
    target = Target.objects.restrict(request.user).filter(pk=raw).first() if raw.isdigit() else None
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
    link = get_object_or_404(TargetContribution.objects.filter(source=PROJECT_SOURCE), pk=pk)
    project = get_scoped_object(request, Project, "change", pk=link.source_id)
    try:
        services.project_target_unlink(actor=request.user, contribution=link)
    except ValidationError as exc:
        _report(request, exc)
    else:
        success(request, f"已解除关联:{link.target.title}")
    return redirect("project-detail", pk=project.pk)
