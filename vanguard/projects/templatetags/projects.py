"""The status badge of the projects pages."""

from django import template
from django.utils.html import format_html

from ..choices import STATUS_COLOURS, ProjectStatus

register = template.Library()
LABELS = dict(ProjectStatus.choices)


@register.simple_tag
def project_badge(value):
    return format_html(
        '<span class="badge bg-{}-lt vg-badge" data-status="{}">{}</span>',
        STATUS_COLOURS.get(value, "secondary"),
        value,
        LABELS.get(value, value),
    )


@register.filter
def yuan(value):
    """An amount in yuan with thousands separators; a dash when empty."""
    if value in (None, ""):
        return "—"
    return f"{value:,.0f}"
