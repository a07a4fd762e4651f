"""Talent pages: the talent pool (人才库) with its filters and Excel, one's own titles, the titles and their
criteria, nominations with their assessment steps, revocation, and the plans (《人才培养使用规划》) with
their ledger."""

from decimal import Decimal, InvalidOperation

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from vanguard.core.access import may
from vanguard.core.choices import Action
from vanguard.core.exceptions import ScopeError
from vanguard.core.exports import export_response
from vanguard.core.forms import StyledFormMixin
from vanguard.core.numbers import parse_id
from vanguard.core.paging import CappedPaginator
from vanguard.core.scope import get_scope
from vanguard.core.views import apply_service_errors, get_scoped_object, success
from vanguard.org.choices import Channel, Role
from vanguard.voices.finding_forms import AnyUnitField, PeopleNumbersField, PersonNumberField

from ..access import MANAGE_TALENT, SEE_TALENT_POOL
from ..choices import NominationStatus, PlanRecordKind, TalentTitleKind
from ..models import TalentAward, TalentNomination, TalentPlan, TalentTitle
from ..selectors import talent as selectors
from ..services import talent as services

PAGE = 25

# ---------------------------------------------------------------- forms


def _title_choices():
    return TalentTitle.objects.filter(active=True).order_by("order", "pk")


class PoolFilterForm(StyledFormMixin, forms.Form):
    q = forms.CharField(label="搜索", required=False, help_text="姓名或工号")
    channel = forms.ChoiceField(label="人才通道", required=False, choices=[("", "全部"), *Channel.choices])
    title = forms.ModelChoiceField(
        label="称号", required=False, queryset=TalentTitle.objects.none(), empty_label="全部"
    )
    unit = AnyUnitField(label="单位", required=False)
    state = forms.ChoiceField(label="状态", required=False, choices=list(selectors.POOL_STATES.items()))
    year = forms.IntegerField(label="年度", required=False, min_value=2000, max_value=2100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].queryset = TalentTitle.objects.order_by("order", "pk")


class NominationFilterForm(StyledFormMixin, forms.Form):
    q = forms.CharField(label="搜索", required=False, help_text="姓名或工号")
    status = forms.ChoiceField(label="状态", required=False, choices=[("", "全部"), *NominationStatus.choices])
    todo = forms.ChoiceField(label="待办", required=False, choices=[("", "全部"), ("score", "待我评分")])
    title = forms.ModelChoiceField(
        label="称号", required=False, queryset=TalentTitle.objects.none(), empty_label="全部"
    )
    year = forms.IntegerField(label="年度", required=False, min_value=2000, max_value=2100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].queryset = TalentTitle.objects.order_by("order", "pk")


class NominationForm(StyledFormMixin, forms.Form):
    person = PersonNumberField(label="被推荐人工号", max_length=32)
    title = forms.ModelChoiceField(label="称号", queryset=TalentTitle.objects.none())
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    nominator_name = forms.CharField(label="推荐人/推荐单位", max_length=100, required=False)
    reasons = forms.CharField(label="推荐理由", widget=forms.Textarea(attrs={"rows": 3}))
    evidence = forms.CharField(label="业绩与证明材料", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].queryset = _title_choices()


class TitleForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label="称号名称", max_length=50)
    kind = forms.ChoiceField(label="类别", choices=TalentTitleKind.choices)
    channel = forms.ChoiceField(label="人才通道", choices=Channel.choices)
    term_years = forms.IntegerField(label="聘期(年)", min_value=1, max_value=10)
    pass_score = forms.DecimalField(label="通过分数线", min_value=0, max_digits=6, decimal_places=2)
    min_assessors = forms.IntegerField(label="评审组最少人数", min_value=1, max_value=15)
    criteria = forms.CharField(
        label="评审标准",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="每行一项:标准名称 满分,如“操作技能水平 35”",
    )
    description = forms.CharField(label="条件与待遇", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    active = forms.BooleanField(label="启用", required=False, initial=True)

    def clean_criteria(self):
        rows = []
        for number, line in enumerate(self.cleaned_data["criteria"].splitlines(), start=1):
            if not line.strip():
                continue
            name, _, score = line.strip().rpartition(" ")
            try:
                rows.append((name.strip(), Decimal(score)))
            except InvalidOperation:
                raise forms.ValidationError(
                    f"第 {number} 行“{line.strip()[:20]}”:满分须是数字,写在名称后、以空格分隔。"
                ) from None
        return rows


class PanelForm(StyledFormMixin, forms.Form):
    assessors = PeopleNumbersField(label="评审组成员工号", help_text="多个工号以空格或逗号分隔")


class ReasonForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(label="原因", max_length=300)


class PlanFilterForm(StyledFormMixin, forms.Form):
    year = forms.IntegerField(label="年度", required=False, min_value=2000, max_value=2100)
    unit = AnyUnitField(label="单位", required=False)


class PlanForm(StyledFormMixin, forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    unit = AnyUnitField(label="单位")
    channel = forms.ChoiceField(label="人才通道", required=False, choices=[("", "三支队伍"), *Channel.choices])
    name = forms.CharField(label="规划名称", max_length=100)
    measures = forms.CharField(label="培养使用措施", widget=forms.Textarea(attrs={"rows": 4}))
    training_hours_goal = forms.DecimalField(label="计划培训学时", required=False, min_value=0, max_digits=8,
                                             decimal_places=1)  # fmt: skip
    budget = forms.DecimalField(label="激励预算(元)", required=False, min_value=0, max_digits=14, decimal_places=2)


class PlanRecordForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(label="类别", choices=PlanRecordKind.choices)
    date = forms.DateField(label="日期", widget=forms.DateInput(attrs={"type": "date"}))
    content = forms.CharField(label="内容", max_length=200)
    person = PersonNumberField(label="人员工号", max_length=32, required=False)
    hours = forms.DecimalField(label="学时", required=False, min_value=0, max_digits=8, decimal_places=1)
    amount = forms.DecimalField(label="金额(元)", required=False, min_value=0, max_digits=14, decimal_places=2)


# ---------------------------------------------------------------- the talent pool


def _data(form):
    return form.cleaned_data if form.is_bound and form.is_valid() else {}


def filtered_pool(user, params, today):
    """The pool's people ``user`` sees with the filters in ``params``: (form, queryset, year)."""
    form = PoolFilterForm(params or None)
    data = _data(form)
    people = selectors.pool_people(
        user=user, today=today, state=data.get("state") or "current", channel=data.get("channel", ""),
        title=data.get("title"), unit=data.get("unit"), search=data.get("q", ""),
    )  # fmt: skip
    return form, people, data.get("year") or today.year


def talent_pool(request):
    """人才库: each person's titles, and his year's contest placings, training hours, projects and adopted
    suggestions read from where they are kept."""
    if not may(request.user, SEE_TALENT_POOL):
        raise Http404
    today = timezone.localdate()
    form, people, year = filtered_pool(request.user, request.GET, today)
    page = CappedPaginator(people.values_list("pk", flat=True), PAGE).get_page(request.GET.get("page"))
    rows = selectors.pool_rows(user=request.user, person_ids=list(page.object_list), year=year, today=today)
    context = {"filter_form": form, "page_obj": page, "rows": rows, "year": year, "today": today}
    return render(request, "indicators/talent_pool.html", context)


def talent_pool_export(request):
    if not may(request.user, SEE_TALENT_POOL):
        raise Http404
    _form, people, _year = filtered_pool(request.user, request.GET, timezone.localdate())
    back = reverse("talent-pool") + (f"?{request.GET.urlencode()}" if request.GET else "")
    return export_response(request, selectors.POOL_EXPORT, rows=people.count(), back=back)


def talent_mine(request):
    """我的人才称号: one's titles (in force or not) and nominations."""
    person = getattr(request.user, "person", None)
    if person is None:
        raise Http404
    today = timezone.localdate()
    context = {
        "awards": selectors.my_awards(person=person, today=today),
        "nominations": person.nominations.select_related("title").order_by("-year", "-pk")[:50],
        "figures": selectors.person_figures([person.pk], today.year).get(person.pk, {}),
        "placings": selectors.contest_placings([person.pk], today.year).get(person.pk, []),
        "year": today.year,
    }
    return render(request, "indicators/talent_mine.html", context)


def talent_titles(request):
    """人才称号 and their criteria, per channel."""
    titles = TalentTitle.objects.select_related("unit").prefetch_related("criteria").order_by("channel", "order")
    context = {"titles": titles, "may_add": may(request.user, Action.ADD, TalentTitle)}
    return render(request, "indicators/talent_titles.html", context)


def talent_title_edit(request, pk=None):
    """设立 or change a title and its criteria (the office: the company's; the union: its unit's own)."""
    title = None
    if pk is not None:
        title = get_scoped_object(request, TalentTitle, action=Action.CHANGE, pk=pk)
    elif not may(request.user, Action.ADD, TalentTitle):
        raise Http404
    initial = {"kind": "custom", "term_years": 3, "pass_score": 80, "min_assessors": 3, "active": True}
    if title is not None:
        initial = {name: getattr(title, name) for name in services.TITLE_FIELDS if name != "order"}
        initial["criteria"] = "\n".join(f"{c.name} {c.max_score.normalize():f}" for c in title.criteria.all())
    form = TitleForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        criteria = data.pop("criteria")
        unit = None if may(request.user, Action.ADD, TalentTitle) and _office(request.user) else _union_unit(request)
        try:
            title = services.talent_title_save(actor=request.user, title=title, data=data, criteria=criteria,
                                               unit=unit, expected_version=title.version if title else None)  # fmt: skip
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            success(request, f"称号“{title.name}”已保存。")
            return redirect("talent-titles")
    return render(request, "indicators/talent_title_form.html", {"form": form, "title": title})


def _office(user):
    from ..access import OFFICE

    scope = get_scope(user)
    return scope is not None and (scope.is_global_admin or scope.has_role(*OFFICE))


def _union_unit(request):
    """The unit a union cadre sets his own titles for: that of his grant."""
    grant = request.user.role_assignments.filter(role=Role.UNION_CADRE, unit__isnull=False).first()
    return grant.unit if grant else None


# ---------------------------------------------------------------- nominations


def talent_nominations(request):
    form = NominationFilterForm(request.GET or None)
    data = _data(form)
    qs = selectors.nomination_list(
        user=request.user, status=data.get("status", ""), year=data.get("year"), title=data.get("title"),
        search=data.get("q", ""), todo=data.get("todo", ""),
    )  # fmt: skip
    # The page's ids from the nominations alone (their index gives the newest first), then those rows joined.
    page = Paginator(qs.values_list("pk", flat=True), PAGE).get_page(request.GET.get("page"))
    rows = TalentNomination.objects.filter(pk__in=list(page.object_list)).select_related("person__unit", "title")
    context = {
        "filter_form": form, "page_obj": page, "nominations": rows.order_by("-year", "-pk"),
        "may_nominate": may(request.user, MANAGE_TALENT),
    }  # fmt: skip
    return render(request, "indicators/talent_nominations.html", context)


def talent_nomination_create(request):
    """推荐人才; with ``?renews=<award>``, the re-assessment (复评) of an award whose term ends."""
    if not may(request.user, MANAGE_TALENT):
        raise Http404
    renews = None
    if parse_id(request.GET.get("renews")):
        renews = get_scoped_object(request, TalentAward.objects.select_related("person", "title"),
                                   action=Action.CHANGE, pk=parse_id(request.GET["renews"]))  # fmt: skip
    today = timezone.localdate()
    initial = {"year": today.year}
    if renews is not None:
        initial |= {"person": renews.person.employee_no, "title": renews.title_id, "reasons": "聘期届满复评"}
    form = NominationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            nomination = services.talent_nominate(actor=request.user, renews=renews, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            success(request, f"已推荐{nomination.person.name}为“{nomination.title.name}”。")
            return redirect("talent-nomination-detail", nomination.pk)
    return render(request, "indicators/talent_nomination_form.html", {"form": form, "renews": renews})


def talent_nomination_detail(request, pk):
    nomination = get_scoped_object(
        request, TalentNomination.objects.select_related("person__unit", "title", "renews"), pk=pk
    )
    may_manage = may(request.user, Action.CHANGE, nomination)
    may_score = may(request.user, Action.REVIEW, nomination)
    criteria, sheet = selectors.nomination_sheet(nomination=nomination) if may_manage or may_score else ([], [])
    person = getattr(request.user, "person", None)
    if not may_manage:  # an assessor sees his own sheet, not the others'
        sheet = [row for row in sheet if person is not None and row["person"].pk == person.pk]
    mine = next((row for row in sheet if person is not None and row["person"].pk == person.pk), None)
    context = {
        "nomination": nomination, "criteria": criteria, "sheet": sheet, "may_manage": may_manage,
        "may_score": may_score and nomination.status == NominationStatus.ASSESSING,
        "score_fields": list(zip(criteria, mine["cells"] if mine else [None] * len(criteria), strict=True)),
        "panel_form": PanelForm(), "reason_form": ReasonForm(),
        "award": getattr(nomination, "award", None) if nomination.status == NominationStatus.AWARDED else None,
    }  # fmt: skip
    return render(request, "indicators/talent_nomination_detail.html", context)


@require_POST
def talent_nomination_step(request, pk):
    """One step of a nomination: 组建评审组, 评分, 评审结论, 授予, 撤回 (``step`` in the form)."""
    nomination = get_scoped_object(request, TalentNomination.objects.select_related("title", "person"), pk=pk)
    step = request.POST.get("step", "")
    try:
        _take_step(request, nomination, step)
    except ScopeError as exc:
        raise PermissionDenied(exc.messages[0]) from None
    except ValidationError as exc:
        messages.error(request, "未办理:" + ";".join(exc.messages))
    return redirect("talent-nomination-detail", nomination.pk)


def _take_step(request, nomination, step):
    actor = request.user
    if step == "panel":
        form = PanelForm(request.POST)
        if not form.is_valid():
            raise ValidationError(";".join(m for errors in form.errors.values() for m in errors))
        services.talent_panel_set(actor=actor, nomination=nomination, assessors=form.cleaned_data["assessors"])
        success(request, "评审组已组建,评审开始。")
    elif step == "score":
        scores = {c.pk: request.POST.get(f"score_{c.pk}", "") for c in nomination.title.criteria.all()}
        services.talent_scores_submit(actor=actor, nomination=nomination, scores=scores)
        success(request, "评分已提交。")
    elif step == "conclude":
        services.talent_assessment_conclude(actor=actor, nomination=nomination)
        success(request, f"评审结论:{nomination.get_status_display()}(平均 {nomination.mean_score} 分)。")
    elif step == "award":
        award = services.talent_award_grant(actor=actor, nomination=nomination)
        success(request, f"已授予“{award.title.name}”,聘期至 {award.valid_to:%Y-%m-%d}。")
    elif step == "withdraw":
        services.talent_nomination_withdraw(actor=actor, nomination=nomination, reason=request.POST.get("reason", ""))
        success(request, "推荐已撤回。")
    else:
        raise ValidationError("未知的办理步骤。")


@require_POST
def talent_award_revoke(request, pk):
    award = get_scoped_object(request, TalentAward.objects.select_related("person", "title"), pk=pk)
    try:
        services.talent_award_revoke(actor=request.user, award=award, reason=request.POST.get("reason", ""))
    except ScopeError as exc:
        raise PermissionDenied(exc.messages[0]) from None
    except ValidationError as exc:
        messages.error(request, "未撤销:" + ";".join(exc.messages))
    else:
        success(request, f"已撤销{award.person.name}的“{award.title.name}”。")
    if award.nomination_id:
        return redirect("talent-nomination-detail", award.nomination_id)
    return redirect("talent-pool")


# ---------------------------------------------------------------- plans and their ledger


def filtered_plans(user, params):
    form = PlanFilterForm(params or None)
    data = _data(form)
    return form, selectors.plan_list(user=user, year=data.get("year"), unit=data.get("unit"))


def talent_plans(request):
    form, qs = filtered_plans(request.user, request.GET)
    page = Paginator(qs, PAGE).get_page(request.GET.get("page"))
    context = {"filter_form": form, "page_obj": page, "may_add": may(request.user, Action.ADD, TalentPlan)}
    return render(request, "indicators/talent_plans.html", context)


def talent_plan_export(request):
    _form, qs = filtered_plans(request.user, request.GET)
    back = reverse("talent-plans") + (f"?{request.GET.urlencode()}" if request.GET else "")
    return export_response(request, selectors.PLAN_LEDGER_EXPORT, rows=qs.count(), back=back)


def talent_plan_create(request):
    if not may(request.user, Action.ADD, TalentPlan):
        raise Http404
    form = PlanForm(request.POST or None, initial={"year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.talent_plan_save(actor=request.user, data=form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            success(request, "规划已保存。")
            return redirect("talent-plan-detail", plan.pk)
    return render(request, "indicators/talent_plan_form.html", {"form": form})


def talent_plan_detail(request, pk):
    """A plan with its measures and its ledger; the managers add a line on the same page."""
    plan = get_scoped_object(request, TalentPlan.objects.select_related("unit"), pk=pk)
    may_change = may(request.user, Action.CHANGE, plan)
    form = PlanRecordForm(request.POST or None, initial={"date": timezone.localdate()})
    if request.method == "POST":
        if not may_change:
            raise Http404
        if form.is_valid():
            try:
                services.talent_plan_record_add(actor=request.user, plan=plan, **form.cleaned_data)
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                success(request, "执行记录已登记。")
                return redirect("talent-plan-detail", plan.pk)
    records = plan.records.select_related("person").order_by("-date", "-pk")
    page = Paginator(records, 50).get_page(request.GET.get("page"))
    context = {"plan": plan, "page_obj": page, "form": form, "may_change": may_change}
    return render(request, "indicators/talent_plan_detail.html", context)
