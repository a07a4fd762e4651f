from django.urls import path  # noqa: F401

urlpatterns = []

# ---- schemes
# ---- end schemes
# ---- ballots
# ---- end ballots
# ---- results
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
