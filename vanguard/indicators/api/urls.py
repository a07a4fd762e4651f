from rest_framework.routers import SimpleRouter

urlpatterns = []

# ---------------------------------------------------------------- indicators, targets and pledges
indicator_router = SimpleRouter()
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
