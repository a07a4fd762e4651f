"""The support-plans API (帮促计划). Reads are scoped (``access.SUPPORT_PLAN``); a plan is opened from a result,
saved, given measures and reviews and closed only through ``services.support``."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from vanguard.core.access import may
from vanguard.core.api.base import ActionsField, ScopedModelViewSet, ScopedRelatedField, VersionField
from vanguard.core.choices import Action
from vanguard.org.models import Person

from ..choices import SupportOutcome
from ..models import RoundResult, SupportHelper, SupportMeasure, SupportPlan, SupportReview
from ..services import support as services


class SupportHelperSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="person.name", read_only=True)

    class Meta:
        model = SupportHelper
        fields = ["person", "name", "leader"]


class SupportMeasureSerializer(serializers.ModelSerializer):
    class Meta:
        model = SupportMeasure
        fields = ["id", "content", "due_date", "responsible", "done_on", "version"]


class SupportReviewSerializer(serializers.ModelSerializer):
    class Meta:
        model = SupportReview
        fields = ["id", "held_on", "change", "reviewer"]


class SupportPlanSerializer(serializers.ModelSerializer):
    result = ScopedRelatedField(queryset=RoundResult.objects.all(), action=Action.VIEW, label="考评结果")
    helpers = SupportHelperSerializer(many=True, read_only=True)
    measures = SupportMeasureSerializer(many=True, read_only=True)
    reviews = SupportReviewSerializer(many=True, read_only=True)
    findings = serializers.SerializerMethodField(help_text="列入问题清单的问题编号")
    helper_ids = serializers.PrimaryKeyRelatedField(
        many=True, write_only=True, required=False, queryset=Person.objects.filter(is_active=True), label="帮促小组成员"
    )
    leader = serializers.PrimaryKeyRelatedField(
        write_only=True, required=False, allow_null=True, queryset=Person.objects.filter(is_active=True), label="组长"
    )
    version = VersionField()
    actions = ActionsField([Action.CHANGE, Action.REPORT])

    class Meta:
        model = SupportPlan
        fields = [
            "id", "round", "result", "org", "member", "origin", "status", "shortcomings", "goal", "opened_on",
            "review_due", "outcome", "outcome_note", "rectify_by", "closed_on", "helpers", "measures", "reviews",
            "findings", "helper_ids", "leader", "version", "actions",
        ]  # fmt: skip
        read_only_fields = ["round", "org", "member", "origin", "status", "opened_on", "outcome", "outcome_note",
                            "rectify_by", "closed_on"]  # fmt: skip

    def get_findings(self, plan) -> list[str]:
        return [link.finding.number for link in plan.finding_links.all()]


class SupportMeasureWriteSerializer(serializers.Serializer):
    measure = serializers.IntegerField(required=False, allow_null=True, label="措施(修改时)")
    content = serializers.CharField(label="措施")
    due_date = serializers.DateField(label="完成时限")
    responsible = serializers.PrimaryKeyRelatedField(queryset=Person.objects.all(), label="落实人")
    done_on = serializers.DateField(required=False, allow_null=True, label="完成日期")
    version = serializers.IntegerField(required=False, allow_null=True)


class SupportReviewWriteSerializer(serializers.Serializer):
    held_on = serializers.DateField(label="回访日期")
    change = serializers.CharField(label="转变情况")
    next_review = serializers.DateField(required=False, allow_null=True, label="下次回访")


class SupportCloseSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=SupportOutcome.choices, label="处置结果")
    note = serializers.CharField(label="处置说明")
    rectify_by = serializers.DateField(required=False, allow_null=True, label="改正期限")
    version = serializers.IntegerField()


class SupportPlanViewSet(ScopedModelViewSet):
    """帮促计划: the member graded 不合格 (opened on publishing) or 基本合格 (opened by the secretary), the support
    group, measures, follow-up reviews and closure; ``findings`` are the numbers of its shortcomings in the
    rectification loop (``/findings/``)."""

    queryset = (
        SupportPlan.objects.select_related("member")
        .prefetch_related("helpers__person", "measures", "reviews", "finding_links__finding")
        .order_by("-opened_on", "-id")
    )
    serializer_class = SupportPlanSerializer
    filterset_fields = {"status": ["exact"], "org": ["exact"], "round": ["exact"], "member": ["exact"]}

    def may_create(self):
        return may(self.request.user, Action.ADD, SupportPlan)

    def create_object(self, data):
        return services.support_plan_open(
            actor=self.request.user, result=data["result"], shortcomings=data.get("shortcomings", "")
        )

    def update_object(self, instance, data, version):
        helpers = data.get("helper_ids")
        if helpers is None:
            helpers = [h.person for h in instance.helpers.all()]
        leader = data.get("leader") or next((h.person for h in instance.helpers.all() if h.leader), None)
        return services.support_plan_save(
            actor=self.request.user, plan=instance, expected_version=version,
            shortcomings=data.get("shortcomings", instance.shortcomings), goal=data.get("goal", instance.goal),
            helpers=helpers, leader=leader, review_due=data.get("review_due", instance.review_due),
        )  # fmt: skip

    def _answer(self, pk, code=status.HTTP_200_OK):
        return Response(self.get_serializer(self.get_queryset().get(pk=pk)).data, status=code)

    @extend_schema(request=SupportMeasureWriteSerializer, responses=SupportPlanSerializer, summary="添加或修改改进措施")
    @action(detail=True, methods=["post"])
    def measures(self, request, pk=None):
        plan = self.get_object()
        body = SupportMeasureWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        measure_pk, version = data.pop("measure", None), data.pop("version", None)
        measure = plan.measures.filter(pk=measure_pk).first() if measure_pk else None
        if measure_pk and measure is None:
            raise serializers.ValidationError({"measure": "找不到该帮促计划的这条措施。"})
        services.support_measure_save(actor=request.user, plan=plan, measure=measure, expected_version=version, **data)
        return self._answer(plan.pk)

    @extend_schema(request=SupportReviewWriteSerializer, responses=SupportPlanSerializer, summary="记录回访(帮促小组)")
    @action(detail=True, methods=["post"])
    def reviews(self, request, pk=None):
        plan = self.get_object()
        body = SupportReviewWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.support_review_add(actor=request.user, plan=plan, **body.validated_data)
        return self._answer(plan.pk, status.HTTP_201_CREATED)

    @extend_schema(
        request=SupportCloseSerializer, responses=SupportPlanSerializer, summary="结束帮促(转化、限期改正、组织处置)"
    )
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        plan = self.get_object()
        body = SupportCloseSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        services.support_plan_close(actor=request.user, plan=plan, expected_version=data.pop("version"), **data)
        return self._answer(plan.pk)
