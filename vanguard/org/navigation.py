"""The org module of the left navigation."""

from vanguard.core.navigation import NavItem, register_module
from vanguard.core.views import register_object_page

from .choices import ROLE_ASSIGN_ROLES, ROSTER_CHANGE_ROLES, ROSTER_VIEW_ROLES


def _roster_viewer(scope):
    return scope.has_role(*ROSTER_VIEW_ROLES)


def _roster_editor(scope):
    return scope.has_role(*ROSTER_CHANGE_ROLES)


register_module(
    "org",
    "组织与人员",
    "sitemap",
    10,
    [
        NavItem("党组织", "party-org-tree", "flag", _roster_viewer),
        NavItem("单位", "unit-tree", "building-factory-2", _roster_viewer),
        NavItem("人员花名册", "person-list", "users", _roster_viewer),
        NavItem("花名册导入", "roster-import", "file-import", _roster_editor),
        NavItem("角色分配", "role-list", "user-shield", lambda scope: scope.has_role(*ROLE_ASSIGN_ROLES)),
        NavItem("我的档案", "my-record", "id-badge-2", lambda scope: scope.person_id is not None),
    ],
)

register_object_page("org.person", "person-detail")
register_object_page("org.partyorg", "party-org-detail")
register_object_page("org.unit", "unit-detail")
