"""The schemes and criteria API (考评方案、考评指标): read by everyone, written by the office through
``services.schemes`` (the same checks and messages as the pages)."""

from rest_framework import serializers

from vanguard.core.access import may
from vanguard.core.api.base import ActionsField, ScopedModelViewSet, VersionField
from vanguard.core.choices import Action

from ..models import Criterion, EvaluationScheme, EvaluatorGroup, GradeBand
from ..services import schemes as services


class EvaluatorGroupSerializer(serializers.ModelSerializer):
    class Meta:
        model = EvaluatorGroup
        fields = ["kind", "weight"]


class GradeBandSerializer(serializers.ModelSerializer):
    class Meta:
        model = GradeBand
        fields = ["id", "code", "label", "min_score", "quota", "stars"]


class EvaluationSchemeSerializer(serializers.ModelSerializer):
    evaluator_groups = EvaluatorGroupSerializer(many=True, read_only=True)
    grades = GradeBandSerializer(many=True, read_only=True)
    version = VersionField()
    actions = ActionsField([Action.CHANGE])

    class Meta:
        model = EvaluationScheme
        fields = [
            "id", "code", "name", "subject_kind", "description", "ballot_choices", "self_assessment", "combination",
            "business_weight", "party_floor", "adjustment_cap", "base_score", "grade_probationary", "active",
            "order", "individual_plans", "evaluator_groups", "grades", "version", "actions",
        ]  # fmt: skip


class SchemeViewSet(ScopedModelViewSet):
    """考评方案 with their evaluator groups and grade bands; the criteria are under ``/criteria/?scheme={id}``."""

    queryset = EvaluationScheme.objects.prefetch_related("evaluator_groups", "grades").order_by("order", "id")
    serializer_class = EvaluationSchemeSerializer
    filterset_fields = {"subject_kind": ["exact"], "active": ["exact"], "code": ["exact"]}

    def may_create(self):
        return may(self.request.user, Action.ADD, EvaluationScheme)

    def create_object(self, data):
        return services.scheme_save(actor=self.request.user, data=data)

    def update_object(self, instance, data, version):
        data.pop("code", None)
        return services.scheme_save(actor=self.request.user, scheme=instance, data=data, expected_version=version)


class EvaluationCriterionSerializer(serializers.ModelSerializer):
    scheme = serializers.PrimaryKeyRelatedField(queryset=EvaluationScheme.objects.all(), label="方案")
    parent = serializers.PrimaryKeyRelatedField(
        queryset=Criterion.objects.all(), required=False, allow_null=True, label="上级指标"
    )
    scheme_version = serializers.IntegerField(write_only=True, required=False, label="方案版本")

    class Meta:
        model = Criterion
        fields = ["id", "scheme", "parent", "code", "name", "weight", "method", "source", "params", "scale_max",
                  "standard", "order", "scheme_version"]  # fmt: skip
        validators = []  # the service checks the code's uniqueness within the scheme, in Chinese


class CriterionViewSet(ScopedModelViewSet):
    """考评指标 of the schemes' trees; a write names the scheme's ``scheme_version`` it read (the scheme's
    version moves with every change of its parts)."""

    queryset = Criterion.objects.select_related("scheme").order_by("scheme_id", "parent_id", "order", "id")
    serializer_class = EvaluationCriterionSerializer
    filterset_fields = {"scheme": ["exact"], "parent": ["exact"], "method": ["exact"]}
    version_on_update = False

    def may_create(self):
        return may(self.request.user, Action.ADD, EvaluationScheme)

    def create_object(self, data):
        scheme = data.pop("scheme")
        version = data.pop("scheme_version", None)
        return services.criterion_save(actor=self.request.user, scheme=scheme, data=data, expected_version=version)

    def update_object(self, instance, data, version):
        data.pop("scheme", None)
        version = data.pop("scheme_version", None)
        return services.criterion_save(
            actor=self.request.user, scheme=instance.scheme, criterion=instance, data=data, expected_version=version
        )
