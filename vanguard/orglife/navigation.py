"""The orglife module of the left navigation."""

from vanguard.core.navigation import NavItem, register_module

from .choices import MANAGE_ROLES, RULE_ROLES, VIEW_ROLES

register_module(
    "orglife",
    "组织生活",
    "users-group",
    30,
    [
        NavItem("我的组织生活", "my-year", "user-check", lambda scope: scope.person_id is not None),
        NavItem("会议日历", "meeting-calendar", "calendar-event"),
        NavItem("会议台账", "meeting-list", "list-details"),
        NavItem("合规矩阵", "compliance", "grid-dots", lambda scope: scope.has_role(*VIEW_ROLES)),
        NavItem("学时统计", "hours-shortfall", "school", lambda scope: scope.has_role(*VIEW_ROLES)),
        NavItem("月度讲评", "review-board", "message-star", lambda scope: scope.has_role(*MANAGE_ROLES)),
        NavItem("培训记录", "training-list", "certificate", lambda scope: scope.has_role(*MANAGE_ROLES)),
        NavItem("深入现场", "field-days", "building-factory-2", lambda scope: scope.person_id is not None),
        NavItem("规则设置", "rule-list", "adjustments", lambda scope: scope.has_role(*RULE_ROLES)),
    ],
)
