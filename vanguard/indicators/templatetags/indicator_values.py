"""Template filters of the indicator pages: months as ``2026-05`` and ``2026年5月``."""

from django import template

from ..periods import month_key as _month_key
from ..periods import month_label as _month_label

register = template.Library()


@register.filter
def month_key(number):
    return _month_key(number) if number is not None else ""


@register.filter
def month_label(number):
    return _month_label(number) if number is not None else ""
