"""The org module of the left navigation."""

from vanguard.core.navigation import NavItem, register_module
from vanguard.core.views import register_object_page

from .access import ASSIGN_ROLES, EDIT_ROSTER, SEE_ROSTER

register_module(
    "org",
    "组织与人员",
    "sitemap",
    10,
    [
        NavItem("组织概览", "org-overview", "chart-pie", SEE_ROSTER.held_by),
        NavItem("党组织", "party-org-tree", "flag", SEE_ROSTER.held_by),
        NavItem("单位", "unit-tree", "building-factory-2", SEE_ROSTER.held_by),
        NavItem("人员花名册", "person-list", "users", SEE_ROSTER.held_by),
        NavItem("花名册导入", "roster-import", "file-import", EDIT_ROSTER.held_by),
        NavItem("角色分配", "role-list", "user-shield", ASSIGN_ROLES.held_by),
        NavItem("我的档案", "my-record", "id-badge-2", lambda scope: scope.person_id is not None),
    ],
)

register_object_page("org.person", "person-detail")
register_object_page("org.partyorg", "party-org-detail")
register_object_page("org.unit", "unit-detail")
