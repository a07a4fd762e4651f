"""Helpers shared by the campaigns services."""

from django.core.exceptions import ValidationError

from ..choices import CampaignStatus


def _check_open(campaign, doing="修改"):
    if campaign.status == CampaignStatus.CLOSED:
        raise ValidationError(f"活动“{campaign.title}”已结束,不能再{doing}。")
