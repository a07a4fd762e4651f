from django.urls import path
from rest_framework.routers import SimpleRouter

from .findings import FindingViewSet
from .similar import SimilarSuggestionsView
from .suggestions import RewardRuleViewSet, SuggestionReviewViewSet, SuggestionViewSet
from .visits import VisitViewSet

# The explicit paths come first: a router's ``suggestions/<pk>/`` would otherwise take "similar" for a pk.
urlpatterns = [
    path("suggestions/similar/", SimilarSuggestionsView.as_view(), name="api-suggestion-similar"),
]

# ---------------------------------------------------------------- suggestions (合理化建议)
suggestion_router = SimpleRouter()
suggestion_router.register("suggestions", SuggestionViewSet, basename="api-suggestion")
suggestion_router.register("suggestion-reviews", SuggestionReviewViewSet, basename="api-suggestion-review")
suggestion_router.register("reward-rules", RewardRuleViewSet, basename="api-reward-rule")
urlpatterns += suggestion_router.urls

# ---------------------------------------------------------------- visits and findings
finding_router = SimpleRouter()
finding_router.register("visits", VisitViewSet, basename="api-visit")
finding_router.register("findings", FindingViewSet, basename="api-finding")
urlpatterns += finding_router.urls
