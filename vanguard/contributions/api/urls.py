from rest_framework.routers import SimpleRouter

from .views import ProjectTargetViewSet

router = SimpleRouter()
router.register("project-targets", ProjectTargetViewSet, basename="api-project-target")

urlpatterns = [*router.urls]
