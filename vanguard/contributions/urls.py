from django.urls import path

from . import views

urlpatterns = [
    path("projects/<int:pk>/targets/", views.project_target_add, name="project-target-add"),
    path("<int:pk>/remove/", views.project_target_remove, name="project-target-remove"),
    # ---- suggestions
    path("suggestions/<int:pk>/targets/", views.suggestion_target_add, name="suggestion-target-add"),
    path("suggestions/<int:pk>/remove/", views.suggestion_target_remove, name="suggestion-target-remove"),
    # ---- end suggestions
]
