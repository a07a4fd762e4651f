"""Template helpers shared by every app."""

from django import template
from django.utils.http import urlencode

register = template.Library()


@register.simple_tag
def scope_label(scope):
    """The user's place in the organisation in a few words, e.g. ``支部书记 · 轧管一支部``."""
    if scope is None:
        return ""
    if scope.is_global_admin:
        return "系统管理员 · 全部"
    return scope.label


@register.simple_tag(takes_context=True)
def query_replace(context, **changes):
    """The current query string with some parameters replaced (for sort and page links)."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        if value is None or value == "":
            params.pop(key, None)
        else:
            params[key] = value
    return "?" + urlencode(params, doseq=True) if params else "?"


@register.filter
def percent(value, total):
    try:
        return round(value * 100 / total) if total else 0
    except (TypeError, ValueError):
        return 0
