from django.contrib.auth import views as auth_views
from django.urls import path

from . import exports, views
from .forms import LoginForm
from .metrics import metrics_view
from .pickers import picker_search

urlpatterns = [
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(authentication_form=LoginForm, redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("audit/", views.AuditListView.as_view(), name="audit-list"),
    path("audit/<str:object_type>/<str:object_id>/", views.object_history, name="audit-object"),
    path("tasks/<int:pk>/", views.task_detail, name="task-detail"),
    path("exports/<int:pk>/", exports.export_detail, name="export-detail"),
    path("exports/<int:pk>/download/", exports.export_download, name="export-download"),
    path("picker/<str:name>/", picker_search, name="picker-search"),
    path("healthz", views.healthz, name="healthz"),
    path("ping/", views.ping, name="ping"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("metrics", metrics_view, name="metrics"),
]
