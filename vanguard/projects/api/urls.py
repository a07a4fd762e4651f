from rest_framework.routers import SimpleRouter

from .views import ProjectLogViewSet, ProjectMemberViewSet, ProjectViewSet

router = SimpleRouter()
router.register("projects", ProjectViewSet, basename="api-project")
router.register("project-members", ProjectMemberViewSet, basename="api-project-member")
router.register("project-logs", ProjectLogViewSet, basename="api-project-log")

urlpatterns = [*router.urls]
