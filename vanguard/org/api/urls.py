from django.urls import path
from rest_framework.routers import SimpleRouter

from .roster import RosterImportView
from .views import MembershipViewSet, PartyOrgViewSet, PersonViewSet, RoleAssignmentViewSet, UnitViewSet

router = SimpleRouter()
router.register("party-orgs", PartyOrgViewSet)
router.register("units", UnitViewSet)
router.register("people", PersonViewSet)
router.register("memberships", MembershipViewSet)
router.register("role-assignments", RoleAssignmentViewSet)

# Fixed paths such as ``people/import/`` go above the router, whose ``people/<pk>/`` would match them.
urlpatterns = [
    path("people/import/", RosterImportView.as_view(), name="api-people-import"),
    *router.urls,
]
