"""Helpers shared by the campaigns services."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError

from ..choices import CampaignStatus


def parse_number(value, field_name="value", label="数值"):
    """A Decimal from user input (``1,234.5``, full-width digits); a Chinese error for anything else."""
    if value is None or value == "":
        return None
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return Decimal(str(value))
    text = str(value).strip().translate({code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}).replace(",", "")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValidationError({field_name: f"{label}“{value}”不是有效的数字,请只填写数字(如 12.5)。"}) from None
    if not number.is_finite():
        raise ValidationError({field_name: f"{label}“{value}”不是有效的数字。"})
    return number


def _check_open(campaign, doing="修改"):
    if campaign.status == CampaignStatus.CLOSED:
        raise ValidationError(f"活动“{campaign.title}”已结束,不能再{doing}。")
