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
from .competitions import CompetitionEntryViewSet, CompetitionViewSet, JudgeScoreViewSet  # noqa: E402

competition_router = SimpleRouter()
competition_router.register("competitions", CompetitionViewSet, basename="api-competition")
competition_router.register("competition-entries", CompetitionEntryViewSet, basename="api-competition-entry")
competition_router.register("judge-scores", JudgeScoreViewSet, basename="api-judge-score")
urlpatterns += competition_router.urls
# ---- end competitions

# ---- talent
from .talent import TalentAwardViewSet, TalentNominationViewSet, TalentTitleViewSet  # noqa: E402

talent_router = SimpleRouter()
talent_router.register("talent-titles", TalentTitleViewSet, basename="api-talent-title")
talent_router.register("talent-awards", TalentAwardViewSet, basename="api-talent-award")
talent_router.register("talent-nominations", TalentNominationViewSet, basename="api-talent-nomination")
urlpatterns += talent_router.urls
# ---- end talent
