"""Numbers of the projects pages (the status badge is core's ``status_badge``)."""

from django import template

register = template.Library()


@register.filter
def yuan(value):
    """An amount in yuan with thousands separators; a dash when empty."""
    if value in (None, ""):
        return "—"
    return f"{value:,.0f}"
