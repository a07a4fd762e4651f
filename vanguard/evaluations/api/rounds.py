"""The rounds API (评议轮次): read by whom the round concerns, opened by the organisers through
``services.rounds``; ``POST /rounds/{id}/transition/`` moves a round (启动, 开始评分, 开始投票)."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from vanguard.core.api.base import ActionsField, ScopedModelViewSet, VersionField
from vanguard.core.choices import Action
from vanguard.org.models import PartyOrg

from ..choices import RoundStatus
from ..models import EvaluationRound, EvaluationScheme
from ..services import rounds as services


class EvaluationRoundSerializer(serializers.ModelSerializer):
    scheme = serializers.PrimaryKeyRelatedField(queryset=EvaluationScheme.objects.filter(active=True), label="方案")
    org = serializers.PrimaryKeyRelatedField(queryset=PartyOrg.objects.all(), label="组织单位")
    version = VersionField()
    actions = ActionsField([Action.CHANGE])

    class Meta:
        model = EvaluationRound
        fields = ["id", "scheme", "name", "org", "period_start", "period_end", "status", "voting_opens",
                  "voting_closes", "quorum", "min_tally_group", "version", "actions"]  # fmt: skip
        read_only_fields = ["status"]


class RoundTransitionSerializer(serializers.Serializer):
    to = serializers.ChoiceField(choices=[RoundStatus.OPEN, RoundStatus.SCORING, RoundStatus.VOTING], label="转到")
    version = serializers.IntegerField(label="版本")


class RoundViewSet(ScopedModelViewSet):
    """评议轮次: scheme, org, period, voting window, quorum and state."""

    queryset = EvaluationRound.objects.order_by("-period_end", "-id")
    serializer_class = EvaluationRoundSerializer
    filterset_fields = {"scheme": ["exact"], "status": ["exact"], "org": ["exact"]}

    def may_create(self):
        return services.organisable_orgs(self.request.user).exists()

    def create_object(self, data):
        return services.round_create(actor=self.request.user, **data)

    def update_object(self, instance, data, version):
        return services.round_update(actor=self.request.user, round_=instance, data=data, expected_version=version)

    @extend_schema(
        request=RoundTransitionSerializer,
        responses=EvaluationRoundSerializer,
        summary="轮次状态变更(启动、开始评分、开始投票)",
    )
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        round_ = self.get_object()
        body = RoundTransitionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        moved = services.round_transition(actor=request.user, round_=round_, **body.validated_data)
        return Response(EvaluationRoundSerializer(moved, context=self.get_serializer_context()).data)
