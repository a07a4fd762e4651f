from rest_framework.routers import SimpleRouter

from .views import (
    AttendanceViewSet,
    ComplianceRuleViewSet,
    ComplianceViewSet,
    FieldDayViewSet,
    MeetingViewSet,
    ReviewViewSet,
    TrainingRecordViewSet,
)

router = SimpleRouter()
router.register("meetings", MeetingViewSet, basename="api-meeting")
router.register("attendances", AttendanceViewSet, basename="api-attendance")
router.register("reviews", ReviewViewSet, basename="api-review")
router.register("training-records", TrainingRecordViewSet, basename="api-training-record")
router.register("field-days", FieldDayViewSet, basename="api-field-day")
router.register("compliance-rules", ComplianceRuleViewSet, basename="api-compliance-rule")
router.register("compliance", ComplianceViewSet, basename="api-compliance")

urlpatterns = [*router.urls]
