"""The project page's panel of linked targets, and the two forms behind it (link, unlink)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.views.decorators.http import require_POST

from vanguard.campaigns.models import Target
from vanguard.core.access import may
from vanguard.core.choices import Action
from vanguard.core.numbers import parse_id
from vanguard.core.views import get_scoped_object, object_page_url, success
from vanguard.projects.models import Project
from vanguard.voices.models import Suggestion

from . import selectors, services
from .choices import SUGGESTION_SOURCE
from .models import ProjectContribution, SuggestionContribution


def _mark_visible(user, links):
    """Each link's ``target_visible``: whether the user may open its target (one query for them all)."""
    ids = [c.target_id for c in links]
    visible = set(Target.objects.restrict(user, Action.VIEW).filter(pk__in=ids).values_list("pk", flat=True))
    for link in links:
        link.target_visible = link.target_id in visible


def _chosen_target(request):
    """The target posted in the link form, if the user may see it."""
    target_id = parse_id(request.POST.get("target"))
    return Target.objects.restrict(request.user, Action.VIEW).filter(pk=target_id).first() if target_id else None


def _linked(request, link, target):
    counted = f",已计入 {link.value.normalize():f} {target.metric_unit}" if link.counted else ""
    success(request, f"已关联目标:{target.title}{counted}")


def project_targets_panel(request, project):
    """关联目标 on a project's page: the targets it serves, what was counted, a form to link one more."""
    links = selectors.project_target_list(project=project)
    may_link = project.status not in services.UNLINKABLE and may(request.user, Action.CHANGE, project)
    candidates = selectors.project_target_candidates(user=request.user, project=project) if may_link else []
    if not links and not candidates:
        return ""
    _mark_visible(request.user, links)
    context = {"project": project, "links": links, "candidates": candidates, "may_link": may_link}
    return render_to_string("contributions/_project_targets.html", context, request=request)


def _report(request, exc):
    messages.error(request, ";".join(exc.messages))


@require_POST
def project_target_add(request, pk):
    project = get_scoped_object(request, Project, Action.CHANGE, pk=pk)
    target = _chosen_target(request)
    if target is None:
        messages.error(request, "请选择要关联的目标。")
        return redirect("project-detail", pk=pk)
    try:
        link = services.project_target_link(actor=request.user, project=project, target=target)
    except ValidationError as exc:
        _report(request, exc)
    else:
        _linked(request, link, target)
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


# ---- suggestions


def suggestion_targets_panel(request, suggestion):
    """关联目标 on a suggestion's page: the targets its verified benefit counts into, and a form to link one more."""
    links = selectors.suggestion_target_list(suggestion=suggestion)
    may_link = suggestion.status not in services.SUGGESTION_UNLINKABLE and services.may_link_suggestion(
        request.user, suggestion
    )
    candidates = selectors.suggestion_target_candidates(user=request.user, suggestion=suggestion) if may_link else []
    if not links and not candidates:
        return ""
    _mark_visible(request.user, links)
    context = {"suggestion": suggestion, "links": links, "candidates": candidates, "may_link": may_link}
    return render_to_string("contributions/_suggestion_targets.html", context, request=request)


def _suggestion_page(pk):
    return redirect(object_page_url(SUGGESTION_SOURCE, pk) or "home")


@require_POST
def suggestion_target_add(request, pk):
    suggestion = get_scoped_object(request, Suggestion.objects.select_related("unit"), pk=pk)
    if not services.may_link_suggestion(request.user, suggestion):
        raise Http404  # the proposer sees his suggestion, its links are not his to make
    target = _chosen_target(request)
    if target is None:
        messages.error(request, "请选择要关联的目标。")
        return _suggestion_page(pk)
    try:
        link = services.suggestion_target_link(actor=request.user, suggestion=suggestion, target=target)
    except ValidationError as exc:
        _report(request, exc)
    else:
        _linked(request, link, target)
    return _suggestion_page(pk)


@require_POST
def suggestion_target_remove(request, pk):
    """Out of reach answers 404, as if the link did not exist; a counted value leaves the target with the link."""
    row = get_scoped_object(
        request, SuggestionContribution.objects.select_related("contribution__target"), Action.DELETE, pk=pk
    )
    link = row.contribution
    try:
        services.suggestion_target_unlink(actor=request.user, contribution=link)
    except ValidationError as exc:
        _report(request, exc)
    else:
        success(request, f"已解除关联:{link.target.title}")
    return _suggestion_page(row.suggestion_id)


# ---- end suggestions
