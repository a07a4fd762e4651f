from django.urls import path

from .views import carry_on, findings, similar, suggestions, visits

urlpatterns = [
    # Similar suggestions (the fragment the suggestion forms load).
    path("suggestions/similar/", similar.suggestion_similar, name="suggestion-similar"),
]

# ---------------------------------------------------------------- suggestions (合理化建议)
urlpatterns += [
    path("suggestions/", suggestions.suggestion_list, name="suggestion-list"),
    path("suggestions/new/", suggestions.suggestion_create, name="suggestion-create"),
    path("suggestions/mine/", suggestions.suggestion_mine, name="suggestion-mine"),
    path("suggestions/queue/", suggestions.suggestion_queue, name="suggestion-queue"),
    path("suggestions/export/", suggestions.suggestion_export, name="suggestion-export"),
    path("suggestions/import/", suggestions.suggestion_import_page, name="suggestion-import"),
    path("suggestions/import/template/", suggestions.suggestion_import_template, name="suggestion-import-template"),
    path("suggestions/<int:pk>/", suggestions.suggestion_detail, name="suggestion-detail"),
    path("suggestions/<int:pk>/act/", suggestions.suggestion_act, name="suggestion-act"),
    path("suggestions/<int:pk>/project/", carry_on.suggestion_project, name="suggestion-project"),
    path("suggestions/<int:pk>/attach/", suggestions.suggestion_attach, name="suggestion-attach"),
    path(
        "suggestions/<int:pk>/attachments/<int:attachment_pk>/",
        suggestions.suggestion_attachment,
        name="suggestion-attachment",
    ),
    path("suggestions/<int:pk>/form.docx", suggestions.suggestion_word, name="suggestion-word"),
    path("suggestions/<int:pk>/form.pdf", suggestions.suggestion_word, {"fmt": "pdf"}, name="suggestion-pdf"),
]

# ---------------------------------------------------------------- visits and findings
urlpatterns += [
    path("visits/", visits.visit_list, name="visit-list"),
    path("visits/export/", visits.visit_export, name="visit-export"),
    path("visits/new/", visits.visit_create, name="visit-create"),
    path("visits/<int:pk>/", visits.visit_detail, name="visit-detail"),
    path("findings/", findings.finding_board, name="finding-board"),
    path("findings/export/", findings.finding_export, name="finding-export"),
    path("findings/overdue/", findings.finding_overdue, name="finding-overdue"),
    path("findings/rates/", findings.finding_rates, name="finding-rates"),
    path("findings/new/", findings.finding_create, name="finding-create"),
    path("findings/<int:pk>/", findings.finding_detail, name="finding-detail"),
    path("findings/<int:pk>/transition/", findings.finding_transition, name="finding-transition"),
    path("findings/<int:pk>/extension/", findings.finding_extension, name="finding-extension"),
    path(
        "findings/<int:pk>/extension/<int:extension_pk>/decide/",
        findings.finding_extension_decide,
        name="finding-extension-decide",
    ),
    path("findings/<int:pk>/notice.docx", findings.finding_word, {"document": "notice"}, name="finding-notice"),
    path(
        "findings/<int:pk>/notice.pdf",
        findings.finding_word,
        {"document": "notice", "fmt": "pdf"},
        name="finding-notice-pdf",
    ),
    path("findings/<int:pk>/closure.docx", findings.finding_word, {"document": "closure"}, name="finding-closure"),
    path(
        "findings/<int:pk>/closure.pdf",
        findings.finding_word,
        {"document": "closure", "fmt": "pdf"},
        name="finding-closure-pdf",
    ),
]

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
