from rest_framework import serializers

from vanguard.campaigns.models import Target, TargetContribution
from vanguard.core.api.base import ScopedRelatedField
from vanguard.core.choices import Action
from vanguard.projects.models import Project


class ProjectTargetSerializer(serializers.ModelSerializer):
    """A project's link to a campaign target; ``value`` is what its accepted benefit counted (target's unit)."""

    project = serializers.SerializerMethodField(label="项目")
    target = ScopedRelatedField(action=Action.VIEW, queryset=Target.objects.all(), label="目标")

    class Meta:
        model = TargetContribution
        fields = ["id", "project", "target", "label", "value", "source_value", "counted_on", "note"]
        read_only_fields = ["label", "value", "source_value", "counted_on", "note"]

    def get_project(self, obj) -> int:
        return obj.source_id


class ProjectTargetCreateSerializer(serializers.Serializer):
    project = ScopedRelatedField(action=Action.VIEW, queryset=Project.objects.all(), label="项目")
    target = ScopedRelatedField(action=Action.VIEW, queryset=Target.objects.all(), label="目标")
