from django.urls import path  # noqa: F401

urlpatterns = []

# ---- schemes
# ---- end schemes
# ---- ballots
# ---- end ballots
# ---- sources
from .views import sources  # noqa: E402

urlpatterns += [
    path("sources/", sources.source_list, name="evaluation-sources"),
    path("sources/export/", sources.source_export, name="evaluation-source-export"),
]
# ---- end sources
# ---- results
from .views import results as result_views  # noqa: E402

urlpatterns += [
    path("ratings/", result_views.my_rating_tasks, name="evaluation-my-ratings"),
    path("rounds/<int:pk>/ratings/", result_views.rating_grid, name="evaluation-rating-grid"),
    path("rounds/<int:pk>/ratings/excel/", result_views.rating_grid_excel, name="evaluation-rating-excel"),
    path("rounds/<int:pk>/results/", result_views.round_results, name="evaluation-results"),
    path("rounds/<int:pk>/results/export/", result_views.round_results_export, name="evaluation-results-export"),
    path(
        "rounds/<int:pk>/results/sheet.<str:fmt>", result_views.round_results_document, name="evaluation-results-sheet"
    ),
    path("rounds/<int:pk>/calibration/", result_views.round_calibration, name="evaluation-calibration"),
    path("rounds/<int:pk>/cases/", result_views.round_cases, name="evaluation-round-cases"),
    path(
        "rounds/<int:pk>/cases/<str:kind>/<int:case_pk>/delete/",
        result_views.round_case_delete,
        name="evaluation-case-delete",
    ),
    path("rounds/<int:pk>/compute/", result_views.round_compute, name="evaluation-compute"),
    path("rounds/<int:pk>/publish/", result_views.round_publish, name="evaluation-publish"),
    path("rounds/<int:pk>/reopen/", result_views.round_reopen, name="evaluation-reopen"),
    path("results/mine/", result_views.my_results, name="evaluation-my-results"),
    path("results/<int:pk>/", result_views.result_detail, name="evaluation-result"),
    path("stars/", result_views.branch_stars, name="evaluation-stars"),
]
# ---- end results
# ---- support
# ---- end support
