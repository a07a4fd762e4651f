"""The voices module of the left navigation: each entry shows for those it is for (``access.py``)."""

from vanguard.core.choices import Action
from vanguard.core.navigation import NavItem, register_module

from .access import SEE_FINDING_RATES, VISIT, reads_findings

ITEMS = []

# ---------------------------------------------------------------- visits and findings
ITEMS += [
    NavItem("交流走访", "visit-list", "route", lambda scope: VISIT.reaches(scope, Action.VIEW)),
    NavItem("问题看板", "finding-board", "layout-kanban", reads_findings),
    NavItem("逾期问题", "finding-overdue", "alarm", reads_findings),
    NavItem("整改率", "finding-rates", "chart-bar", SEE_FINDING_RATES.held_by),
]

register_module("voices", "建议与整改", "bulb", 45, ITEMS)
