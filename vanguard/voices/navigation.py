"""The voices module of the left navigation: each entry shows for those it is for (``access.py``)."""

from vanguard.core.choices import Action
from vanguard.core.navigation import NavItem, register_module

from .access import (
    PARTICIPATION_TARGET,
    SEE_FINDING_RATES,
    SEE_STATISTICS,
    VISIT,
    reads_findings,
    reads_ledger,
    reviews_suggestions,
)

# ---------------------------------------------------------------- suggestions (合理化建议)
SUGGESTION_ITEMS = [
    NavItem("提建议", "suggestion-create", "bulb", lambda scope: scope.person_id is not None),
    NavItem("我的建议", "suggestion-mine", "user-star", lambda scope: scope.person_id is not None),
    NavItem("建议审核", "suggestion-queue", "checklist", reviews_suggestions),
    NavItem("建议台账", "suggestion-list", "list-details", reads_ledger),
]

# ---------------------------------------------------------------- visits and findings
FINDING_ITEMS = [
    NavItem("交流走访", "visit-list", "route", lambda scope: VISIT.reaches(scope, Action.VIEW)),
    NavItem("问题看板", "finding-board", "layout-kanban", reads_findings),
    NavItem("逾期问题", "finding-overdue", "alarm", reads_findings),
    NavItem("整改率", "finding-rates", "chart-bar", SEE_FINDING_RATES.held_by),
]

# ---- participation
PARTICIPATION_ITEMS = [
    NavItem("建议统计", "suggestion-statistics", "chart-bar", SEE_STATISTICS.held_by),
    NavItem(
        "参与目标", "suggestion-participation-targets", "target",
        lambda scope: PARTICIPATION_TARGET.reaches(scope, Action.CHANGE),
    ),
]  # fmt: skip
# ---- end participation

register_module("voices", "建议与整改", "bulb", 45, [*SUGGESTION_ITEMS, *PARTICIPATION_ITEMS, *FINDING_ITEMS])
