from django.urls import path

from .views import similar

urlpatterns = [
    # Similar suggestions (the fragment the suggestion forms load).
    path("suggestions/similar/", similar.suggestion_similar, name="suggestion-similar"),
]
