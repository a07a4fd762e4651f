"""The suggestions API: suggestions (list, retrieve, create; each step as ``POST …/{id}/transition/``),
their review history (``suggestion-reviews``) and the reward rules. Reads are scoped; writes go through
``services.suggestions``."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from vanguard.core.access import may
from vanguard.core.api.base import (
    ActionsField,
    NumberField,
    ScopedReadOnlyViewSet,
    ScopedRelatedField,
    ServiceWriteMixin,
    VersionField,
)
from vanguard.core.choices import Action
from vanguard.org.models import Person

from ..choices import EXPERT_DECISIONS, UNIT_DECISIONS, SuggestionCategory
from ..models import RewardRule, Suggestion, SuggestionReview
from ..services import suggestions as services

CATEGORY_HELP = "类别:" + "、".join(f"{value}={label}" for value, label in SuggestionCategory.choices)


class SuggestionSerializer(serializers.ModelSerializer):
    category = serializers.ChoiceField(choices=SuggestionCategory.choices, label="类别", help_text=CATEGORY_HELP)
    expected_benefit = NumberField(required=False, label="预期效益(元/年)", decimal_places=2)
    co_proposers = serializers.PrimaryKeyRelatedField(
        many=True, required=False, write_only=True, queryset=Person.objects.filter(is_active=True),
        label="共同建议人", help_text="人员 id 的列表",
    )  # fmt: skip
    version = VersionField()
    actions = ActionsField([Action.CHANGE, Action.REVIEW, Action.APPROVE])

    class Meta:
        model = Suggestion
        fields = [
            "id", "number", "title", "content", "category", "expected_benefit", "co_proposers", "proposer", "unit",
            "status", "submitted_on", "due_date", "duplicate_of", "within_duty", "implementation_cost",
            "gross_benefit", "verified_benefit", "benefit_from", "benefit_evidence", "finance_signoff",
            "reward_amount", "reward_certificate", "version", "actions",
        ]  # fmt: skip
        read_only_fields = [
            "number", "proposer", "unit", "status", "submitted_on", "due_date", "duplicate_of", "within_duty",
            "implementation_cost", "gross_benefit", "verified_benefit", "benefit_from", "benefit_evidence",
            "finance_signoff", "reward_amount", "reward_certificate",
        ]  # fmt: skip


DECISIONS = [(s.value, s.label) for s in dict.fromkeys((*UNIT_DECISIONS, *EXPERT_DECISIONS))]


class SuggestionTransitionSerializer(serializers.Serializer):
    action = serializers.ChoiceField(
        choices=[
            ("unit_review", "单位初审"), ("expert_review", "专家评审"), ("duplicate", "认定为重复建议"),
            ("resubmit", "修改后重新提交"), ("implement", "实施完成"), ("verify", "效益核定"), ("reward", "奖励"),
            ("join", "并入原建议为共同建议人"),
        ],
        label="操作",
    )  # fmt: skip
    decision = serializers.ChoiceField(choices=DECISIONS, required=False, label="评审意见(初审、评审时)")
    reason = serializers.CharField(required=False, allow_blank=True, label="理由(需完善、不予采纳、重复时必填)")
    within_duty = serializers.BooleanField(required=False, default=False, label="属建议人本职工作范围(评审时)")
    original = ScopedRelatedField(
        action=Action.VIEW, queryset=Suggestion.objects.all(), required=False, label="原建议 id(认定重复时)"
    )
    implementation_cost = serializers.CharField(required=False, allow_blank=True, label="实施费用(元)")
    gross_benefit = serializers.CharField(required=False, allow_blank=True, label="12 个月效益(元)")
    benefit_from = serializers.DateField(required=False, label="效益起算月(该月任一天)")
    evidence = serializers.CharField(required=False, allow_blank=True, label="核定依据")
    finance_signoff = serializers.CharField(required=False, allow_blank=True, label="财务签认人")
    reward_amount = serializers.CharField(required=False, allow_blank=True, label="奖励金额(元)")
    title = serializers.CharField(required=False, label="建议名称(重新提交时)")
    content = serializers.CharField(required=False, label="建议内容(重新提交时)")
    category = serializers.ChoiceField(choices=SuggestionCategory.choices, required=False, label="类别(重新提交时)")
    expected_benefit = serializers.CharField(required=False, allow_blank=True, label="预期效益(重新提交时)")
    version = VersionField()


class SuggestionViewSet(ServiceWriteMixin, mixins.CreateModelMixin, ScopedReadOnlyViewSet):
    """合理化建议: list, read and submit (for oneself); ``POST …/{id}/transition/`` takes a step of the workflow."""

    queryset = Suggestion.objects.all()
    serializer_class = SuggestionSerializer
    lookup_value_regex = r"\d+"  # ``suggestions/similar/`` is a path of its own
    filterset_fields = {
        "status": ["exact"], "category": ["exact"], "unit": ["exact"], "proposer": ["exact"],
        "submitted_on": ["gte", "lte"],
    }  # fmt: skip

    def get_queryset(self):
        return super().get_queryset().order_by("-submitted_on", "-id")

    def may_create(self):
        return may(self.request.user, Action.ADD, Suggestion)

    def create_object(self, data):
        return services.suggestion_submit(actor=self.request.user, **data)

    @extend_schema(
        request=SuggestionTransitionSerializer, summary="建议办理(初审、评审、重复、重新提交、实施、核定、奖励、并入)"
    )
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        suggestion = self.get_object()
        body = SuggestionTransitionSerializer(data=request.data, context=self.get_serializer_context())
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        step = data.pop("action")
        if step == "join":
            services.suggestion_join_original(actor=request.user, suggestion=suggestion)
        else:
            data.setdefault("version", None)
            services.suggestion_act(actor=request.user, suggestion=suggestion, action=step, data=data)
        return Response(self.get_serializer(self.get_queryset().get(pk=suggestion.pk)).data)


class SuggestionReviewSerializer(serializers.ModelSerializer):
    class Meta:
        model = SuggestionReview
        fields = ["id", "suggestion", "step", "from_status", "to_status", "reason", "actor_name", "at"]


class SuggestionReviewViewSet(ScopedReadOnlyViewSet):
    """建议办理记录: each step of a suggestion, with the reviewer's reason (the proposer reads it)."""

    queryset = SuggestionReview.objects.order_by("suggestion_id", "at", "id")
    serializer_class = SuggestionReviewSerializer
    filterset_fields = ["suggestion", "step"]


class RewardRuleSerializer(serializers.ModelSerializer):
    class Meta:
        model = RewardRule
        fields = [
            "id", "label", "min_benefit", "max_benefit", "min_amount", "max_amount", "certificate", "basis", "active",
        ]  # fmt: skip


class RewardRuleViewSet(ScopedReadOnlyViewSet):
    """奖励标准: the tiers by verified yearly benefit (seeded from the 1986 regulation)."""

    queryset = RewardRule.objects.all()
    serializer_class = RewardRuleSerializer
    filterset_fields = ["active"]
