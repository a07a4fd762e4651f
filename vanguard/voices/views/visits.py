"""Visit pages: the list with search and filters, recording a visit on a phone, a visit with its findings, Excel."""

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from vanguard.core.access import may
from vanguard.core.choices import Action
from vanguard.core.exports import export_response
from vanguard.core.views import apply_service_errors, get_scoped_object, success

from ..exports import VISIT_LEDGER
from ..finding_forms import VisitFilterForm, VisitForm
from ..models import Finding, Visit
from ..selectors import visits as selectors
from ..services import visits as services

PAGE = 25


def filtered_visits(user, params):
    form = VisitFilterForm(params or None)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    qs = selectors.visit_list(
        user=user, kind=data.get("kind", ""), unit=data.get("unit"), date_from=data.get("date_from"),
        date_to=data.get("date_to"), search=data.get("q", ""),
    )  # fmt: skip
    return form, qs


def visit_list(request):
    form, qs = filtered_visits(request.user, request.GET)
    page = Paginator(qs.values_list("pk", flat=True), PAGE).get_page(request.GET.get("page"))
    visits = selectors.visit_page_rows(ids=list(page.object_list))
    context = {
        "filter_form": form, "page_obj": page, "visits": visits, "may_record": may(request.user, Action.ADD, Visit),
    }  # fmt: skip
    return render(request, "voices/visit_list.html", context)


def visit_export(request):
    _form, qs = filtered_visits(request.user, request.GET)
    back = reverse("visit-list") + (f"?{request.GET.urlencode()}" if request.GET else "")
    return export_response(request, VISIT_LEDGER, rows=qs.count(), back=back)


def visit_create(request):
    """登记走访 on a phone: kind, subject, day, units, the leader (himself by default), participants, summary."""
    if not may(request.user, Action.ADD, Visit):
        raise Http404
    person = getattr(request.user, "person", None)
    initial = {"date": timezone.localdate()}
    if person is not None:
        initial |= {"leader": person.employee_no, "visiting_unit": person.unit_id}
    form = VisitForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            visit = services.visit_create(actor=request.user, **form.cleaned_data)
            success(request, f"已登记走访:{visit.title}")
            return redirect("visit-detail", pk=visit.pk)
        except ValidationError as exc:
            apply_service_errors(form, exc)
    return render(request, "voices/visit_form.html", {"form": form})


def visit_detail(request, pk):
    visit = get_scoped_object(request, Visit.objects.select_related("visiting_unit", "visited_unit", "leader"), pk=pk)
    context = {
        "visit": visit,
        "participants": list(visit.participants.order_by("employee_no")),
        "findings": selectors.visit_findings(user=request.user, visit=visit, today=timezone.localdate()),
        "may_raise": may(request.user, Action.ADD, Finding),
    }
    return render(request, "voices/visit_detail.html", context)
