from django.urls import path
from django.views.generic import RedirectView
from rest_framework.routers import SimpleRouter

from .views import AuditEventViewSet, TaskRunViewSet, TokenView

router = SimpleRouter()
router.register("audit-events", AuditEventViewSet)
router.register("tasks", TaskRunViewSet)

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="api-docs"), name="api-root"),
    path("auth/token/", TokenView.as_view(), name="api-token"),
    *router.urls,
]
