"""The findings API (问题清单). Reads are scoped; raising and every step go through ``services.findings``:
``POST …/{id}/transition/`` (接收、开始整改、整改完成、验证销号、退回重改), ``POST …/{id}/extension/`` (申请延期),
``POST …/{id}/extension-decision/`` (批准或不批准延期)."""

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from vanguard.core.access import may
from vanguard.core.api.base import (
    ActionsField,
    ScopedReadOnlyViewSet,
    ScopedRelatedField,
    ServiceWriteMixin,
    VersionField,
)
from vanguard.core.choices import Action
from vanguard.core.exceptions import ScopeError
from vanguard.org.models import Person, Unit
from vanguard.orglife.models import Meeting

from ..choices import ExtensionStatus, FindingColour, FindingTransition
from ..models import Finding, FindingExtension, Suggestion, Visit
from ..services import findings as services


class FindingSerializer(serializers.ModelSerializer):
    visit = ScopedRelatedField(action=Action.VIEW, queryset=Visit.objects.all(), required=False, allow_null=True)
    suggestion = ScopedRelatedField(
        action=Action.VIEW, queryset=Suggestion.objects.all(), required=False, allow_null=True
    )
    meeting = ScopedRelatedField(action=Action.VIEW, queryset=Meeting.objects.all(), required=False, allow_null=True)
    raised_unit = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.all(), label="提出单位")
    raised_by = serializers.PrimaryKeyRelatedField(read_only=True, label="提出人(当前用户)")
    responsible_unit = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.all(), label="责任单位")
    responsible_person = serializers.PrimaryKeyRelatedField(
        queryset=Person.objects.filter(is_active=True), label="责任人"
    )
    colour = serializers.SerializerMethodField(
        help_text="三色预警:blue 临近期限、yellow 进度滞后、red 已逾期、空为正常"
    )
    version = VersionField()
    actions = ActionsField([Action.CHANGE, Action.REVIEW])

    class Meta:
        model = Finding
        fields = [
            "id", "number", "title", "description", "source_kind", "visit", "suggestion", "meeting", "source_ref",
            "raised_unit", "raised_by", "raised_on", "responsible_unit", "responsible_person", "measure", "deadline",
            "original_deadline", "status", "colour", "rectification", "resolved_on", "evidence", "closed_on",
            "reopen_count", "version", "actions",
        ]  # fmt: skip
        read_only_fields = [
            "number", "raised_on", "original_deadline", "status", "rectification", "resolved_on", "evidence",
            "closed_on", "reopen_count",
        ]  # fmt: skip

    def get_colour(self, finding) -> str:
        colour = finding.colour_on(self.context.setdefault("today", timezone.localdate()))
        return FindingColour(colour).value


class FindingTransitionSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=FindingTransition.choices, label="操作")
    note = serializers.CharField(required=False, allow_blank=True, label="说明(退回重改时必填)")
    measure = serializers.CharField(required=False, allow_blank=True, label="整改措施(接收时,未填过则必填)")
    rectification = serializers.CharField(required=False, allow_blank=True, label="整改情况(整改完成时必填)")
    evidence = serializers.CharField(required=False, allow_blank=True, label="销号依据(验证销号时必填)")
    deadline = serializers.DateField(required=False, allow_null=True, label="新的整改期限(退回重改时可填)")
    version = VersionField()


class ExtensionRequestSerializer(serializers.Serializer):
    requested_deadline = serializers.DateField(label="申请延至")
    reason = serializers.CharField(label="延期理由")


class ExtensionSerializer(serializers.ModelSerializer):
    class Meta:
        model = FindingExtension
        fields = [
            "id", "finding", "requested_deadline", "previous_deadline", "reason", "requested_on", "status",
            "decided_on", "decision_note",
        ]  # fmt: skip


class ExtensionDecisionSerializer(serializers.Serializer):
    extension = serializers.IntegerField(label="延期申请 id")
    approve = serializers.BooleanField(label="是否批准")
    note = serializers.CharField(required=False, allow_blank=True, label="审批意见(不批准时必填)")


class FindingViewSet(ServiceWriteMixin, mixins.CreateModelMixin, ScopedReadOnlyViewSet):
    """问题清单; raised by the current user (``raised_by``), changed only through its steps."""

    queryset = Finding.objects.order_by("deadline", "id")
    serializer_class = FindingSerializer
    filterset_fields = {"status": ["exact"], "source_kind": ["exact"], "visit": ["exact"],
                        "responsible_unit": ["exact"], "responsible_person": ["exact"], "raised_unit": ["exact"],
                        "deadline": ["gte", "lte"]}  # fmt: skip

    def may_create(self):
        return may(self.request.user, Action.ADD, Finding)

    def create_object(self, data):
        person = getattr(self.request.user, "person", None)
        if person is None:
            raise ScopeError("您的账号没有对应的人员,不能提出问题。")
        return services.finding_create(actor=self.request.user, raised_by=person, **data)

    def _answer(self, pk, code=status.HTTP_200_OK):
        return Response(self.get_serializer(Finding.objects.get(pk=pk)).data, status=code)

    @extend_schema(request=FindingTransitionSerializer, responses=FindingSerializer,
                   summary="问题整改流转(接收、开始整改、整改完成、验证销号、退回重改)")  # fmt: skip
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        finding = self.get_object()
        body = FindingTransitionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        services.finding_transition(
            actor=request.user, finding=finding, action=data.pop("action"), expected_version=data.pop("version", None),
            **data,
        )  # fmt: skip
        return self._answer(finding.pk)

    @extend_schema(request=ExtensionRequestSerializer, responses=ExtensionSerializer, summary="申请延期(须在期限之前)")
    @action(detail=True, methods=["post"])
    def extension(self, request, pk=None):
        finding = self.get_object()
        body = ExtensionRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        extension = services.finding_extension_request(actor=request.user, finding=finding, **body.validated_data)
        return Response(ExtensionSerializer(extension).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ExtensionDecisionSerializer, responses=ExtensionSerializer,
                   summary="审批延期申请(责任人所在单位的负责人)")  # fmt: skip
    @action(detail=True, methods=["post"], url_path="extension-decision")
    def extension_decision(self, request, pk=None):
        finding = self.get_object()
        body = ExtensionDecisionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        extension = (
            FindingExtension.objects.restrict(request.user, Action.VIEW)
            .filter(finding=finding, pk=body.validated_data["extension"], status=ExtensionStatus.PENDING)
            .first()
        )
        if extension is None:
            raise serializers.ValidationError({"extension": "找不到该问题待审批的延期申请。"})
        decided = services.finding_extension_decide(
            actor=request.user, extension=extension, approve=body.validated_data["approve"],
            note=body.validated_data.get("note", ""),
        )  # fmt: skip
        return Response(ExtensionSerializer(decided).data)
