from rest_framework.routers import SimpleRouter  # noqa: F401

urlpatterns = []

# ---- schemes
# ---- end schemes
# ---- ballots
# ---- end ballots
# ---- results
from .results import RatingViewSet, ResultViewSet  # noqa: E402

results_router = SimpleRouter()
results_router.register("ratings", RatingViewSet, basename="api-evaluation-rating")
results_router.register("results", ResultViewSet, basename="api-evaluation-result")
urlpatterns += results_router.urls
# ---- end results
# ---- support
# ---- end support
