"""Small campaigns built through the services for tests: dates around today, owners from the demo personas."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from vanguard.campaigns import services
from vanguard.core.access import system_actor


def make_campaign(company, *, title="测试活动", days_before=120, days_after=240, activate=True):
    today = timezone.localdate()
    campaign = services.campaign_create(
        actor=company.users["dangwei"],
        title=title,
        starts_on=today - timedelta(days=days_before),
        ends_on=today + timedelta(days=days_after),
        organiser=company.committee,
        participants=[company.branch],
    )
    if activate:
        campaign = services.campaign_activate(actor=company.users["dangwei"], campaign=campaign)
    return campaign


def make_root(company, campaign, **fields):
    defaults = {
        "title": "降本增效总目标",
        "metric_name": "降本额",
        "metric_unit": "万元",
        "baseline": 0,
        "target_value": 100,
        "owner_org": company.committee,
        "due_date": campaign.ends_on,
    }
    target, _ = services.target_create(actor=company.users["dangwei"], campaign=campaign, **{**defaults, **fields})
    return target


def split(company, parent, rows, actor="dangwei"):
    children, _ = services.target_decompose(actor=company.users[actor], parent=parent, rows=rows)
    return children


def report(target, value, *, days_ago=1, accept=True, reviewer=None):
    period = timezone.localdate() - timedelta(days=days_ago)
    r = services.report_submit(actor=system_actor(), target=target, period=period, value=value)
    if accept:
        r = services.report_accept(actor=reviewer or system_actor(), report=r)
    return r


def D(value):
    return Decimal(str(value))
