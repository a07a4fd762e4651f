"""The lists the office keeps of whom some meetings expect: a committee's central study group (中心组学习)
and the star team leaders (明星班组长座谈会)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from vanguard.core.access import choices, may
from vanguard.core.choices import Action
from vanguard.core.views import apply_service_errors, get_scoped_object, success
from vanguard.org.choices import CadreLevel, PartyOrgKind
from vanguard.org.models import Person

from .. import services
from ..access import SEE_ATTENDEE_LISTS
from ..forms import CentralGroupForm, StarTitleForm
from ..models import CentralGroupMember, StarTeamLeader


def attendee_lists(request):
    if not may(request.user, SEE_ATTENDEE_LISTS):
        raise Http404
    committees = list(
        choices(request.user, CentralGroupMember, "org", Action.VIEW)
        .filter(kind=PartyOrgKind.COMMITTEE)
        .order_by("path")
    )
    org = next(
        (o for o in committees if str(o.pk) == request.GET.get("org", "")), committees[0] if committees else None
    )
    may_keep_group = (
        org is not None and choices(request.user, CentralGroupMember, "org", Action.ADD).filter(pk=org.pk).exists()
    )
    may_award = may(request.user, Action.ADD, StarTeamLeader)
    action = request.POST.get("action") if request.method == "POST" else None
    group_form = CentralGroupForm(
        request.POST if action == "central" else None,
        people=Person.objects.restrict(request.user).filter(is_active=True),
    )
    star_form = StarTitleForm(
        request.POST if action == "star" else None,
        people=choices(request.user, StarTeamLeader, "person", Action.ADD).filter(cadre_level=CadreLevel.TEAM_LEADER),
    )
    if action == "central" and may_keep_group and group_form.is_valid():
        try:
            services.central_group_add(actor=request.user, org=org, **group_form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(group_form, exc)
        else:
            success(request, "已加入中心组名单。")
            return redirect(f"{reverse('attendee-lists')}?org={org.pk}")
    if action == "star" and may_award and star_form.is_valid():
        try:
            services.star_title_award(actor=request.user, **star_form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(star_form, exc)
        else:
            success(request, "已命名明星班组长。")
            return redirect(f"{reverse('attendee-lists')}?org={org.pk}" if org else "attendee-lists")
    group = (
        CentralGroupMember.objects.restrict(request.user).filter(org=org).select_related("person__unit")
        if org is not None
        else CentralGroupMember.objects.none()
    )
    stars = StarTeamLeader.objects.restrict(request.user).select_related("person__unit")[:300]
    context = {
        "committees": committees, "org": org, "group": list(group), "stars": list(stars),
        "group_form": group_form if may_keep_group else None, "star_form": star_form if may_award else None,
    }  # fmt: skip
    return render(request, "orglife/attendee_lists.html", context)


@require_POST
def central_group_leave(request, pk):
    member = get_scoped_object(request, CentralGroupMember.objects.select_related("person"), Action.CHANGE, pk=pk)
    try:
        services.central_group_leave(actor=request.user, member=member)
    except ValidationError as exc:
        messages.error(request, ";".join(exc.messages))
    else:
        success(request, f"{member.person.name} 已退出中心组,此前的中心组学习仍记有他。")
    return redirect(f"{reverse('attendee-lists')}?org={member.org_id}")


@require_POST
def star_title_revoke(request, pk):
    title = get_scoped_object(request, StarTeamLeader.objects.select_related("person"), Action.CHANGE, pk=pk)
    try:
        services.star_title_revoke(actor=request.user, title=title)
    except ValidationError as exc:
        messages.error(request, ";".join(exc.messages))
    else:
        success(request, f"已撤销 {title.person.name} 的明星班组长称号。")
    return redirect("attendee-lists")
