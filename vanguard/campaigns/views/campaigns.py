"""Campaign pages: list, create, edit, activate/close, and the dashboard."""

from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from vanguard.core import access
from vanguard.core.access import may
from vanguard.core.choices import Action
from vanguard.core.views import apply_service_errors, get_scoped_object, success
from vanguard.org.choices import PartyOrgKind
from vanguard.org.models import PartyOrg

from .. import selectors, services
from ..choices import TargetStatus
from ..forms import CampaignForm
from ..models import Campaign


def campaign_list(request):
    campaigns = list(selectors.campaign_list(user=request.user))
    context = {
        "campaigns": campaigns,
        "may_create": may(request.user, Action.ADD, Campaign),
    }
    return render(request, "campaigns/campaign_list.html", context)


def _form(request, instance=None):
    organisers = access.choices(request.user, Campaign, "organiser", Action.ADD)
    participants = PartyOrg.objects.restrict(request.user).exclude(kind=PartyOrgKind.GROUP)
    return CampaignForm(request.POST or None, instance=instance, organisers=organisers, participants=participants)


def campaign_create(request):
    if not may(request.user, Action.ADD, Campaign):
        raise Http404
    form = _form(request)
    if not form.is_bound:
        today = timezone.localdate()
        form.initial.update(
            organiser=form.fields["organiser"].queryset.first(),
            starts_on=today,
            ends_on=today.replace(month=12, day=31),
        )
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            campaign = services.campaign_create(actor=request.user, **data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            success(request, f"已创建活动“{campaign.title}”。下一步:设定总体目标。")
            return redirect("campaign-detail", pk=campaign.pk)
    return render(request, "campaigns/campaign_form.html", {"form": form, "title": "新建主题实践活动"})


def campaign_edit(request, pk):
    campaign = get_scoped_object(request, Campaign, Action.CHANGE, pk=pk)
    form = _form(request, instance=campaign)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            services.campaign_update(
                actor=request.user,
                campaign=Campaign.objects.get(pk=pk),
                data=data,
                expected_version=form.cleaned_data.get("version"),
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            success(request, "已保存。")
            return redirect("campaign-detail", pk=pk)
    return render(
        request, "campaigns/campaign_form.html", {"form": form, "title": f"编辑 {campaign.title}", "campaign": campaign}
    )


@require_POST
def campaign_transition(request, pk, action):
    campaign = get_scoped_object(request, Campaign, Action.CHANGE, pk=pk)
    service = {"activate": services.campaign_activate, "close": services.campaign_close}.get(action)
    if service is None:
        raise Http404
    try:
        service(actor=request.user, campaign=campaign)
    except ValidationError as exc:
        messages.error(request, ";".join(exc.messages))
    else:
        success(request, "活动已启动,责任人可以填报进展。" if action == "activate" else "活动已结束。")
    return redirect("campaign-detail", pk=pk)


def campaign_detail(request, pk):
    """The dashboard: overall progress, statuses, completion by org, the monthly trend."""
    campaign = get_scoped_object(request, Campaign.objects.select_related("organiser"), pk=pk)
    user = request.user
    tops = selectors.target_top_list(user=user, campaign=campaign)
    visible = selectors.target_list(user=user, campaign=campaign)
    counts = selectors.target_status_counts(visible.leaves())
    by_org = selectors.target_completion_by_org(user=user, campaign=campaign)
    trend = selectors.report_trend(user=user, campaign=campaign)
    context = {
        "campaign": campaign,
        "tops": tops,
        "counts": counts,
        "by_org": by_org,
        "trend": trend,
        "may_change": may(user, Action.CHANGE, campaign),
        "org_chart": _org_chart(by_org),
        "org_chart_rows": ORG_CHART_ROWS,
        "org_chart_height": 60 + 26 * min(len(by_org), ORG_CHART_ROWS),
        "trend_chart": _trend_chart(trend),
        "status_chart": _status_chart(counts),
        # Only the participants the user may see by themselves: a secretary sees his own branch named.
        "participants": list(campaign.participants.restrict(user).order_by("path")[:50]),
    }
    return render(request, "campaigns/campaign_detail.html", context)


def campaign_reports(request, pk):
    """The reports behind a month of the dashboard's trend (``?month=2026-05``), by status."""
    campaign = get_scoped_object(request, Campaign, pk=pk)
    month = _month(request.GET.get("month", ""))
    if month is None:
        raise Http404
    status = request.GET.get("status", "all")
    qs = selectors.report_list_of_month(user=request.user, campaign=campaign, month=month)
    if status in REPORT_STATUSES:
        qs = qs.filter(status=status)
    context = {
        "campaign": campaign,
        "month": month,
        "status": status,
        "statuses": REPORT_STATUSES,
        "page_obj": Paginator(qs, 50).get_page(request.GET.get("page")),
    }
    return render(request, "campaigns/campaign_reports.html", context)


REPORT_STATUSES = {"accepted": "已通过", "submitted": "待审核", "returned": "已退回"}


def _month(text):
    try:
        return date(int(text[:4]), int(text[5:7]), 1) if len(text) == 7 and text[4] == "-" else None
    except ValueError:
        return None


ORG_CHART_ROWS = 30


def _org_chart(rows):
    if len(rows) > ORG_CHART_ROWS:  # many branches: the ones furthest behind are the ones to see
        rows = sorted(rows, key=lambda r: r["pct"])[:ORG_CHART_ROWS]
    return {
        "grid": {"left": 8, "right": 24, "top": 10, "bottom": 10, "containLabel": True},
        "tooltip": {"trigger": "axis", "valueFormatter": "{value}%"},
        "xAxis": {"type": "value", "max": 100, "axisLabel": {"formatter": "{value}%"}},
        "yAxis": {
            "type": "category",
            "inverse": True,
            "data": [r["org"] for r in rows],
            "axisLabel": {"width": 110, "overflow": "truncate"},
        },
        "series": [
            {
                "type": "bar",
                "name": "完成进度",
                "data": [r["pct"] for r in rows],
                "label": {"show": True, "position": "right", "formatter": "{c}%"},
            }
        ],
    }


def _trend_chart(trend):
    months = trend["months"]
    labels = [m["month"] for m in months]
    series = [
        {"type": "bar", "name": "已通过", "stack": "r", "data": [m["accepted"] for m in months]},
        {"type": "bar", "name": "待审核", "stack": "r", "data": [m["submitted"] for m in months]},
        {"type": "bar", "name": "已退回", "stack": "r", "data": [m["returned"] for m in months]},
    ]
    y_axes = [{"type": "value", "name": "填报数"}]
    metric = trend["metric"]
    if metric is not None:
        series.append(
            {
                "type": "line",
                "name": f"{metric.metric_name or metric.title}({metric.metric_unit})",
                "yAxisIndex": 1,
                "smooth": True,
                "data": [m["total"] for m in months],
            }
        )
        y_axes.append({"type": "value", "name": metric.metric_unit})
    return {
        "grid": {"left": 8, "right": 8, "top": 40, "bottom": 8, "containLabel": True},
        "legend": {"top": 0},
        "tooltip": {"trigger": "axis"},
        "xAxis": {"type": "category", "data": labels},
        "yAxis": y_axes,
        "series": series,
    }


def _status_chart(counts):
    labels = dict(TargetStatus.choices)
    keys = ["on_track", "at_risk", "off_track", "overdue", "done", "not_started"]
    colours = {
        "on_track": "#2fb380",
        "at_risk": "#f2b134",
        "off_track": "#e8743b",
        "overdue": "#c8161d",
        "done": "#3a7bd5",
        "not_started": "#9aa5b1",
    }
    return {
        "tooltip": {"trigger": "item"},
        "legend": {"bottom": 0},
        "series": [
            {
                "type": "pie",
                "radius": ["45%", "70%"],
                "center": ["50%", "45%"],
                "data": [
                    {"name": labels[k], "value": counts[k], "itemStyle": {"color": colours[k]}}
                    for k in keys
                    if counts[k]
                ],
            }
        ],
    }
