"""Panels other modules add to an object's page, without the page's app importing them.

``register_panel("projects.project", render)`` in an ``AppConfig.ready()``; ``render(request, obj)``
returns HTML (or ``""`` when it has nothing to show). The page shows them with
``{% object_panels obj %}``. Each panel reads what it needs with a fixed number of queries.
"""

from django.utils.safestring import mark_safe

_panels = {}


def register_panel(object_type, render):
    _panels.setdefault(object_type, [])
    if render not in _panels[object_type]:
        _panels[object_type].append(render)


def render_panels(request, obj):
    renders = _panels.get(obj._meta.label_lower, ())
    return mark_safe("".join(render(request, obj) or "" for render in renders))
