"""The campaigns API. Reads are scoped; writes go through ``campaigns.services``."""

from django.db.models import OuterRef, Subquery
from django.db.models.functions import Substr
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response

from vanguard.core.access import may, restricted_prefetch
from vanguard.core.api.base import ScopedModelViewSet, ScopedReadOnlyViewSet, ServiceWriteMixin
from vanguard.core.api.filters import ScopedFilterBackend
from vanguard.core.choices import Action
from vanguard.org.models import PartyOrg

from .. import services
from ..models import (
    Campaign,
    Commitment,
    CommitmentCheck,
    ProgressReport,
    ResponsibilityLetter,
    Target,
    TargetContribution,
    TargetStage,
)
from .serializers import (
    CampaignSerializer,
    CommitmentCheckSerializer,
    CommitmentSerializer,
    LetterIssueSerializer,
    ProgressReportSerializer,
    ResponsibilityLetterSerializer,
    ReviewSerializer,
    TargetContributionSerializer,
    TargetSerializer,
    TargetStageSerializer,
)


class CampaignViewSet(ScopedModelViewSet):
    """主题实践活动; ``POST …/activate/`` and ``…/close/`` move it through draft → active → closed."""

    queryset = Campaign.objects.all()
    serializer_class = CampaignSerializer
    filterset_fields = ["theme", "status", "organiser"]
    filter_backends = [ScopedFilterBackend]

    def get_queryset(self):
        # The participants listed are those the user may see by themselves.
        participants = restricted_prefetch("participants", PartyOrg.objects.all(), self.request.user)
        return super().get_queryset().prefetch_related(participants)

    def may_create(self):
        return may(self.request.user, Action.ADD, Campaign)

    def create_object(self, data):
        return services.campaign_create(actor=self.request.user, **data)

    def update_object(self, instance, data, version):
        return services.campaign_update(actor=self.request.user, campaign=instance, data=data, expected_version=version)

    def _transition(self, service):
        campaign = self.get_object()
        campaign = service(actor=self.request.user, campaign=campaign)
        return Response(self.get_serializer(campaign).data)

    @extend_schema(request=None, summary="启动活动")
    @action(detail=True, methods=["post"])
    def activate(self, request, pk=None):
        return self._transition(services.campaign_activate)

    @extend_schema(request=None, summary="结束活动")
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        return self._transition(services.campaign_close)


def with_parent_pk(queryset):
    parent_path = Substr(OuterRef("path"), 1, (OuterRef("depth") - 1) * Target.steplen)
    return queryset.annotate(parent_pk=Subquery(Target.objects.order_by().filter(path=parent_path).values("pk")[:1]))


class TargetViewSet(ScopedModelViewSet):
    """目标 tree; create a child with ``parent``; ``?campaign=``, ``?status=``, ``?owner_person=``."""

    queryset = Target.objects.all()
    serializer_class = TargetSerializer
    filterset_fields = ["campaign", "status", "owner_person", "owner_org", "depth"]
    filter_backends = [ScopedFilterBackend]

    def get_queryset(self):
        return with_parent_pk(super().get_queryset())

    def create_object(self, data):
        parent = data.pop("parent", None)
        target, _ = services.target_create(actor=self.request.user, **data, parent=parent)
        return with_parent_pk(Target.objects.filter(pk=target.pk)).get()

    def update_object(self, instance, data, version):
        data.pop("parent", None)
        data.pop("campaign", None)
        target, _ = services.target_update(
            actor=self.request.user, target=instance, data=data, expected_version=version
        )
        return with_parent_pk(Target.objects.filter(pk=target.pk)).get()


class TargetStageViewSet(ServiceWriteMixin, mixins.CreateModelMixin, ScopedReadOnlyViewSet):
    """阶段性目标: POST adds or replaces the stage ending on ``ends_on``."""

    queryset = TargetStage.objects.all()
    serializer_class = TargetStageSerializer
    filterset_fields = ["target"]
    filter_backends = [ScopedFilterBackend]

    def create_object(self, data):
        return services.target_stage_set(actor=self.request.user, **data)


class ProgressReportViewSet(ServiceWriteMixin, mixins.CreateModelMixin, ScopedReadOnlyViewSet):
    """进展填报: owners POST; reviewers ``POST …/accept/`` or ``…/return/`` (with ``note``)."""

    queryset = ProgressReport.objects.prefetch_related("evidence")
    serializer_class = ProgressReportSerializer
    filterset_fields = ["target", "status", "period"]
    filter_backends = [ScopedFilterBackend]

    def create_object(self, data):
        return services.report_submit(actor=self.request.user, **data)

    def _review(self, request, service):
        report = self.get_object()
        body = ReviewSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        report = service(actor=request.user, report=report, note=body.validated_data.get("note", ""))
        report = self.get_queryset().get(pk=report.pk)
        return Response(self.get_serializer(report).data)

    @extend_schema(request=ReviewSerializer, summary="审核通过(重新计算上级汇总)")
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        return self._review(request, services.report_accept)

    @extend_schema(request=ReviewSerializer, summary="退回(须写明原因)")
    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request, pk=None):
        return self._review(request, services.report_return)


class ResponsibilityLetterViewSet(ScopedReadOnlyViewSet):
    """责任书: ``POST …/issue/`` issues them for a campaign; the recipient ``POST …/{id}/acknowledge/``."""

    queryset = ResponsibilityLetter.objects.all()
    serializer_class = ResponsibilityLetterSerializer
    filterset_fields = ["campaign", "status", "recipient_person", "recipient_org"]
    filter_backends = [ScopedFilterBackend]

    @extend_schema(
        request=LetterIssueSerializer, responses=ResponsibilityLetterSerializer(many=True), summary="批量下达责任书"
    )
    @action(detail=False, methods=["post"])
    def issue(self, request):
        body = LetterIssueSerializer(data=request.data, context=self.get_serializer_context())
        body.is_valid(raise_exception=True)
        letters = services.letter_bulk_issue(actor=request.user, **body.validated_data)
        return Response(self.get_serializer(letters, many=True).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, summary="确认责任书")
    @action(detail=True, methods=["post"])
    def acknowledge(self, request, pk=None):
        letter = self.get_object()
        letter = services.letter_acknowledge(actor=request.user, letter=letter)
        return Response(self.get_serializer(letter).data)


class CommitmentViewSet(ServiceWriteMixin, mixins.CreateModelMixin, ScopedReadOnlyViewSet):
    """承诺事项 of members and branches."""

    queryset = Commitment.objects.all()
    serializer_class = CommitmentSerializer
    filterset_fields = ["campaign", "person", "org", "status"]
    filter_backends = [ScopedFilterBackend]

    def create_object(self, data):
        return services.commitment_create(actor=self.request.user, **data)


class CommitmentCheckViewSet(ServiceWriteMixin, mixins.CreateModelMixin, ScopedReadOnlyViewSet):
    """推动检查: one per commitment and half year (POST again to correct it)."""

    queryset = CommitmentCheck.objects.all()
    serializer_class = CommitmentCheckSerializer
    filterset_fields = ["commitment", "period", "rating"]
    filter_backends = [ScopedFilterBackend]

    def create_object(self, data):
        data.pop("version", None)
        return services.commitment_check_record(actor=self.request.user, **data)


class TargetContributionViewSet(ScopedReadOnlyViewSet):
    """计入目标的成果: results of other modules (merit projects …) linked to targets, counted once accepted."""

    queryset = TargetContribution.objects.all()
    serializer_class = TargetContributionSerializer
    filterset_fields = ["target", "source", "source_id"]
    filter_backends = [ScopedFilterBackend]
