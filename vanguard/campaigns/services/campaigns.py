"""Campaigns: create, edit, activate, close, refresh."""

from django.core.exceptions import ValidationError
from django.db import transaction

from vanguard.core.audit import audit, snapshot
from vanguard.core.scope import get_scope
from vanguard.core.services import ensure_allowed, model_update, require_role
from vanguard.org.models import PartyOrg

from .. import events, rollup
from ..choices import CREATE_ROLES, CampaignStatus
from ..models import Campaign
from ._common import _check_open

CAMPAIGN_FIELDS = ("title", "theme", "purpose", "starts_on", "ends_on", "organiser", "participants", "cadence")


def _check_organiser(actor, organiser):
    if actor is None:
        return
    allowed = PartyOrg.objects.filter(get_scope(actor).party_org_q("", CREATE_ROLES))
    if not allowed.filter(pk=organiser.pk).exists():
        raise ValidationError({"organiser": "只能以您管理的党委组织活动。"})


def _check_period(starts_on, ends_on):
    if starts_on and ends_on and ends_on < starts_on:
        raise ValidationError({"ends_on": "结束日期不能早于开始日期。"})


@transaction.atomic
def campaign_create(
    *, actor, title, starts_on, ends_on, organiser, theme="cost", purpose="", participants=(), cadence="monthly"
):
    """A new campaign in draft; only the party-committee office (党委管理员) creates campaigns."""
    require_role(actor, CREATE_ROLES, "只有党委管理员可以创建主题实践活动。")
    _check_organiser(actor, organiser)
    _check_period(starts_on, ends_on)
    campaign = Campaign(
        title=title,
        theme=theme,
        purpose=purpose,
        starts_on=starts_on,
        ends_on=ends_on,
        organiser=organiser,
        cadence=cadence,
        created_by=actor,
    )
    campaign.full_clean()
    campaign.save()
    if participants:
        campaign.participants.set(participants)
    audit(actor=actor, action=events.CAMPAIGN_CREATE, obj=campaign, after=snapshot(campaign))
    return campaign


@transaction.atomic
def campaign_update(*, actor, campaign, data, expected_version=None):
    ensure_allowed(actor, campaign, "change")
    _check_open(campaign)
    data = {k: v for k, v in data.items() if k in CAMPAIGN_FIELDS}
    if "organiser" in data and data["organiser"].pk != campaign.organiser_id:
        _check_organiser(actor, data["organiser"])
    _check_period(data.get("starts_on", campaign.starts_on), data.get("ends_on", campaign.ends_on))
    return model_update(
        obj=campaign, data=data, actor=actor, action=events.CAMPAIGN_UPDATE, expected_version=expected_version
    )


def _transition(actor, campaign, allowed_from, to, action, expected_version):
    ensure_allowed(actor, campaign, "change")
    if campaign.status not in allowed_from:
        raise ValidationError(f"活动当前为“{campaign.get_status_display()}”,不能执行此操作。")
    return model_update(
        obj=campaign, data={"status": to}, actor=actor, action=action, expected_version=expected_version
    )


@transaction.atomic
def campaign_activate(*, actor, campaign, expected_version=None):
    """Draft → active: owners can now report."""
    return _transition(
        actor, campaign, {CampaignStatus.DRAFT}, CampaignStatus.ACTIVE, events.CAMPAIGN_ACTIVATE, expected_version
    )


@transaction.atomic
def campaign_close(*, actor, campaign, expected_version=None):
    """Active → closed: no more reports or changes; the figures stay as they are."""
    return _transition(
        actor, campaign, {CampaignStatus.ACTIVE}, CampaignStatus.CLOSED, events.CAMPAIGN_CLOSE, expected_version
    )


@transaction.atomic
def campaign_refresh(*, actor, campaign):
    """Recompute every target's figures and status (statuses move with the calendar)."""
    if actor is not None:
        ensure_allowed(actor, campaign, "change")
    nodes = rollup.rollup_campaign(campaign)
    audit(actor=actor, action=events.CAMPAIGN_REFRESH, obj=campaign, after={"targets": len(nodes)})
    return nodes
