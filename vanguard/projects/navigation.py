"""The projects module of the left navigation."""

from vanguard.core.navigation import NavItem, register_module

from .access import SUMMARY

register_module(
    "projects",
    "立功立项",
    "flag",
    40,
    [
        NavItem("我的项目", "my-projects", "user-star", lambda scope: scope.person_id is not None),
        NavItem("立项台账", "project-list", "list-details"),
        NavItem("项目汇总", "project-summary", "chart-bar", SUMMARY.held_by),
    ],
)
