"""The campaigns module of the left navigation."""

from vanguard.core.navigation import NavItem, register_module

from .choices import MANAGE_ROLES, REVIEW_ROLES, VIEW_ROLES

register_module(
    "campaigns",
    "主题实践活动",
    "target-arrow",
    20,
    [
        NavItem("我的目标", "my-targets", "checklist", lambda scope: scope.person_id is not None),
        NavItem("活动列表", "campaign-list", "flag-3"),
        NavItem("待审核填报", "review-queue", "clipboard-check", lambda scope: scope.has_role(*REVIEW_ROLES)),
        NavItem("预警目标", "watchlist", "alert-triangle", lambda scope: scope.has_role(*VIEW_ROLES)),
        NavItem("责任书", "letter-list", "file-certificate", lambda scope: scope.has_role(*MANAGE_ROLES)),
    ],
)
