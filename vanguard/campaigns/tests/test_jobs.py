"""The campaigns' scheduled job: statuses that move with the calendar are recomputed each morning."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import time_machine
from django.core.management import call_command
from django.utils import timezone

from vanguard.campaigns.choices import CampaignStatus, TargetStatus
from vanguard.campaigns.jobs import CAMPAIGNS_REFRESH
from vanguard.campaigns.models import Target
from vanguard.core import schedule
from vanguard.core.access import system_actor
from vanguard.core.models import TaskRun


def _next_due_target():
    """The first target of an active demo campaign to fall due after today, not yet done."""
    return (
        Target.objects.filter(campaign__status=CampaignStatus.ACTIVE, due_date__gte=timezone.localdate())
        .exclude(status=TargetStatus.DONE)
        .order_by("due_date", "pk")
        .first()
    )


def test_the_morning_run_turns_a_target_past_its_due_date_overdue(company):
    target = _next_due_target()
    assert target.status != TargetStatus.OVERDUE
    morning = datetime.combine(target.due_date + timedelta(days=1), time(3, 0, 30), tzinfo=ZoneInfo("Asia/Shanghai"))
    with time_machine.travel(morning, tick=False):
        [run] = [run for run in schedule.run_due_jobs() if run.name == CAMPAIGNS_REFRESH]
    run.refresh_from_db()
    assert (run.name, run.status, run.owner) == (CAMPAIGNS_REFRESH, "done", system_actor())
    assert run.done == run.total == len(run.result["campaigns"])
    target.refresh_from_db()
    assert target.status == TargetStatus.OVERDUE


def test_a_campaign_that_fails_leaves_the_others_refreshed(company, monkeypatch):
    from vanguard.campaigns import services

    refresh = services.campaign_refresh
    first = _next_due_target().campaign_id

    def flaky(*, actor, campaign):
        if campaign.pk == first:
            raise ValueError("目标树损坏")
        return refresh(actor=actor, campaign=campaign)

    monkeypatch.setattr(services, "campaign_refresh", flaky)
    run = schedule.job_run_now(CAMPAIGNS_REFRESH)
    assert run.status == "failed"
    assert run.error.startswith("1 个活动刷新失败:") and "目标树损坏" in run.error
    assert run.done == run.total > 1


def test_the_refresh_command_still_works_and_is_recorded(company, capsys):
    call_command("campaigns_refresh")
    assert "项目标" in capsys.readouterr().out
    assert TaskRun.objects.filter(name=CAMPAIGNS_REFRESH, status="done", slot=None).exists()
