"""Innovation studio pages (职工创新工作室): the registry with filters and Excel, a studio with its yearly
projects and its 复核, registering one."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from vanguard.core.access import may
from vanguard.core.choices import Action
from vanguard.core.exports import export_response
from vanguard.core.forms import StyledFormMixin
from vanguard.core.views import apply_service_errors, get_scoped_object, success
from vanguard.projects.choices import ProjectKind
from vanguard.projects.models import Project
from vanguard.voices.finding_forms import AnyUnitField, PeopleNumbersField, PersonNumberField

from ..choices import StudioLevel, StudioReviewOutcome
from ..models import InnovationStudio
from ..selectors import talent as selectors
from ..services import studios as services

PAGE = 25


class StudioFilterForm(StyledFormMixin, forms.Form):
    q = forms.CharField(label="搜索", required=False, help_text="工作室名称或领办人")
    level = forms.ChoiceField(label="级别", required=False, choices=[("", "全部"), *StudioLevel.choices])
    unit = AnyUnitField(label="单位", required=False)
    due = forms.ChoiceField(label="复核", required=False, choices=[("", "全部"), ("on", "逾期未复核")])


class StudioForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label="工作室名称", max_length=100)
    unit = AnyUnitField(label="所在单位")
    lead = PersonNumberField(label="领办人工号", max_length=32)
    members = PeopleNumbersField(label="成员工号", required=False, help_text="多个工号以空格或逗号分隔")
    founded = forms.DateField(label="命名日期", widget=forms.DateInput(attrs={"type": "date"}))
    level = forms.ChoiceField(label="级别", choices=StudioLevel.choices)
    focus = forms.CharField(label="创新方向", max_length=200, required=False)
    reconfirm_years = forms.IntegerField(label="复核周期(年)", min_value=1, max_value=10, initial=3)


class StudioProjectForm(StyledFormMixin, forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    project_number = forms.CharField(label="对应五小项目编号", max_length=30, required=False,
                                     help_text="已在项目管理中立项的,填立项编号,名称随项目")  # fmt: skip
    title = forms.CharField(label="项目名称", max_length=200, required=False)
    funding = forms.DecimalField(label="经费(元)", min_value=0, max_digits=14, decimal_places=2, initial=0)
    benefit = forms.DecimalField(label="创效(元)", required=False, max_digits=14, decimal_places=2)
    outputs = forms.CharField(label="成果", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean_project_number(self):
        number = (self.cleaned_data.get("project_number") or "").strip()
        if not number:
            return None
        project = Project.objects.filter(number=number, kind=ProjectKind.INNOVATION).first()
        if project is None:
            raise forms.ValidationError(f"找不到编号为“{number}”的五小项目。")
        return project


class StudioReviewForm(StyledFormMixin, forms.Form):
    outcome = forms.ChoiceField(label="复核结果", choices=StudioReviewOutcome.choices)
    reviewed_on = forms.DateField(label="复核日期", widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label="复核意见", required=False, widget=forms.Textarea(attrs={"rows": 2}))


def filtered_studios(user, params):
    form = StudioFilterForm(params or None)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    qs = selectors.studio_list(
        user=user, level=data.get("level", ""), unit=data.get("unit"), search=data.get("q", ""),
        due_before=timezone.localdate() if data.get("due") else None,
    )  # fmt: skip
    return form, qs


def studio_list(request):
    form, qs = filtered_studios(request.user, request.GET)
    page = Paginator(qs, PAGE).get_page(request.GET.get("page"))
    context = {
        "filter_form": form, "page_obj": page, "today": timezone.localdate(),
        "may_add": may(request.user, Action.ADD, InnovationStudio),
    }  # fmt: skip
    return render(request, "indicators/studio_list.html", context)


def studio_export(request):
    _form, qs = filtered_studios(request.user, request.GET)
    back = reverse("studio-list") + (f"?{request.GET.urlencode()}" if request.GET else "")
    return export_response(request, selectors.STUDIO_EXPORT, rows=qs.count(), back=back)


def studio_create(request, pk=None):
    """登记 a studio, or (with ``pk``) change its registry entry and members."""
    studio, initial = None, {}
    if pk is not None:
        studio = get_scoped_object(
            request, InnovationStudio.objects.select_related("lead"), action=Action.CHANGE, pk=pk
        )
        initial = {name: getattr(studio, name) for name in services.STUDIO_FIELDS}
        initial |= {"lead": studio.lead.employee_no, "unit": studio.unit_id,
                    "members": " ".join(studio.members.order_by("employee_no").values_list("employee_no", flat=True))}  # fmt: skip
    elif not may(request.user, Action.ADD, InnovationStudio):
        raise Http404
    form = StudioForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        members = data.pop("members")
        try:
            studio = services.studio_save(actor=request.user, studio=studio, data=data, members=members,
                                          expected_version=studio.version if studio else None)  # fmt: skip
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            success(request, f"已登记“{studio.name}”。")
            return redirect("studio-detail", studio.pk)
    return render(request, "indicators/studio_form.html", {"form": form, "studio": studio})


def studio_detail(request, pk):
    """A studio: its members, yearly projects (linked 五小 projects open in their app) and 复核 history; the
    managers add a project or a review on the same page (``form`` in the POST)."""
    studio = get_scoped_object(request, InnovationStudio.objects.select_related("unit", "lead"), pk=pk)
    may_change = may(request.user, Action.CHANGE, studio)
    today = timezone.localdate()
    project_form = StudioProjectForm(initial={"year": today.year})
    review_form = StudioReviewForm(initial={"reviewed_on": today})
    if request.method == "POST":
        if not may_change:
            raise Http404
        if request.POST.get("form") == "review":
            review_form = StudioReviewForm(request.POST)
            if review_form.is_valid() and _save(review_form, services.studio_review_record, request.user, studio):
                success(request, "复核已登记。")
                return redirect("studio-detail", studio.pk)
        else:
            project_form = StudioProjectForm(request.POST)
            if project_form.is_valid():
                data = dict(project_form.cleaned_data)
                data["project"] = data.pop("project_number")
                if _save(project_form, services.studio_project_save, request.user, studio, data):
                    success(request, "年度项目已登记。")
                    return redirect("studio-detail", studio.pk)
    context = {
        "studio": studio, "members": studio.members.order_by("employee_no")[:200],
        "projects": studio.projects.select_related("project").order_by("-year", "pk"),
        "reviews": studio.reviews.all(), "may_change": may_change, "overdue": studio.reconfirm_overdue(today),
        "project_form": project_form, "review_form": review_form,
    }  # fmt: skip
    return render(request, "indicators/studio_detail.html", context)


def _save(form, service, actor, studio, data=None):
    try:
        service(actor=actor, studio=studio, **(data if data is not None else form.cleaned_data))
    except ValidationError as exc:
        apply_service_errors(form, exc)
        return False
    return True
