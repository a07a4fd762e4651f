"""A member's year, study hours and who is short, training records (with Excel), monthly reviews, field days."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from vanguard.core.access import choices, may
from vanguard.core.choices import Action
from vanguard.core.dates import add_months, month_start, parse_month
from vanguard.core.downloads import file_response
from vanguard.core.numbers import parse_id
from vanguard.core.scope import get_scope
from vanguard.core.views import apply_service_errors, get_scoped_object, success
from vanguard.org.forms import tree_choice
from vanguard.org.models import PartyOrg, Person, person_search_q

from .. import selectors, services
from ..access import FIELD_CADRES, IMPORT_TRAINING, SEE_FIELD_DAYS, SEE_HOURS
from ..choices import HalfDay
from ..defaults import ensure_defaults
from ..excel import training_import, training_template
from ..forms import FieldDayForm, ImportForm, TrainingForm
from ..models import FieldDay, Review, ReviewGrade, TrainingRecord


def _year(request):
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year", today.year))
    except ValueError:
        return today.year
    return year if 2000 <= year <= today.year else today.year


def _years():
    this = timezone.localdate().year
    return list(range(this, this - 4, -1))


# ---------------------------------------------------------------- a member's year


def my_year(request):
    person_id = get_scope(request.user).person_id
    if person_id is None:
        raise Http404
    return _year_page(request, Person.objects.get(pk=person_id), own=True)


def person_year(request, pk):
    person = get_scoped_object(request, Person, pk=pk)
    return _year_page(request, person, own=get_scope(request.user).person_id == person.pk)


def _year_page(request, person, own):
    context = selectors.person_year(person=person, year=_year(request), viewer=request.user)
    context.update(own=own, years=_years())
    return render(request, "orglife/person_year.html", context)


# ---------------------------------------------------------------- hours


def hours_shortfall(request):
    if not may(request.user, SEE_HOURS):
        raise Http404
    orgs = PartyOrg.objects.restrict(request.user).exclude(kind="group")
    org = None
    if org_id := parse_id(request.GET.get("org")):
        org = get_scoped_object(request, PartyOrg, pk=org_id)
    only_short = request.GET.get("all") != "1"
    year = _year(request)
    rows, rules = selectors.hours_table(user=request.user, org=org, year=year, only_short=only_short)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    context = {
        "page_obj": page, "rows": page.object_list, "rules": rules, "org": org, "year": year,
        "org_choice": tree_choice("org", orgs, org.pk if org else None, html_id="h-org"),
        "years": _years(), "only_short": only_short, "total": len(rows),
    }  # fmt: skip
    return render(request, "orglife/hours.html", context)


# ---------------------------------------------------------------- training


def training_list(request):
    if not may(request.user, Action.ADD, TrainingRecord):
        raise Http404
    people = choices(request.user, TrainingRecord, "person", Action.ADD)
    form = TrainingForm(request.POST or None, people=people)
    if request.method == "POST" and form.is_valid():
        try:
            services.training_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            success(request, "已登记培训记录。")
            return redirect("training-list")
    records = TrainingRecord.objects.restrict(request.user).select_related("person")
    q = request.GET.get("q", "").strip()
    if q:
        records = records.filter(person_search_q(q, "person__") | Q(title__contains=q))
    page = Paginator(records.order_by("-date", "-id"), 25).get_page(request.GET.get("page"))
    return render(request, "orglife/training_list.html", {"form": form, "page_obj": page, "q": q})


def training_import_page(request):
    if not may(request.user, IMPORT_TRAINING):
        raise Http404
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        result = training_import(actor=request.user, source=form.cleaned_data["file"])
        if result.ok:
            success(request, f"已导入 {result.created} 条培训记录。")
    return render(request, "orglife/training_import.html", {"form": form, "result": result})


def training_import_template(request):
    if not may(request.user, IMPORT_TRAINING):
        raise Http404
    return file_response(training_template(), "培训记录导入模板.xlsx", "xlsx")


# ---------------------------------------------------------------- reviews


def _month(request):
    text = request.GET.get("month") or request.POST.get("month") or ""
    return parse_month(text) or add_months(timezone.localdate(), -1)  # last month


def review_board(request):
    """The month's review of an org's members: one grade and a comment each, saved together."""
    orgs = choices(request.user, Review, "org", Action.ADD).exclude(kind="committee").order_by("path")
    org_id = parse_id(request.GET.get("org") or request.POST.get("org"))
    # The org asked for if the user may review it; else his first branch or group; else his first org.
    org = (orgs.filter(pk=org_id).first() if org_id else None) or orgs.filter(kind__in=("branch", "group")).first()
    org = org or orgs.first()
    if org is None:
        raise Http404
    month = _month(request)
    grades = list(ReviewGrade.objects.filter(is_active=True))
    if not grades and not ReviewGrade.objects.exists():
        ensure_defaults()
        grades = list(ReviewGrade.objects.filter(is_active=True))
    members = list(selectors.members_for_review(org=org))
    errors = []
    if request.method == "POST":
        by_code = {g.code: g for g in grades}
        saved = 0
        for m in members:
            code = request.POST.get(f"grade_{m.person_id}")
            if not code:
                continue
            try:
                services.review_record(
                    actor=request.user, person=m.person, org=org, month=month, grade=by_code[code],
                    comment=request.POST.get(f"comment_{m.person_id}", "").strip(),
                )  # fmt: skip
                saved += 1
            except (ValidationError, KeyError) as exc:
                errors.append(f"{m.person.name}:{';'.join(getattr(exc, 'messages', ['讲评等级无效']))}")
        if not errors:
            success(request, f"已保存 {saved} 人的讲评。")
            return redirect(f"{request.path}?org={org.pk}&month={month:%Y-%m}")
    reviews = selectors.reviews_of_month(org=org, month=month)
    rows = [{"membership": m, "review": reviews.get(m.person_id)} for m in members]
    context = {"org": org, "month": month, "grades": grades, "rows": rows, "errors": errors}
    context["org_choice"] = tree_choice("org", orgs, org.pk, html_id="r-org", empty_label=None)
    return render(request, "orglife/review_board.html", context)


# ---------------------------------------------------------------- field days


def field_days(request):
    """A cadre's own half-days on site; for secretaries and the office, the month's compliance per cadre."""
    scope = get_scope(request.user)
    person = Person.objects.filter(pk=scope.person_id).first() if scope.person_id else None
    is_cadre = person is not None and FIELD_CADRES.of_person(person)
    form = FieldDayForm(request.POST or None) if is_cadre else None
    if request.method == "POST":
        if not is_cadre:
            raise Http404
        if form.is_valid():
            try:
                services.field_day_create(actor=request.user, person=person, **form.cleaned_data)
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                success(request, "已登记深入现场。")
                return redirect("field-days")
    month = _month_or_this(request)
    own = list(FieldDay.objects.filter(person=person, date__gte=month)[:62]) if is_cadre else []
    own_status = (
        selectors.field_day_compliance(user=request.user, month=month, person_ids=[person.pk])[0] if is_cadre else None
    )
    # ``person``: one cadre's row (an appraisal's figure opens on it).
    one = [pid] if (pid := parse_id(request.GET.get("person"))) is not None else None
    table = (
        selectors.field_day_compliance(user=request.user, month=month, person_ids=one)
        if may(request.user, SEE_FIELD_DAYS)
        else []
    )
    context = {
        "form": form, "own": own, "own_status": own_status, "table": table, "month": month, "is_cadre": is_cadre,
        "halves": dict(HalfDay.choices),
    }  # fmt: skip
    if request.method == "POST" and form is not None and form.errors:
        messages.error(request, "登记未保存,请检查下面标红的内容。")
    return render(request, "orglife/field_days.html", context)


def _month_or_this(request):
    return parse_month(request.GET.get("month", "")) or month_start(timezone.localdate())
