from rest_framework.routers import SimpleRouter  # noqa: F401

urlpatterns = []

# ---- schemes
from .rounds import RoundViewSet  # noqa: E402
from .schemes import CriterionViewSet, SchemeViewSet  # noqa: E402

scheme_router = SimpleRouter()
scheme_router.register("schemes", SchemeViewSet, basename="api-evaluation-scheme")
scheme_router.register("criteria", CriterionViewSet, basename="api-evaluation-criterion")
scheme_router.register("rounds", RoundViewSet, basename="api-evaluation-round")
urlpatterns += scheme_router.urls
# ---- end schemes
# ---- ballots
# ---- end ballots
# ---- results
# ---- end results
# ---- support
# ---- end support
