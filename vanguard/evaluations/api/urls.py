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
from django.urls import path  # noqa: E402

from .ballots import BallotCastView  # noqa: E402

urlpatterns += [path("ballots/", BallotCastView.as_view(), name="api-ballot-cast")]
# ---- end ballots
# ---- results
from .results import RatingViewSet, ResultViewSet  # noqa: E402

results_router = SimpleRouter()
results_router.register("ratings", RatingViewSet, basename="api-evaluation-rating")
results_router.register("results", ResultViewSet, basename="api-evaluation-result")
urlpatterns += results_router.urls
# ---- end results
# ---- support
from .support import SupportPlanViewSet  # noqa: E402

support_router = SimpleRouter()
support_router.register("support-plans", SupportPlanViewSet, basename="api-support-plan")
urlpatterns += support_router.urls
# ---- end support
