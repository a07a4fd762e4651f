"""The home page: what is due from the user (``core.home``); the organisation overview for the office.

Every persona's home lists the items the apps' providers return for them, with counts that open
the list behind each; with nothing due it says so and offers the pages the user can use. The
overview (figures and ECharts charts, scoped to the user) is its own page for roster readers.
"""

from django.http import Http404
from django.shortcuts import render

from vanguard.core.access import may
from vanguard.core.home import Viewer, due_items

from .. import selectors
from ..access import SEE_ROSTER


def _bar(labels, values, *, horizontal=False, name="人数"):
    category = {"type": "category", "data": labels, "axisTick": {"alignWithLabel": True}}
    value = {"type": "value", "minInterval": 1}
    if horizontal:
        category["inverse"] = True
        category["axisLabel"] = {"width": 110, "overflow": "truncate"}
    else:
        category["axisLabel"] = {"interval": 0, "fontSize": 11}
    return {
        "tooltip": {"trigger": "axis", "axisPointer": {"type": "shadow"}},
        "grid": {"left": 8, "right": 24, "top": 16, "bottom": 8, "containLabel": True},
        "xAxis": value if horizontal else category,
        "yAxis": category if horizontal else value,
        "series": [
            {
                "type": "bar",
                "name": name,
                "data": values,
                "barMaxWidth": 28,
                "label": {"show": True, "position": "right" if horizontal else "top"},
            }
        ],
    }


def _pie(pairs):
    return {
        "tooltip": {"trigger": "item", "formatter": "{b}: {c} 人 ({d}%)"},
        "legend": {"bottom": 0, "itemWidth": 12, "itemHeight": 10, "textStyle": {"fontSize": 11}},
        "series": [
            {
                "type": "pie",
                "radius": ["35%", "60%"],
                "center": ["50%", "40%"],
                "avoidLabelOverlap": True,
                "label": {"formatter": "{d}%", "fontSize": 11},
                "data": [{"name": label, "value": n} for label, n in pairs if n],
            }
        ],
    }


def charts_for(glance):
    by_org = glance["by_org"]
    return {
        "by_org": _bar([name for name, _ in by_org], [n for _, n in by_org], horizontal=True, name="党员"),
        "by_org_height": max(240, 28 * len(by_org) + 40),
        "ages": _bar([label for label, _ in glance["ages"]], [n for _, n in glance["ages"]], name="党员"),
        "education": _pie(glance["education"]),
        "party_years": _bar(
            [label for label, _ in glance["party_years"]], [n for _, n in glance["party_years"]], name="党员"
        ),
    }


def home(request):
    person = selectors.my_person(user=request.user)
    items = due_items(Viewer(user=request.user, person=person))
    context = {"person": person, "items": items, "overview": may(request.user, SEE_ROSTER)}
    return render(request, "org/home.html", context)


def overview(request):
    """The organisation at a glance: people, members, branches, and four charts of the user's scope."""
    if not may(request.user, SEE_ROSTER):
        raise Http404
    glance = selectors.org_at_a_glance_cached(user=request.user)
    return render(request, "org/overview.html", {"glance": glance, "charts": charts_for(glance)})
