"""Person pages: list with filters, detail, create, edit, membership."""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render

from vanguard.core.scope import get_scope
from vanguard.core.views import ScopedListView, apply_service_errors, get_scoped_object, success

from .. import selectors, services
from ..choices import SENSITIVE_VIEW_ROLES
from ..filters import PersonFilter
from ..forms import MembershipForm, PersonForm
from ..models import PartyOrg, Person, Unit


def may_see_id_cards(user):
    return get_scope(user).has_role(*SENSITIVE_VIEW_ROLES)


class PersonListView(ScopedListView):
    model = Person
    template_name = "org/person_list.html"

    def get_queryset(self):
        self.filterset = PersonFilter(self.request.GET, queryset=selectors.person_list(user=self.request.user))
        return self.filterset.qs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filter"] = self.filterset
        context["show_id_cards"] = may_see_id_cards(self.request.user)
        return context


def person_detail(request, pk):
    person = get_scoped_object(request, selectors.person_list(user=request.user), pk=pk)
    may_edit = Person.objects.restrict(request.user, "change").filter(pk=pk).exists()
    context = {
        "person": person,
        "may_edit": may_edit,
        "show_id_card": may_see_id_cards(request.user) or person.user_id == request.user.pk,
        "transfers": person.transfers.select_related("from_org", "to_org")[:20],
    }
    return render(request, "org/person_detail.html", context)


def my_record(request):
    person = Person.objects.filter(user=request.user).first()
    if person is None:
        raise Http404
    return redirect("person-detail", pk=person.pk)


def _editable_units(user):
    return Unit.objects.restrict(user, "change")


def person_create_view(request):
    if not get_scope(request.user).has_role(*services.ROSTER_CHANGE_ROLES):
        raise Http404
    form = PersonForm(request.POST or None, unit_queryset=_editable_units(request.user))
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            person = services.person_create(actor=request.user, **data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            success(request, f"已新增人员 {person.name}。")
            return redirect("person-detail", pk=person.pk)
    return render(request, "org/person_form.html", {"form": form, "title": "新增人员"})


def person_edit_view(request, pk):
    person = get_scoped_object(request, Person, "change", pk=pk)
    form = PersonForm(request.POST or None, instance=person, unit_queryset=_editable_units(request.user))
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        fresh = Person.objects.get(pk=pk)
        try:
            services.person_update(actor=request.user, person=fresh, data=data,
                                   expected_version=form.cleaned_data.get("version"))
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            success(request, "已保存。")
            return redirect("person-detail", pk=pk)
    return render(request, "org/person_form.html", {"form": form, "title": f"编辑 {person.name}", "person": person})


def membership_edit_view(request, pk):
    person = get_scoped_object(request, Person, "change", pk=pk)
    membership = getattr(person, "membership", None)
    form = MembershipForm(
        request.POST or None, instance=membership, party_org_queryset=PartyOrg.objects.restrict(request.user, "change")
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("version", None)
        try:
            services.membership_set(actor=request.user, person=person, **data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            success(request, "党籍信息已保存。")
            return redirect("person-detail", pk=pk)
    return render(request, "org/membership_form.html", {"form": form, "person": person})
