from django.urls import path
from rest_framework.routers import SimpleRouter

from .roster import RosterImportView
from .views import MembershipViewSet, PartyOrgViewSet, PersonViewSet, RoleAssignmentViewSet, UnitViewSet

# Prefixed basenames: the default ones (``person-list``, ``unit-detail``) are the pages' URL names.
router = SimpleRouter()
router.register("party-orgs", PartyOrgViewSet, basename="api-partyorg")
router.register("units", UnitViewSet, basename="api-unit")
router.register("people", PersonViewSet, basename="api-person")
router.register("memberships", MembershipViewSet, basename="api-membership")
router.register("role-assignments", RoleAssignmentViewSet, basename="api-roleassignment")

# Fixed paths such as ``people/import/`` go above the router, whose ``people/<pk>/`` would match them.
urlpatterns = [
    path("people/import/", RosterImportView.as_view(), name="api-people-import"),
    *router.urls,
]
