"""The projects module of the left navigation: each entry shows for those it is for (``access.py``)."""

from vanguard.core.navigation import NavItem, register_module

from .access import SUMMARY, reads_ledger

register_module(
    "projects",
    "立功立项",
    "flag",
    40,
    [
        NavItem("我的项目", "my-projects", "user-star", lambda scope: scope.person_id is not None),
        NavItem("立项台账", "project-list", "list-details", reads_ledger),
        NavItem("项目汇总", "project-summary", "chart-bar", SUMMARY.held_by),
    ],
)
