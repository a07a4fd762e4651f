"""The compliance matrix rows and the hours of the orglife pages (the status badge is core's
``status_badge``)."""

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from ..compliance import cell_html

register = template.Library()
CELL_MARKS = {"ok": "✓", "missed": "✗", "due": "…", "exempt": "免", "future": ""}


@register.simple_tag
def matrix_rows(matrix):
    """The matrix's rows in one pass (a company matrix has 400 rows and thousands of cells): the branch,
    its cells coloured, titled and linked to the meetings, and its misses. Template loops take ten times longer."""
    rule = f"&rule={matrix.rule.pk}" if matrix.rule else ""
    base = f"year={matrix.year}&" + (f"rule={matrix.rule.pk}&" if matrix.rule else "")
    rows = []
    for row in matrix.rows:
        name = escape(row.org.get("label") or row.org["name"])
        cells = "".join(cell_html(c, n, CELL_MARKS, base) for n, c in enumerate(row.cells))
        missed = " text-danger fw-bold" if row.missed else ""
        rows.append(
            f'<tr data-org="{name}"><th class="vg-org"><a href="?year={matrix.year}&amp;org={row.org["pk"]}{rule}" '
            f'title="{name}">{name}</a></th>{cells}<td class="text-center{missed}">'
            f'<a class="text-reset" href="?year={matrix.year}&amp;org={row.org["pk"]}{rule}" data-testid="missed-count">'
            f"{row.missed}</a></td></tr>"
        )
    return mark_safe("".join(rows))


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
