from django.urls import reverse
from rest_framework import serializers

from vanguard.core.api.base import ActionsField, ScopedRelatedField, StoredFileField, VersionField
from vanguard.core.choices import Action
from vanguard.core.views import object_page_url
from vanguard.org.models import PartyOrg, Person

from ..choices import CAMPAIGN_FIELDS, TARGET_FIELDS
from ..models import (
    Campaign,
    Commitment,
    CommitmentCheck,
    Evidence,
    ProgressReport,
    ResponsibilityLetter,
    Target,
    TargetContribution,
    TargetStage,
)


class CampaignSerializer(serializers.ModelSerializer):
    organiser = ScopedRelatedField(queryset=PartyOrg.objects.all(), label="组织单位")
    participants = ScopedRelatedField(
        action=Action.VIEW, many=True, queryset=PartyOrg.objects.all(), required=False, label="参加组织"
    )
    version = VersionField()

    class Meta:
        model = Campaign
        fields = ["id", *CAMPAIGN_FIELDS, "status", "version"]
        read_only_fields = ["status"]


class ParentField(ScopedRelatedField):
    """A target's parent, read from the ``parent_pk`` annotation (no query per row); one the user may decompose."""

    def __init__(self, **kwargs):
        super().__init__(action=Action.DECOMPOSE, **kwargs)

    def get_attribute(self, instance):
        from rest_framework.relations import PKOnlyObject

        pk = getattr(instance, "parent_pk", None)
        return PKOnlyObject(pk=pk) if pk is not None else None


class TargetSerializer(serializers.ModelSerializer):
    campaign = ScopedRelatedField(action="view", queryset=Campaign.objects.all(), label="活动")
    parent = ParentField(queryset=Target.objects.all(), required=False, allow_null=True, label="上级目标")
    owner_person = ScopedRelatedField(
        action="view", queryset=Person.objects.all(), required=False, allow_null=True, label="责任人"
    )
    owner_org = ScopedRelatedField(
        action=Action.VIEW, queryset=PartyOrg.objects.all(), required=False, allow_null=True, label="责任组织"
    )
    baseline = serializers.CharField(required=False, allow_null=True, allow_blank=True, label="基准值")
    target_value = serializers.CharField(required=False, allow_null=True, allow_blank=True, label="目标值")
    weight = serializers.CharField(required=False, label="权重")
    version = VersionField()
    actions = ActionsField([Action.CHANGE, Action.DECOMPOSE, Action.REPORT])

    class Meta:
        model = Target
        fields = [
            "id",
            "campaign",
            "parent",
            "depth",
            "path",
            *TARGET_FIELDS,
            "actual_value",
            "progress_pct",
            "forecast_pct",
            "status",
            "last_reported_on",
            "report_count",
            "contributed_value",
            "version",
            "actions",
        ]
        read_only_fields = [
            "depth",
            "path",
            "actual_value",
            "progress_pct",
            "forecast_pct",
            "status",
            "last_reported_on",
            "report_count",
            "contributed_value",
        ]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        for name in ("baseline", "target_value", "weight"):
            value = getattr(instance, name)
            data[name] = None if value is None else str(value)
        return data


class TargetStageSerializer(serializers.ModelSerializer):
    target = ScopedRelatedField(action=Action.DECOMPOSE, queryset=Target.objects.all(), label="目标")
    planned_value = serializers.CharField(required=False, allow_null=True, allow_blank=True, label="阶段目标值")

    class Meta:
        model = TargetStage
        fields = ["id", "target", "kind", "label", "ends_on", "planned_value", "note"]


class EvidenceSerializer(serializers.ModelSerializer):
    file = StoredFileField(
        lambda evidence: reverse("evidence-download", args=[evidence.pk]), read_only=True, label="文件"
    )

    class Meta:
        model = Evidence
        fields = ["id", "name", "size", "file"]


class ProgressReportSerializer(serializers.ModelSerializer):
    target = ScopedRelatedField(action="view", queryset=Target.objects.all(), label="目标")
    value = serializers.CharField(required=False, allow_null=True, allow_blank=True, label="实际值")
    evidence = EvidenceSerializer(many=True, read_only=True)
    actions = ActionsField([Action.REVIEW])

    class Meta:
        model = ProgressReport
        fields = [
            "id",
            "target",
            "period",
            "value",
            "narrative",
            "status",
            "submitted_by",
            "submitted_at",
            "reviewer",
            "reviewed_at",
            "review_note",
            "evidence",
            "actions",
        ]
        read_only_fields = ["status", "submitted_by", "submitted_at", "reviewer", "reviewed_at", "review_note"]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["value"] = None if instance.value is None else str(instance.value)
        return data


class ReviewSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, max_length=200, label="审核意见")


class ResponsibilityLetterSerializer(serializers.ModelSerializer):
    actions = ActionsField([Action.ACKNOWLEDGE])

    class Meta:
        model = ResponsibilityLetter
        fields = [
            "id",
            "campaign",
            "issuer_org",
            "recipient_person",
            "recipient_org",
            "content",
            "status",
            "issued_by",
            "issued_at",
            "acknowledged_by",
            "acknowledged_at",
            "actions",
        ]
        read_only_fields = fields


class LetterIssueSerializer(serializers.Serializer):
    campaign = ScopedRelatedField(action="view", queryset=Campaign.objects.all(), label="活动")
    under = ScopedRelatedField(
        action=Action.DECOMPOSE,
        queryset=Target.objects.all(),
        required=False,
        allow_null=True,
        label="只下达该目标以下的责任人",
    )


class CommitmentSerializer(serializers.ModelSerializer):
    campaign = ScopedRelatedField(action="view", queryset=Campaign.objects.all(), label="活动")
    person = ScopedRelatedField(
        action="view", queryset=Person.objects.all(), required=False, allow_null=True, label="承诺人"
    )
    org = ScopedRelatedField(
        action=Action.VIEW, queryset=PartyOrg.objects.all(), required=False, allow_null=True, label="承诺组织"
    )

    class Meta:
        model = Commitment
        fields = ["id", "campaign", "person", "org", "content", "measure", "due_date", "status"]
        read_only_fields = ["status"]


class CommitmentCheckSerializer(serializers.ModelSerializer):
    commitment = ScopedRelatedField(queryset=Commitment.objects.all(), label="承诺事项")
    version = VersionField()

    class Meta:
        model = CommitmentCheck
        fields = ["id", "commitment", "period", "result", "rating", "remarks", "checked_by", "checked_on", "version"]
        read_only_fields = ["checked_by", "checked_on"]


class TargetContributionSerializer(serializers.ModelSerializer):
    """A result linked to a target; ``value`` (in the target's unit) is set once it is counted."""

    source_url = serializers.SerializerMethodField(label="来源页面")

    class Meta:
        model = TargetContribution
        fields = [
            "id", "target", "source", "source_id", "source_url", "label", "value", "source_value", "counted_on",
            "note",
        ]  # fmt: skip
        read_only_fields = fields

    def get_source_url(self, obj) -> str | None:
        return object_page_url(obj.source, obj.source_id)
