"""The campaigns module of the left navigation: each entry shows to whom the policy lets use it."""

from vanguard.core.choices import Action
from vanguard.core.navigation import NavItem, register_module

from .access import REPORTS, TARGETS, WATCHLIST

register_module(
    "campaigns",
    "主题实践活动",
    "target-arrow",
    20,
    [
        NavItem("我的目标", "my-targets", "checklist", lambda scope: scope.person_id is not None),
        NavItem("活动列表", "campaign-list", "flag-3"),
        NavItem("待审核填报", "review-queue", "clipboard-check", lambda scope: REPORTS.reaches(scope, Action.REVIEW)),
        NavItem("预警目标", "watchlist", "alert-triangle", WATCHLIST.held_by),
        # Letters are issued for the targets one decomposes.
        NavItem("责任书", "letter-list", "file-certificate", lambda scope: TARGETS.reaches(scope, Action.DECOMPOSE)),
    ],
)
