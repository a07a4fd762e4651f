from rest_framework.routers import SimpleRouter

from .findings import FindingViewSet
from .visits import VisitViewSet

router = SimpleRouter()

# ---------------------------------------------------------------- visits and findings
router.register("visits", VisitViewSet, basename="api-visit")
router.register("findings", FindingViewSet, basename="api-finding")

urlpatterns = [*router.urls]
