"""Person pages: list with filters, detail, create, edit, membership."""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from vanguard.core.access import may
from vanguard.core.choices import Action
from vanguard.core.paging import CappedPaginator
from vanguard.core.views import ScopedListView, apply_service_errors, get_scoped_object, success

from .. import selectors, services
from ..access import EDIT_ROSTER, SEE_ID_CARDS, SEE_ROSTER, may_see_id_card
from ..filters import PersonFilter
from ..forms import MembershipForm, PersonForm
from ..models import PartyOrg, Person, Unit

# Sort keys of the list's column headers → ORDER BY (always ending on a unique column).
SORTS = {
    "name": ("name_initials", "name", "employee_no"),
    "employee_no": ("employee_no",),
    "unit": ("unit__path", "employee_no"),
    "political_status": ("political_status", "unit__path", "employee_no"),
    "birth_date": ("birth_date", "employee_no"),
    "education": ("education", "employee_no"),
    "cadre_level": ("cadre_level", "employee_no"),
}


def _sorted(queryset, key):
    descending = key.startswith("-")
    columns = SORTS.get(key.lstrip("-"))
    if not columns:
        return queryset
    return queryset.order_by(*(f"-{c}" if descending else c for c in columns))


class PersonListView(ScopedListView):
    """The roster: filters, search, sortable columns, pagination; 404 for members and workers."""

    model = Person
    template_name = "org/person_list.html"
    paginate_by = 25

    def get(self, request, *args, **kwargs):
        if not may(request.user, SEE_ROSTER):
            raise Http404
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        user = self.request.user
        self.filterset = PersonFilter(self.request.GET, queryset=selectors.person_list(user=user), request=self.request)
        form = self.filterset.form
        form.fields.pop("is_member", None)
        form.fields["q"].help_text = "姓名、工号或拼音（全拼或首字母，如 zhaowj、zwj）"
        return _sorted(self.filterset.qs, self.request.GET.get("sort", ""))

    def get_paginator(self, queryset, per_page, **kwargs):
        # A searched text counts to a thousand: a name as common as 王 would be checked on every person.
        if self.filterset.form.is_valid() and self.filterset.form.cleaned_data.get("q"):
            return CappedPaginator(queryset, per_page, **kwargs)
        return super().get_paginator(queryset, per_page, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = list(context["object_list"])
        units = selectors.path_labels(Unit, [p.unit for p in rows])
        orgs = selectors.path_labels(PartyOrg, [_membership_org(p) for p in rows])
        for person in rows:
            person.unit_label = units.get(person.unit.path, person.unit.name)
            org = _membership_org(person)
            person.party_org_label = orgs.get(org.path, org.name) if org else ""
        params = self.request.GET.copy()
        params.pop("page", None)
        context.update(
            rows=rows,
            filter=self.filterset,
            show_id_cards=may(self.request.user, SEE_ID_CARDS),
            may_edit=may(self.request.user, EDIT_ROSTER),
            export_query=params.urlencode(),
        )
        return context


def _membership_org(person):
    membership = getattr(person, "membership", None) if person.is_member else None
    return membership.party_org if membership else None


def person_detail(request, pk):
    user = request.user
    person = get_object_or_404(selectors.person_page(user=user), pk=pk)  # restricted: out of scope is 404
    org = _membership_org(person)
    unit_label = selectors.path_labels(Unit, [person.unit]).get(person.unit.path, person.unit.name)
    browse = may(user, SEE_ROSTER)
    context = {
        "person": person,
        "membership": getattr(person, "membership", None) if org else None,
        "unit_label": unit_label,
        "may_edit": person.may_change,
        "may_browse": browse,
        # Links to the unit and the party org only where the user may open them.
        "unit_link": browse and selectors.scope_covers(model=Unit, user=user, path=person.unit.path),
        "org_link": browse and org is not None and selectors.scope_covers(model=PartyOrg, user=user, path=org.path),
        "show_id_card": may_see_id_card(user, person),
        # Whoever sees the person sees their transfers (``org.access.TRANSFERS``: through the person).
        "transfers": person.transfers.select_related("from_org", "to_org")[:20],
    }
    return render(request, "org/person_detail.html", context)


def my_record(request):
    person = Person.objects.filter(user=request.user).first()
    if person is None:
        raise Http404
    return redirect("person-detail", pk=person.pk)


def _editable_units(user):
    return Unit.objects.restrict(user, Action.CHANGE)


def _person_data(form):
    return {k: v for k, v in form.cleaned_data.items() if k != "version"}


def person_create_view(request):
    if not may(request.user, EDIT_ROSTER):
        raise Http404
    form = PersonForm(request.POST or None, unit_queryset=_editable_units(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            person = services.person_create(actor=request.user, **_person_data(form))
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            success(request, f"已新增人员 {person.name}。")
            if person.is_member:
                success(request, "请填写党籍信息(所在党组织、入党日期等)。")
                return redirect("membership-edit", pk=person.pk)
            return redirect("person-detail", pk=person.pk)
    return render(request, "org/person_form.html", {"form": form, "title": "新增人员"})


def person_edit_view(request, pk):
    person = get_scoped_object(request, Person, Action.CHANGE, pk=pk)
    form = PersonForm(
        request.POST or None,
        instance=person,
        unit_queryset=_editable_units(request.user),
        show_id_card=may_see_id_card(request.user, person),
    )
    if request.method == "POST" and form.is_valid():
        fresh = Person.objects.get(pk=pk)
        try:
            services.person_update(
                actor=request.user,
                person=fresh,
                data=_person_data(form),
                expected_version=form.cleaned_data.get("version"),
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            success(request, "已保存。")
            return redirect("person-detail", pk=pk)
    # The form's instance took the submitted values; show the stored name in the title.
    name = Person.objects.filter(pk=pk).values_list("name", flat=True).first() if form.is_bound else person.name
    return render(
        request, "org/person_form.html", {"form": form, "title": "编辑人员", "person": person, "person_name": name}
    )


def membership_edit_view(request, pk):
    person = get_scoped_object(request, Person, Action.CHANGE, pk=pk)
    membership = getattr(person, "membership", None)
    form = MembershipForm(
        request.POST or None,
        instance=membership,
        party_org_queryset=PartyOrg.objects.restrict(request.user, Action.CHANGE),
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version", None)
        try:
            services.membership_set(actor=request.user, person=person, expected_version=version, **data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            success(request, "党籍信息已保存。")
            return redirect("person-detail", pk=pk)
    return render(request, "org/membership_form.html", {"form": form, "person": person, "membership": membership})
