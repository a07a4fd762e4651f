"""Badges and the compliance matrix rows of the orglife pages."""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from ..choices import STATUS_COLOURS, AttendanceStatus, MeetingStatus

register = template.Library()
LABELS = {**dict(MeetingStatus.choices), **dict(AttendanceStatus.choices)}
CELL_MARKS = {"ok": "✓", "missed": "✗", "due": "…", "exempt": "免", "future": ""}


@register.simple_tag
def life_badge(value):
    return format_html(
        '<span class="badge bg-{}-lt vg-badge" data-status="{}">{}</span>',
        STATUS_COLOURS.get(value, "secondary"),
        value,
        LABELS.get(value, value),
    )


@register.simple_tag
def matrix_cells(row, list_url):
    """A row's cells in one pass (a company matrix has thousands): coloured, titled, linked to the meetings."""
    return format_html_join(
        "",
        '<td class="vg-cell vg-cell-{}" data-status="{}"><a href="{}?{}" title="{}">{}</a></td>',
        ((c.status, c.status, list_url, c.query, c.title, CELL_MARKS[c.status]) for c in row.cells),
    ) or mark_safe("")


@register.filter
def hours(value):
    """``40.0`` → ``40``, ``1.5`` → ``1.5``."""
    if value is None:
        return "0"
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text
