from rest_framework import serializers

from ..masking import masked_event
from ..models import AuditEvent, TaskRun


class CredentialsSerializer(serializers.Serializer):
    username = serializers.CharField(label="用户名或工号")
    password = serializers.CharField(label="密码", style={"input_type": "password"}, trim_whitespace=False)


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(label="令牌")


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(label="说明")


class AuditEventSerializer(serializers.ModelSerializer):
    """An audit row; fields declared in ``core.masking`` masked for a reader who may not see them."""

    def to_representation(self, instance):
        data = super().to_representation(instance)
        request = self.context.get("request")
        data["before"], data["after"] = masked_event(instance, request.user if request else None)
        return data

    class Meta:
        model = AuditEvent
        fields = [
            "id",
            "at",
            "actor",
            "actor_name",
            "action",
            "object_type",
            "object_id",
            "object_repr",
            "before",
            "after",
            "prev_hash",
            "hash",
        ]


class TaskRunSerializer(serializers.ModelSerializer):
    percent = serializers.IntegerField(read_only=True, label="进度(%)")

    class Meta:
        model = TaskRun
        fields = [
            "id",
            "name",
            "label",
            "status",
            "done",
            "total",
            "percent",
            "result",
            "error",
            "created_at",
            "finished_at",
        ]
