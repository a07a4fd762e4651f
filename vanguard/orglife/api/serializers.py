"""Serializers of the orglife API. A foreign key offers what the policy offers: a secretary may point a
meeting, review or training record only at his own orgs and their members (``access.choices``)."""

from rest_framework import serializers

from vanguard.core.api.base import (
    ActionsField,
    CodeRelatedField,
    NumberField,
    PolicyRelatedField,
    ScopedRelatedField,
    VersionField,
)
from vanguard.core.choices import Action
from vanguard.org.models import PartyOrg, Person

from ..choices import AttendanceStatus
from ..models import (
    Attendance,
    ComplianceRule,
    FieldDay,
    Meeting,
    Review,
    ReviewGrade,
    TrainingRecord,
)


class MeetingSerializer(serializers.ModelSerializer):
    org = PolicyRelatedField(Meeting, queryset=PartyOrg.objects.all(), label="党组织")
    host = ScopedRelatedField(
        action=Action.VIEW, queryset=Person.objects.all(), required=False, allow_null=True, label="主持人"
    )
    recorder = ScopedRelatedField(
        action=Action.VIEW, queryset=Person.objects.all(), required=False, allow_null=True, label="记录人"
    )
    class_hours = NumberField(decimal_places=1, required=False, label="学时")
    held = serializers.BooleanField(write_only=True, required=False, default=False, label="已召开")
    version = VersionField()
    actions = ActionsField([Action.CHANGE])

    class Meta:
        model = Meeting
        fields = [
            "id", "org", "kind", "form", "title", "date", "start_time", "place", "host", "recorder", "topics",
            "minutes", "resolutions", "class_hours", "status", "held", "version", "actions",
        ]  # fmt: skip
        read_only_fields = ["status"]
        # The service reports a duplicate meeting in Chinese; the model's own constraint check is not run here.
        validators = []


class AttendanceMarksSerializer(serializers.Serializer):
    marks = serializers.DictField(
        child=serializers.ChoiceField(choices=AttendanceStatus.choices),
        label="出勤",
        help_text="人员编号 → 出勤状态;不在本组织的人员记为列席。",
    )


class MinutesSerializer(serializers.Serializer):
    minutes = serializers.CharField(label="会议记录")
    resolutions = serializers.CharField(required=False, allow_blank=True, label="决议事项")
    version = VersionField()


class AttendanceSerializer(serializers.ModelSerializer):
    meeting = ScopedRelatedField(queryset=Meeting.objects.all(), label="会议")
    person = ScopedRelatedField(action=Action.VIEW, queryset=Person.objects.filter(is_active=True), label="人员")

    class Meta:
        model = Attendance
        fields = ["id", "meeting", "person", "status", "is_guest", "note"]
        read_only_fields = ["is_guest"]
        validators = []


class TrainingRecordSerializer(serializers.ModelSerializer):
    person = PolicyRelatedField(TrainingRecord, queryset=Person.objects.all(), label="人员")
    hours = serializers.CharField(label="学时")
    version = VersionField()

    class Meta:
        model = TrainingRecord
        fields = ["id", "person", "category", "channel", "title", "provider", "date", "hours", "note", "version"]
        validators = []

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["hours"] = str(instance.hours)
        return data


class MemberReviewSerializer(serializers.ModelSerializer):
    person = ScopedRelatedField(action=Action.VIEW, queryset=Person.objects.all(), label="党员")
    org = PolicyRelatedField(Review, queryset=PartyOrg.objects.all(), label="讲评组织")
    grade = CodeRelatedField(slug_field="code", queryset=ReviewGrade.objects.all(), label="讲评等级")
    version = VersionField(read_only=True)

    class Meta:
        model = Review
        fields = ["id", "person", "org", "month", "grade", "comment", "evidence", "version"]
        validators = []


class FieldDaySerializer(serializers.ModelSerializer):
    person = PolicyRelatedField(FieldDay, queryset=Person.objects.all(), label="干部")
    version = VersionField(read_only=True)

    class Meta:
        model = FieldDay
        fields = ["id", "person", "date", "half", "place", "problems_found", "problems_solved", "version"]
        validators = []


class ComplianceRuleSerializer(serializers.ModelSerializer):
    version = VersionField()

    class Meta:
        model = ComplianceRule
        fields = ["id", "subject", "org_kind", "period", "minimum", "is_active", "basis", "version"]
        validators = []
