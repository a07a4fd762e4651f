"""Indicator pages: the board of a team or unit (phone first), a month's entry by the team leader, the list of
values with Excel and CSV, the import, the months closed and their corrections, targets and pledges."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from vanguard.core.access import choices, may
from vanguard.core.choices import Action
from vanguard.core.downloads import file_response
from vanguard.core.excel import ExcelError
from vanguard.core.exports import export_response
from vanguard.core.models import TaskRun
from vanguard.core.tasks import runs_in_background
from vanguard.core.views import apply_service_errors, get_scoped_object, success
from vanguard.org.choices import UnitKind
from vanguard.org.roster.storage import upload_save

from .. import access
from ..exports import (
    PLEDGE_LEDGER,
    TARGET_LEDGER,
    VALUE_LEDGER,
    VALUE_LEDGER_CSV,
    count_rows,
    filtered,
    target_import,
    target_template,
    value_import,
    value_template,
)
from ..forms.values import EntryForm, FollowForm, ImportForm, PledgeForm, TargetForm, TargetImportForm
from ..models import Indicator, IndicatorPeriod, IndicatorTarget, IndicatorValue, Pledge
from ..periods import Period, month_key, month_label, month_number, parse_month
from ..selectors import values as selectors
from ..services import targets as target_services
from ..services.values import (
    RowErrors,
    ValueRow,
    indicator_month_close,
    indicator_month_reopen,
    indicator_values_upsert,
)
from ..tasks import VALUE_IMPORT, value_import_start

PAGE = 25
CHILDREN = 50
TREND_MONTHS = 12


def _month(request, default):
    number = parse_month(request.GET.get("month") or "")
    return number if number is not None and number <= month_number(timezone.localdate()) else default


def _unit(request, action=Action.VIEW):
    units = selectors.visible_units(user=request.user, action=action)
    if (pk := selectors.number_param(request.GET.get("unit"))) is not None:
        return get_object_or_404(units, pk=pk)
    if action == Action.VIEW:
        unit = selectors.home_unit(user=request.user)
    else:
        unit = units.filter(kind=UnitKind.TEAM).order_by("path").first()
    if unit is None:
        raise Http404
    return unit


# ---------------------------------------------------------------- the board


def indicator_board(request):
    """指标看板: a team's (or unit's) month against target and breakthrough, its pledges and a 12-month trend
    per indicator; a unit lists its children (50 a page) with their figures, each drilling down."""
    last_month = month_number(timezone.localdate()) - 1
    unit, month = _unit(request), _month(request, last_month)
    indicators = selectors.indicators()
    first = month - TREND_MONTHS + 1
    aggregations = {i.pk: i.aggregation for i in indicators}
    figures = selectors.unit_figures([unit], first, month, aggregations=aggregations)
    targets = selectors.month_targets(unit, month)
    rows = []
    for indicator in indicators:
        series = {m: figures.get((unit.pk, indicator.pk, m)) for m in range(first, month + 1)}
        figure, target = series[month], targets.get(indicator.pk)
        rows.append({
            "indicator": indicator, "figure": figure, "target": target,
            "colour": selectors.colour(indicator.direction, figure, target and target.target),
            "breakthrough": selectors.reaches_breakthrough(indicator.direction, figure, target and target.breakthrough),
            "chart": selectors.trend_options(indicator, list(range(first, month + 1)), series,
                                             target=target and target.target),
        })  # fmt: skip
    context = {"unit": unit, "month": month, "month_label": month_label(month), "rows": rows,
               "months": [(month_key(m), month_label(m)) for m in range(last_month + 1, last_month - 24, -1)],
               "ancestors": (ancestors := selectors.ancestors(unit)),
               "parent": ancestors[-1] if ancestors else None,
               "may_enter": unit.kind == UnitKind.TEAM and selectors.visible_units(
                   user=request.user, action=Action.CHANGE).filter(pk=unit.pk).exists()}  # fmt: skip
    if unit.kind == UnitKind.TEAM:
        pledges = list(selectors.pledge_rows(user=request.user).filter(unit=unit, last_month__gte=month - 12)[:10])
        states = selectors.pledge_states(pledges)
        context["pledges"] = [(p, *states[p.pk]) for p in pledges]
    else:
        context.update(_children(request, unit, month, indicators, aggregations))
    return render(request, "indicators/board.html", context)


def _children(request, unit, month, indicators, aggregations):
    start = selectors.number_param(request.GET.get("start"), 9) or 0
    children, count = selectors.children_page(unit, start=start, size=CHILDREN)
    figures = selectors.unit_figures(children, month, month, aggregations=aggregations)
    # Formatted here: 50 rows × 8 figures through template filters cost more than the page's queries.
    rows = [(child, [selectors.figure_text(figures.get((child.pk, i.pk, month)), i.decimals) for i in indicators])
            for child in children]  # fmt: skip
    return {"children": rows, "child_count": count, "start": start, "end": start + len(children),
            "next_start": start + CHILDREN if start + CHILDREN < count else None,
            "previous_start": max(start - CHILDREN, 0) if start else None, "indicators": indicators}  # fmt: skip


# ---------------------------------------------------------------- entry on a phone


def indicator_entry(request):
    """填报: a month of the team's indicators on one form, prefilled; a closed month asks for the reason."""
    unit = _unit(request, Action.CHANGE)
    month = _month(request, month_number(timezone.localdate()) - 1)
    indicators = selectors.indicators()
    current = dict(IndicatorValue.objects.filter(unit=unit, month=month).values_list("indicator_id", "value"))
    closed = IndicatorPeriod.objects.filter(month=month).exists()
    form = EntryForm(request.POST or None, indicators=indicators, current=current, closed=closed)
    if request.method == "POST" and form.is_valid():
        rows = [ValueRow(i, unit, month, form.cleaned_data[i.code], line=i.code) for i in indicators
                if form.cleaned_data.get(i.code) not in ("", None)]  # fmt: skip
        try:
            if not rows:
                raise ValidationError("请至少填写一项指标。")
            result = indicator_values_upsert(actor=request.user, rows=rows, reason=form.cleaned_data.get("reason", ""))
            success(request, f"{unit.name}{month_label(month)}:新增 {result.created} 项,修改 {result.updated} 项。")
            return redirect(f"{reverse('indicator-board')}?unit={unit.pk}&month={month_key(month)}")
        except RowErrors as exc:
            for line, message in exc.rows:
                field = "reason" if "原因" in message and "reason" in form.fields else line
                form.add_error(field if field in form.fields else None, message)
        except ValidationError as exc:
            apply_service_errors(form, exc)
    context = {"form": form, "unit": unit, "month": month, "month_label": month_label(month), "closed": closed,
               "months": [(month_key(m), month_label(m)) for m in range(month_number(timezone.localdate()),
                                                                        month_number(timezone.localdate()) - 13, -1)],
               "units": list(selectors.visible_units(user=request.user, action=Action.CHANGE)
                             .filter(kind=UnitKind.TEAM).order_by("path")[:50])}  # fmt: skip
    return render(request, "indicators/entry.html", context)


# ---------------------------------------------------------------- the list, its exports and the import


def value_list(request):
    """指标数值: filters (unit and below, indicator, months, search), 25 a page, Excel and CSV of them all."""
    form, rows, unit = filtered(request.user, request.GET)
    page = Paginator(rows.select_related("unit", "indicator"), PAGE).get_page(request.GET.get("page"))
    context = {"filter_form": form, "page_obj": page, "values": page.object_list, "unit": unit,
               "may_import": access.enters_values(_scope(request))}  # fmt: skip
    return render(request, "indicators/value_list.html", context)


def _scope(request):
    from vanguard.core.scope import get_scope

    return get_scope(request.user)


def value_export(request):
    _form, rows, _unit = filtered(request.user, request.GET)
    name = VALUE_LEDGER_CSV if request.GET.get("fmt") == "csv" else VALUE_LEDGER
    return export_response(request, name, rows=rows.count(), back=reverse("indicator-values"))


def value_import_page(request):
    """导入指标数值: check the file first (a dry run), then import it, all values or none; a file of more rows than
    ``ROSTER_BACKGROUND_ROWS`` runs as a background task with a progress bar."""
    if not access.enters_values(_scope(request)):
        raise Http404
    if (task := selectors.number_param(request.GET.get("task"))) is not None:
        run = get_scoped_object(request, TaskRun.objects.filter(name=VALUE_IMPORT, owner=request.user), pk=task)
        return render(request, "indicators/value_import.html", {"form": ImportForm(), "run": run,
                                                                 "task_result": run.result if run.finished else None})  # fmt: skip
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            rows = count_rows(data["file"])
        except ExcelError as exc:
            rows = 0
            form.add_error("file", str(exc))
        if runs_in_background(rows):
            token = upload_save(request.user, data["file"])
            run = value_import_start(owner=request.user, upload=token, rows=rows, dry_run=data["dry_run"],
                                     reason=data["reason"])  # fmt: skip
            return redirect(f"{reverse('indicator-import')}?task={run.pk}")
        if not form.errors:
            result = value_import(actor=request.user, source=data["file"], dry_run=data["dry_run"],
                                  reason=data["reason"])  # fmt: skip
            if result.ok and not result.dry_run:
                success(
                    request, f"已导入:新增 {result.created} 个,修改 {result.updated} 个,未变 {result.unchanged} 个。"
                )
    return render(request, "indicators/value_import.html", {"form": form, "result": result})


def value_import_template(request):
    if not access.enters_values(_scope(request)):
        raise Http404
    return file_response(value_template(), "指标数值导入模板.xlsx", "xlsx")


# ---------------------------------------------------------------- months and corrections


def indicator_months(request):
    """关账: the months closed (the office closes and reopens), and the corrections made since."""
    may_close = may(request.user, access.CLOSE_MONTHS)
    if request.method == "POST":
        if not may_close:
            raise Http404
        month = parse_month(request.POST.get("month") or "")
        try:
            if month is None:
                raise ValidationError("请选择月份。")
            if request.POST.get("action") == "reopen":
                indicator_month_reopen(actor=request.user, month=month, reason=request.POST.get("reason", ""))
                success(request, f"{month_label(month)}已取消关账。")
            else:
                indicator_month_close(actor=request.user, month=month)
                success(request, f"{month_label(month)}已关账。")
        except ValidationError as exc:
            messages.error(request, ";".join(exc.messages))
        return redirect("indicator-months")
    closed = list(IndicatorPeriod.objects.select_related("closed_by").order_by("-month")[:24])
    now = month_number(timezone.localdate())
    page = Paginator(selectors.corrections(user=request.user), PAGE).get_page(request.GET.get("page"))
    context = {"closed": closed, "page_obj": page, "corrections": page.object_list, "may_close": may_close,
               "open_months": [(month_key(m), month_label(m)) for m in range(now - 1, now - 13, -1)
                               if m not in {p.month for p in closed}]}  # fmt: skip
    return render(request, "indicators/months.html", context)


# ---------------------------------------------------------------- targets


def target_list(request):
    """指标目标: targets and breakthrough targets by indicator, unit and year, with the actual figure and its flag."""
    rows, year = selectors.target_rows(user=request.user, params=request.GET)
    unit = None
    if (pk := selectors.number_param(request.GET.get("unit"))) is not None:
        unit = get_object_or_404(selectors.visible_units(user=request.user), pk=pk)
    indicator = Indicator.objects.filter(code=str(request.GET.get("indicator") or "")[:40].replace("\x00", "")).first()
    page = Paginator(rows.select_related("indicator", "unit"), PAGE).get_page(request.GET.get("page"))
    items = list(page.object_list)
    context = {"page_obj": page, "targets": _with_actuals(items), "unit": unit, "indicator": indicator, "year": year,
               "indicators": selectors.indicators(),
               "may_edit": access.TARGET.reaches(_scope(request), Action.ADD)}  # fmt: skip
    return render(request, "indicators/target_list.html", context)


def _with_actuals(targets):
    """Each target with the period's actual figure so far and its flag against target and breakthrough."""
    if not targets:
        return []
    now = month_number(timezone.localdate()) - 1
    first, last = min(t.first_month for t in targets), min(max(t.last_month for t in targets), now)
    units = {t.unit_id: t.unit for t in targets}.values()
    figures = selectors.unit_figures(list(units), first, last)
    result = []
    for t in targets:
        months = [m for m in range(t.first_month, min(t.last_month, now) + 1)]
        values = [figures.get((t.unit_id, t.indicator_id, m)) for m in months]
        values = [v for v in values if v is not None]
        actual = None
        if values:
            actual = sum(values) if t.indicator.aggregation == "sum" else sum(values) / len(values)
        share = len(months) / (t.last_month - t.first_month + 1) if t.indicator.aggregation == "sum" else 1
        due = float(t.target) * share
        result.append({"t": t, "period": Period(t.first_month, t.last_month).label, "actual": actual,
                       "colour": selectors.colour(t.indicator.direction, actual, due) if months else None,
                       "breakthrough": t.breakthrough is not None and selectors.reaches_breakthrough(
                           t.indicator.direction, actual, float(t.breakthrough) * share)})  # fmt: skip
    return result


def target_edit(request):
    """Set a target (office, union): a second save for the same indicator, unit and period changes it."""
    units = choices(request.user, IndicatorTarget, "unit", Action.ADD)
    if not units.exists():
        raise Http404
    initial = {}
    if (pk := selectors.number_param(request.GET.get("pk"))) is not None:
        t = get_scoped_object(request, IndicatorTarget, Action.CHANGE, pk=pk)
        initial = {"indicator": t.indicator, "unit": t.unit, "first_month": month_key(t.first_month),
                   "last_month": month_key(t.last_month), "target": f"{t.target.normalize():f}",
                   "breakthrough": "" if t.breakthrough is None else f"{t.breakthrough.normalize():f}", "note": t.note}  # fmt: skip
    form = TargetForm(request.POST or None, initial=initial, indicators=Indicator.objects.filter(active=True),
                      units=units.order_by("path"))  # fmt: skip
    if request.method == "POST" and form.is_valid():
        try:
            row = target_services.target_save(actor=request.user, **form.cleaned_data)
            success(request, f"已保存{row.unit.name}的{row.indicator.name}目标。")
            return redirect(f"{reverse('indicator-targets')}?unit={row.unit_id}&year={row.first_month // 12}")
        except ValidationError as exc:
            apply_service_errors(form, exc)
    return render(request, "indicators/form.html", {"form": form, "title": "设定指标目标", "back": "indicator-targets"})


# ---------------------------------------------------------------- pledges


def pledge_list(request):
    """指标承诺: by unit, indicator and state; 进行中 until its months close, then 已兑现 or 未兑现."""
    unit = None
    if (pk := selectors.number_param(request.GET.get("unit"))) is not None:
        unit = get_object_or_404(selectors.visible_units(user=request.user), pk=pk)
    indicator = Indicator.objects.filter(code=str(request.GET.get("indicator") or "")[:40].replace("\x00", "")).first()
    rows = selectors.pledge_list_rows(user=request.user, params=request.GET)
    page = Paginator(rows, PAGE).get_page(request.GET.get("page"))
    pledges = list(page.object_list)
    states = selectors.pledge_states(pledges)
    scope = _scope(request)
    context = {"page_obj": page, "pledges": [(p, *states[p.pk]) for p in pledges], "unit": unit,
               "indicator": indicator, "indicators": selectors.indicators(),
               "may_pledge": access.PLEDGE.reaches(scope, Action.ADD),
               "follows": access.follows_pledges(scope)}  # fmt: skip
    return render(request, "indicators/pledge_list.html", context)


def target_export(request):
    rows, _year = selectors.target_rows(user=request.user, params=request.GET)
    return export_response(request, TARGET_LEDGER, rows=rows.count(), back=reverse("indicator-targets"))


def target_import_page(request):
    """导入指标目标: all rows or none, every error listed (office and union)."""
    if not access.TARGET.reaches(_scope(request), Action.ADD):
        raise Http404
    if request.GET.get("template"):
        return file_response(target_template(), "指标目标导入模板.xlsx", "xlsx")
    form = TargetImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        result = target_import(actor=request.user, source=form.cleaned_data["file"])
        if result.ok:
            success(request, f"已导入 {result.created} 个指标目标。")
            return redirect("indicator-targets")
    return render(request, "indicators/target_import.html", {"form": form, "result": result})


def pledge_export(request):
    rows = selectors.pledge_list_rows(user=request.user, params=request.GET)
    return export_response(request, PLEDGE_LEDGER, rows=rows.count(), back=reverse("indicator-pledges"))


def pledge_create(request):
    units = choices(request.user, Pledge, "unit", Action.ADD).filter(kind=UnitKind.TEAM)
    if not units.exists():
        raise Http404
    form = PledgeForm(request.POST or None, indicators=Indicator.objects.filter(active=True),
                      units=units.order_by("path"))  # fmt: skip
    if request.method == "POST" and form.is_valid():
        try:
            pledge = target_services.pledge_create(actor=request.user, **form.cleaned_data)
            success(request, f"已作出承诺:{pledge.indicator.name} {pledge.value.normalize():f}。")
            return redirect("indicator-pledges")
        except ValidationError as exc:
            apply_service_errors(form, exc)
    return render(request, "indicators/form.html", {"form": form, "title": "作出指标承诺", "back": "indicator-pledges"})


@require_POST
def pledge_follow(request, pk):
    pledge = get_scoped_object(request, Pledge, Action.REVIEW, pk=pk)
    form = FollowForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError("请填写跟踪情况。")
        target_services.pledge_follow(actor=request.user, pledge=pledge, note=form.cleaned_data["follow_up"])
        success(request, "已记录跟踪情况。")
    except ValidationError as exc:
        messages.error(request, ";".join(exc.messages))
    return redirect("indicator-pledges")
