from django.urls import path

from .views import similar, suggestions

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
    path("suggestions/<int:pk>/attach/", suggestions.suggestion_attach, name="suggestion-attach"),
    path(
        "suggestions/<int:pk>/attachments/<int:attachment_pk>/",
        suggestions.suggestion_attachment,
        name="suggestion-attachment",
    ),
    path("suggestions/<int:pk>/form.docx", suggestions.suggestion_word, name="suggestion-word"),
    path("suggestions/<int:pk>/form.pdf", suggestions.suggestion_word, {"fmt": "pdf"}, name="suggestion-pdf"),
]
