from django.urls import path
from rest_framework.routers import DefaultRouter

from .views import AuditEventViewSet, TaskRunViewSet, TokenView

router = DefaultRouter()
router.register("audit-events", AuditEventViewSet)
router.register("tasks", TaskRunViewSet)

urlpatterns = [path("auth/token/", TokenView.as_view(), name="api-token"), *router.urls]
