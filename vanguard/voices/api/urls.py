from rest_framework.routers import SimpleRouter

urlpatterns = []

# ---------------------------------------------------------------- suggestions (合理化建议)
from .suggestions import RewardRuleViewSet, SuggestionReviewViewSet, SuggestionViewSet  # noqa: E402

suggestion_router = SimpleRouter()
suggestion_router.register("suggestions", SuggestionViewSet, basename="api-suggestion")
suggestion_router.register("suggestion-reviews", SuggestionReviewViewSet, basename="api-suggestion-review")
suggestion_router.register("reward-rules", RewardRuleViewSet, basename="api-reward-rule")
urlpatterns += suggestion_router.urls
