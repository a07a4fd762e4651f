from django.urls import path

urlpatterns = []

# ---- participation
from .views import statistics  # noqa: E402

urlpatterns += [
    path("suggestions/statistics/", statistics.suggestion_statistics, name="suggestion-statistics"),
    path(
        "suggestions/statistics/export/", statistics.suggestion_statistics_export, name="suggestion-statistics-export"
    ),
]
# ---- end participation
