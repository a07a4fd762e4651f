from rest_framework.routers import SimpleRouter  # noqa: F401

urlpatterns = []

# ---- schemes
# ---- end schemes
# ---- ballots
# ---- end ballots
# ---- results
# ---- end results
# ---- support
from .support import SupportPlanViewSet  # noqa: E402

support_router = SimpleRouter()
support_router.register("support-plans", SupportPlanViewSet, basename="api-support-plan")
urlpatterns += support_router.urls
# ---- end support
