from rest_framework.routers import SimpleRouter

from .views import (
    CampaignViewSet,
    CommitmentCheckViewSet,
    CommitmentViewSet,
    ProgressReportViewSet,
    ResponsibilityLetterViewSet,
    TargetStageViewSet,
    TargetViewSet,
)

router = SimpleRouter()
router.register("campaigns", CampaignViewSet)
router.register("targets", TargetViewSet)
router.register("target-stages", TargetStageViewSet)
router.register("progress-reports", ProgressReportViewSet)
router.register("responsibility-letters", ResponsibilityLetterViewSet)
router.register("commitments", CommitmentViewSet)
router.register("commitment-checks", CommitmentCheckViewSet)

urlpatterns = [*router.urls]
