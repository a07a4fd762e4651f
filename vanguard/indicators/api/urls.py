from rest_framework.routers import SimpleRouter

urlpatterns = []

# ---------------------------------------------------------------- indicators, targets and pledges
from .indicators import IndicatorTargetViewSet, IndicatorValueViewSet, IndicatorViewSet, PledgeViewSet  # noqa: E402

indicator_router = SimpleRouter()
indicator_router.register("indicators", IndicatorViewSet, basename="api-indicator")
indicator_router.register("indicator-values", IndicatorValueViewSet, basename="api-indicator-value")
indicator_router.register("indicator-targets", IndicatorTargetViewSet, basename="api-indicator-target")
indicator_router.register("pledges", PledgeViewSet, basename="api-pledge")
urlpatterns += indicator_router.urls

# ---- competitions
# ---- end competitions

# ---- talent
# ---- end talent
