from rest_framework.routers import DefaultRouter

from .views import MembershipViewSet, PartyOrgViewSet, PersonViewSet, RoleAssignmentViewSet, UnitViewSet

router = DefaultRouter()
router.register("party-orgs", PartyOrgViewSet)
router.register("units", UnitViewSet)
router.register("people", PersonViewSet)
router.register("memberships", MembershipViewSet)
router.register("role-assignments", RoleAssignmentViewSet)

urlpatterns = router.urls
