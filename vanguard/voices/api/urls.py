from django.urls import path

from .similar import SimilarSuggestionsView

# The explicit paths come first: a router's ``suggestions/<pk>/`` would otherwise take "similar" for a pk.
urlpatterns = [
    path("suggestions/similar/", SimilarSuggestionsView.as_view(), name="api-suggestion-similar"),
]
