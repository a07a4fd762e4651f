"""Badges and numbers of the campaigns pages."""

from decimal import Decimal

from django import template
from django.utils import timezone
from django.utils.html import format_html

from ..choices import STATUS_COLOURS, CampaignStatus, LetterStatus, ReportStatus, TargetStatus

register = template.Library()
LABELS = {
    **dict(CampaignStatus.choices),
    **dict(TargetStatus.choices),
    **dict(ReportStatus.choices),
    **dict(LetterStatus.choices),
}


@register.simple_tag
def target_status(target, today=None):
    """The target's status as of today (overdue applied), as a coloured badge."""
    value = target.display_status(today or timezone.localdate())
    return format_html(
        '<span class="badge bg-{}-lt vg-badge" data-status="{}">{}</span>',
        STATUS_COLOURS.get(value, "secondary"),
        value,
        LABELS.get(value, value),
    )


@register.simple_tag
def state_badge(value):
    return format_html(
        '<span class="badge bg-{}-lt vg-badge" data-status="{}">{}</span>',
        STATUS_COLOURS.get(value, "secondary"),
        value,
        LABELS.get(value, value),
    )


@register.filter
def num(value):
    """A decimal without trailing zeros and with thousands separators: 1234.5000 → 1,234.5; None → —."""
    if value is None or value == "":
        return "—"
    value = Decimal(value)
    text = f"{value.quantize(Decimal('0.01')):,f}".rstrip("0").rstrip(".")
    return text


@register.filter
def pct(value):
    if value is None:
        return "—"
    return f"{Decimal(value):.0f}%" if Decimal(value) >= 10 else f"{Decimal(value):.1f}%"


@register.filter
def bar_colour(target):
    return {"done": "blue", "on_track": "green", "at_risk": "yellow", "off_track": "orange", "overdue": "red"}.get(
        target.display_status(), "secondary"
    )


@register.filter
def capped(value):
    return min(Decimal(value or 0), Decimal(100))


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if hasattr(mapping, "get") else None
