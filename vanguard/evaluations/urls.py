from django.urls import path  # noqa: F401

urlpatterns = []

# ---- schemes
from .views import rounds as round_views  # noqa: E402
from .views import schemes as scheme_views  # noqa: E402

urlpatterns += [
    path("schemes/", scheme_views.scheme_list, name="evaluation-scheme-list"),
    path("schemes/export/", scheme_views.scheme_export, name="evaluation-scheme-export"),
    path("schemes/new/", scheme_views.scheme_create, name="evaluation-scheme-create"),
    path("schemes/<int:pk>/", scheme_views.scheme_detail, name="evaluation-scheme"),
    path("schemes/<int:pk>/edit/", scheme_views.scheme_edit, name="evaluation-scheme-edit"),
    path("schemes/<int:pk>/copy/", scheme_views.scheme_copy, name="evaluation-scheme-copy"),
    path("schemes/<int:pk>/weights/", scheme_views.scheme_weights, name="evaluation-scheme-weights"),
    path("schemes/<int:pk>/groups/", scheme_views.scheme_groups, name="evaluation-scheme-groups"),
    path("schemes/<int:pk>/<slug:part>/new/", scheme_views.scheme_part, name="evaluation-scheme-part-new"),
    path("schemes/<int:pk>/<slug:part>/<int:part_pk>/", scheme_views.scheme_part, name="evaluation-scheme-part"),
    path(
        "schemes/<int:pk>/<slug:part>/<int:part_pk>/delete/",
        scheme_views.scheme_part_delete,
        name="evaluation-scheme-part-delete",
    ),
    path("rounds/", round_views.round_list, name="evaluation-round-list"),
    path("rounds/export/", round_views.round_export, name="evaluation-round-export"),
    path("rounds/new/", round_views.round_create, name="evaluation-round-create"),
    path("rounds/<int:pk>/", round_views.round_detail, name="evaluation-round"),
    path("rounds/<int:pk>/edit/", round_views.round_edit, name="evaluation-round-edit"),
    path("rounds/<int:pk>/transition/", round_views.round_transition, name="evaluation-round-transition"),
    path("rounds/<int:pk>/subjects/", round_views.round_subjects, name="evaluation-round-subjects"),
    path(
        "rounds/<int:pk>/subjects/<int:subject_pk>/remove/",
        round_views.subject_remove,
        name="evaluation-round-subject-remove",
    ),
    path(
        "rounds/<int:pk>/subjects/<int:subject_pk>/plan/",
        round_views.subject_plan,
        name="evaluation-round-subject-plan",
    ),
    path("rounds/<int:pk>/evaluators/", round_views.round_evaluators, name="evaluation-round-evaluators"),
    path(
        "rounds/<int:pk>/evaluators/<int:evaluator_pk>/remove/",
        round_views.evaluator_remove,
        name="evaluation-round-evaluator-remove",
    ),
]
# ---- end schemes
# ---- ballots
from .views import ballots as ballot_views  # noqa: E402

urlpatterns += [
    path("ballots/", ballot_views.ballot_mine, name="ballot-mine"),
    path("ballots/<int:pk>/", ballot_views.ballot_vote, name="ballot-vote"),
    path("ballots/<int:pk>/codes/", ballot_views.ballot_codes, name="ballot-codes"),
    path("rounds/<int:pk>/turnout/", ballot_views.round_turnout, name="round-turnout"),
]
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
from .views import support as support_views  # noqa: E402

urlpatterns += [
    path("support/", support_views.support_plan_list, name="support-plan-list"),
    path("support/export/", support_views.support_plan_export, name="support-plan-export"),
    path("support/situations/", support_views.situation_list, name="support-situations"),
    path("support/situations/new/", support_views.situation_save, name="support-situation-add"),
    path("support/situations/<int:pk>/", support_views.situation_save, name="support-situation-save"),
    path("support/<int:pk>/", support_views.support_plan_detail, name="support-plan-detail"),
    path("support/<int:pk>/save/", support_views.support_plan_save, name="support-plan-save"),
    path("support/<int:pk>/measures/", support_views.support_measure_save, name="support-measure-save"),
    path("support/<int:pk>/reviews/", support_views.support_review_add, name="support-review-add"),
    path("support/<int:pk>/close/", support_views.support_plan_close, name="support-plan-close"),
    path("support/<int:pk>/findings/", support_views.support_finding_raise, name="support-finding-raise"),
    path("support/<int:pk>/plan.docx", support_views.support_plan_word, name="support-plan-word"),
    path("support/<int:pk>/plan.pdf", support_views.support_plan_word, {"fmt": "pdf"}, name="support-plan-pdf"),
    path("results/<int:result_pk>/support/", support_views.support_plan_open, name="support-plan-open"),
    path("results/<int:result_pk>/grounds/", support_views.result_ground_add, name="result-ground-add"),
    path("grounds/<int:pk>/delete/", support_views.result_ground_remove, name="result-ground-remove"),
]
# ---- end support
