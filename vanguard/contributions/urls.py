from django.urls import path

from . import views

urlpatterns = [
    path("projects/<int:pk>/targets/", views.project_target_add, name="project-target-add"),
    path("<int:pk>/remove/", views.project_target_remove, name="project-target-remove"),
]
