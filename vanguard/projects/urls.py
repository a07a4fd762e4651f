from django.urls import path

from .views import pages

urlpatterns = [
    path("", pages.project_list, name="project-list"),
    path("export/", pages.project_export, name="project-export"),
    path("new/", pages.project_create, name="project-create"),
    path("import/", pages.project_import_page, name="project-import"),
    path("import/template/", pages.project_import_template, name="project-import-template"),
    path("my/", pages.my_projects, name="my-projects"),
    path("summary/", pages.project_summary, name="project-summary"),
    path("<int:pk>/", pages.project_detail, name="project-detail"),
    path("<int:pk>/transition/", pages.project_transition, name="project-transition"),
    path("<int:pk>/logs/", pages.project_log, name="project-log"),
    path("<int:pk>/logs/<int:log_pk>/attachment/", pages.project_log_attachment, name="project-log-attachment"),
    path("<int:pk>/logs/<int:log_pk>/delete/", pages.project_log_delete, name="project-log-delete"),
    path("<int:pk>/members/", pages.project_member_add, name="project-member-add"),
    path("<int:pk>/members/<int:member_pk>/remove/", pages.project_member_remove, name="project-member-remove"),
    path("<int:pk>/application.docx", pages.project_word, {"document": "application"}, name="project-application"),
    path("<int:pk>/completion.docx", pages.project_word, {"document": "completion"}, name="project-completion"),
    path(
        "<int:pk>/application.pdf",
        pages.project_word,
        {"document": "application", "fmt": "pdf"},
        name="project-application-pdf",
    ),
    path(
        "<int:pk>/completion.pdf",
        pages.project_word,
        {"document": "completion", "fmt": "pdf"},
        name="project-completion-pdf",
    ),
]
