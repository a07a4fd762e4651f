"""Scheduled jobs of the campaigns app (declared with ``core.schedule``)."""

import logging

from vanguard.core.access import system_actor
from vanguard.core.schedule import Daily, job
from vanguard.core.tasks import task_progress

from . import services
from .choices import CampaignStatus
from .models import Campaign

logger = logging.getLogger(__name__)

CAMPAIGNS_REFRESH = "campaigns.refresh"


@job(CAMPAIGNS_REFRESH, "刷新进行中活动的目标状态", Daily(hour=3))
def campaigns_refresh_job(run):
    """Statuses move with the calendar (overdue, at risk) even when nobody reports: recompute them each morning.

    Each campaign refreshes in its own transaction, so one that fails leaves the others refreshed;
    the run then fails with the campaigns it could not refresh.
    """
    campaigns = list(Campaign.objects.filter(status=CampaignStatus.ACTIVE).order_by("pk"))
    task_progress(run, done=0, total=len(campaigns))
    refreshed, failed = [], []
    for done, campaign in enumerate(campaigns, start=1):
        try:
            nodes = services.campaign_refresh(actor=system_actor(), campaign=campaign)
        except Exception as exc:  # noqa: BLE001 - the other campaigns still get their statuses
            logger.exception("refresh of campaign %s failed", campaign.pk)
            failed.append(f"{campaign.title}({exc})")
        else:
            refreshed.append({"id": campaign.pk, "title": campaign.title, "targets": len(nodes)})
        task_progress(run, done=done)
    if failed:
        raise RuntimeError(f"{len(failed)} 个活动刷新失败:" + ";".join(failed))
    return {"campaigns": refreshed, "targets": sum(row["targets"] for row in refreshed)}
