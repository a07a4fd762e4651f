"""Campaigns: create, edit, activate, close, refresh."""

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from vanguard.core import access
from vanguard.core.access import ensure_allowed
from vanguard.core.audit import audit, snapshot
from vanguard.core.choices import Action
from vanguard.core.exceptions import ScopeError
from vanguard.core.services import model_update
from vanguard.org.models import PartyOrg, User

from .. import events, rollup
from ..choices import CAMPAIGN_FIELDS, CampaignStatus
from ..models import Campaign, Target
from ._common import _check_open


def _check_organiser(actor, organiser):
    if not access.choices(actor, Campaign, "organiser", Action.ADD).filter(pk=organiser.pk).exists():
        raise ValidationError({"organiser": "只能以您管理的党委组织活动。"})


def _check_period(starts_on, ends_on):
    if starts_on and ends_on and ends_on < starts_on:
        raise ValidationError({"ends_on": "结束日期不能早于开始日期。"})


@transaction.atomic
def campaign_create(
    *,
    actor: User,
    title: str,
    starts_on: date,
    ends_on: date,
    organiser: PartyOrg,
    theme: str = "cost",
    purpose: str = "",
    participants: Iterable[PartyOrg] = (),
    cadence: str = "monthly",
) -> Campaign:
    """A new campaign in draft; only the party-committee office (党委管理员) creates campaigns."""
    if not access.may(actor, Action.ADD, Campaign):
        raise ScopeError("只有党委管理员可以创建主题实践活动。")
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
def campaign_update(*, actor: User, campaign: Campaign, data: dict, expected_version: int | None = None) -> Campaign:
    ensure_allowed(actor, campaign, Action.CHANGE)
    _check_open(campaign)
    data = {k: v for k, v in data.items() if k in CAMPAIGN_FIELDS}
    if "organiser" in data and data["organiser"].pk != campaign.organiser_id:
        _check_organiser(actor, data["organiser"])
    _check_period(data.get("starts_on", campaign.starts_on), data.get("ends_on", campaign.ends_on))
    return model_update(
        obj=campaign, data=data, actor=actor, action=events.CAMPAIGN_UPDATE, expected_version=expected_version
    )


def _transition(actor, campaign, allowed_from, to, action, expected_version):
    ensure_allowed(actor, campaign, Action.CHANGE)
    if campaign.status not in allowed_from:
        raise ValidationError(f"活动当前为“{campaign.get_status_display()}”,不能执行此操作。")
    return model_update(
        obj=campaign, data={"status": to}, actor=actor, action=action, expected_version=expected_version
    )


@transaction.atomic
def campaign_activate(*, actor: User, campaign: Campaign, expected_version: int | None = None) -> Campaign:
    """Draft → active: owners can now report."""
    return _transition(
        actor, campaign, {CampaignStatus.DRAFT}, CampaignStatus.ACTIVE, events.CAMPAIGN_ACTIVATE, expected_version
    )


@transaction.atomic
def campaign_close(*, actor: User, campaign: Campaign, expected_version: int | None = None) -> Campaign:
    """Active → closed: no more reports or changes; the figures stay as they are."""
    return _transition(
        actor, campaign, {CampaignStatus.ACTIVE}, CampaignStatus.CLOSED, events.CAMPAIGN_CLOSE, expected_version
    )


@transaction.atomic
def campaign_refresh(*, actor: User, campaign: Campaign) -> list[Target]:
    """Recompute every target's figures and status (statuses move with the calendar)."""
    ensure_allowed(actor, campaign, Action.CHANGE)
    nodes = rollup.rollup_campaign(campaign)
    audit(actor=actor, action=events.CAMPAIGN_REFRESH, obj=campaign, after={"targets": len(nodes)})
    return nodes
