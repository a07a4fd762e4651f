"""Badges and the compliance matrix rows of the orglife pages."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from ..choices import STATUS_COLOURS, AttendanceStatus, MeetingStatus
from ..compliance import cell_html

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
def matrix_cells(row, matrix):
    """A row's cells in one pass (a company matrix has thousands): coloured, titled, linked to the meetings."""
    base = f"year={matrix.year}&" + (f"rule={matrix.rule.pk}&" if matrix.rule else "")
    return mark_safe("".join(cell_html(c, n, CELL_MARKS, base) for n, c in enumerate(row.cells)))


@register.filter
def evidence_url(item):
    """The page of a piece of review evidence (a target, project, commitment…), if its app has one."""
    from vanguard.core.views import object_page_url

    return object_page_url(item.get("object_type", ""), item.get("object_id"))


@register.filter
def hours(value):
    """``40.0`` → ``40``, ``1.5`` → ``1.5``."""
    if value is None:
        return "0"
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text
