from rest_framework.routers import SimpleRouter

from .views import (
    CampaignViewSet,
    CommitmentCheckViewSet,
    CommitmentViewSet,
    ProgressReportViewSet,
    ResponsibilityLetterViewSet,
    TargetContributionViewSet,
    TargetStageViewSet,
    TargetViewSet,
)

router = SimpleRouter()
router.register("campaigns", CampaignViewSet, basename="api-campaign")
router.register("targets", TargetViewSet, basename="api-target")
router.register("target-stages", TargetStageViewSet, basename="api-target-stage")
router.register("progress-reports", ProgressReportViewSet, basename="api-progress-report")
router.register("responsibility-letters", ResponsibilityLetterViewSet, basename="api-responsibility-letter")
router.register("commitments", CommitmentViewSet, basename="api-commitment")
router.register("target-contributions", TargetContributionViewSet, basename="api-target-contribution")
router.register("commitment-checks", CommitmentCheckViewSet, basename="api-commitment-check")

# "api-" basenames keep the route names apart from the pages' ("campaign-detail" is a page).
urlpatterns = [*router.urls]
