from django.urls import path

urlpatterns = []

# ---- participation
from .views import participation_targets, statistics  # noqa: E402

urlpatterns += [
    path("suggestions/statistics/", statistics.suggestion_statistics, name="suggestion-statistics"),
    path(
        "suggestions/statistics/export/", statistics.suggestion_statistics_export, name="suggestion-statistics-export"
    ),
    path(
        "suggestions/participation-targets/",
        participation_targets.participation_targets,
        name="suggestion-participation-targets",
    ),
    path(
        "suggestions/participation-targets/<int:pk>/delete/",
        participation_targets.participation_target_delete,
        name="suggestion-participation-target-delete",
    ),
]
# ---- end participation
