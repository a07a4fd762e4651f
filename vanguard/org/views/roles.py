"""Role assignments: who holds which role where. For the committee office and administrators."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from vanguard.core.access import may
from vanguard.core.choices import Action
from vanguard.core.views import apply_service_errors, get_scoped_object, success

from .. import selectors, services
from ..access import ASSIGN_ROLES, GRANT_GLOBAL
from ..choices import Role
from ..forms import RoleAssignmentForm
from ..models import PartyOrg, Person, RoleAssignment, Unit, person_search_q


def _require_assigner(request):
    if not may(request.user, ASSIGN_ROLES):
        raise Http404


def role_list(request):
    _require_assigner(request)
    assignments = (
        RoleAssignment.objects.restrict(request.user)
        .select_related("user__person", "party_org", "unit")
        .order_by("role", "user__username")
    )
    role = request.GET.get("role", "")
    if role in Role.values:
        assignments = assignments.filter(role=role)
    q = request.GET.get("q", "").strip()
    if q:
        assignments = assignments.filter(Q(user__username__icontains=q) | person_search_q(q, "user__person__"))
    rows = list(assignments[:500])
    _label_places(rows)
    context = {"assignments": rows, "roles": Role.choices, "role": role, "q": q}
    return render(request, "org/role_list.html", context)


def _label_places(assignments):
    """Each assignment's place by its full path (``轧管厂/第一作业区/加热工序/甲班``): teams share names."""
    orgs = selectors.path_labels(PartyOrg, [a.party_org for a in assignments])
    units = selectors.path_labels(Unit, [a.unit for a in assignments])
    for a in assignments:
        node, labels = (a.party_org, orgs) if a.party_org else (a.unit, units)
        a.place = labels.get(node.path, node.name) if node else "全局"


def _role_choices(request):
    if may(request.user, GRANT_GLOBAL):
        return Role.choices
    return [(value, label) for value, label in Role.choices if value != Role.SYSTEM_ADMIN]


def role_create(request):
    _require_assigner(request)
    form = RoleAssignmentForm(
        request.POST or None,
        role_choices=_role_choices(request),
        party_orgs=PartyOrg.objects.restrict(request.user, Action.CHANGE),
        units=Unit.objects.restrict(request.user, Action.CHANGE),
        people=Person.objects.restrict(request.user),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                user = form.person.user or services.person_account_open(
                    actor=request.user, person=form.person, password=data["password"]
                )
                services.role_assign(
                    actor=request.user,
                    user=user,
                    role=data["role"],
                    party_org=data["party_org"],
                    unit=data["unit"],
                    include_descendants=data["include_descendants"],
                )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            success(request, f"已为 {form.person.name} 分配角色 {Role(data['role']).label}。")
            return redirect("role-list")
    return render(request, "org/role_form.html", {"form": form})


@require_POST
def role_revoke(request, pk):
    _require_assigner(request)
    assignment = get_scoped_object(request, RoleAssignment, Action.DELETE, pk=pk)
    try:
        services.role_revoke(actor=request.user, assignment=assignment)
    except ValidationError as exc:
        success(request, exc.messages[0])
    else:
        success(request, "已撤销该角色。")
    return redirect("role-list")
