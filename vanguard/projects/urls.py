from django.urls import path

from .views import pages

urlpatterns = [
    path("", pages.project_list, name="project-list"),
    path("export/", pages.project_export, name="project-export"),
    path("new/", pages.project_create, name="project-create"),
    path("my/", pages.my_projects, name="my-projects"),
    path("summary/", pages.project_summary, name="project-summary"),
    path("<int:pk>/", pages.project_detail, name="project-detail"),
    path("<int:pk>/transition/", pages.project_transition, name="project-transition"),
    path("<int:pk>/logs/", pages.project_log, name="project-log"),
]
