from django.urls import reverse
from rest_framework import serializers

from vanguard.core.api.base import ActionsField, ScopedRelatedField, StoredFileField, VersionField
from vanguard.core.choices import Action
from vanguard.org.models import PartyOrg, Person

from ..choices import MemberRole, Rating, Transition
from ..models import Project, ProjectLog, ProjectMember
from ..selectors import project_branch_choices


class BranchField(serializers.PrimaryKeyRelatedField):
    """The branches the user may submit a project for (``access.PROJECT``, ADD); any other "does not exist"."""

    def get_queryset(self):
        return project_branch_choices(user=self.context["request"].user, action=Action.ADD)


class ProjectSerializer(serializers.ModelSerializer):
    branch = BranchField(queryset=PartyOrg.objects.none(), label="所属支部")
    # The people in the user's scope (a member: himself); the service answers whether he may submit for them.
    leader = ScopedRelatedField(action=Action.VIEW, queryset=Person.objects.filter(is_active=True), label="负责人")
    expected_benefit = serializers.CharField(required=False, allow_blank=True, allow_null=True, label="预期效益(元)")
    missing_months = serializers.IntegerField(read_only=True, required=False, label="缺少活动记录的月数")
    version = VersionField()
    actions = ActionsField([Action.CHANGE, Action.REVIEW, Action.APPROVE])

    class Meta:
        model = Project
        fields = [
            "id", "number", "kind", "title", "problem_kind", "problem", "objectives", "expected_benefit", "indicator",
            "plan", "start_date", "end_date", "branch", "leader", "status", "measured_benefit", "evidence",
            "completion_summary", "rating", "approved_at", "accepted_at", "missing_months", "version", "actions",
        ]  # fmt: skip
        read_only_fields = [
            "number", "status", "measured_benefit", "evidence", "completion_summary", "rating", "approved_at",
            "accepted_at",
        ]  # fmt: skip


class TransitionSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=Transition.choices, label="操作")
    reason = serializers.CharField(required=False, allow_blank=True, label="理由(退回、不予立项、撤回时必填)")
    summary = serializers.CharField(required=False, allow_blank=True, label="结项总结(申请结项时)")
    measured_benefit = serializers.CharField(required=False, allow_blank=True, label="验收效益(元)")
    evidence = serializers.CharField(required=False, allow_blank=True, label="验收依据")
    rating = serializers.CharField(
        required=False,
        allow_blank=True,
        label="评定等级",
        help_text="评定时:" + "、".join(f"{v}={lbl}" for v, lbl in Rating.choices),
    )
    version = VersionField()


class ProjectMemberSerializer(serializers.ModelSerializer):
    project = ScopedRelatedField(action=Action.VIEW, queryset=Project.objects.all(), label="项目")
    # A team takes any employee, as on the page (by 工号 there); the service checks who may build the team.
    person = serializers.PrimaryKeyRelatedField(queryset=Person.objects.filter(is_active=True), label="人员")
    role = serializers.ChoiceField(choices=MemberRole.choices, required=False, default=MemberRole.MEMBER)

    class Meta:
        model = ProjectMember
        fields = ["id", "project", "person", "role", "duty"]
        validators = []


class ProjectLogSerializer(serializers.ModelSerializer):
    project = ScopedRelatedField(action=Action.VIEW, queryset=Project.objects.all(), label="项目")
    participants = serializers.PrimaryKeyRelatedField(
        many=True, queryset=Person.objects.filter(is_active=True), required=False, label="参加人员"
    )
    attachment = StoredFileField(
        lambda log: reverse("project-log-attachment", args=[log.project_id, log.pk]),
        required=False,
        allow_null=True,
        label="附件",
    )

    class Meta:
        model = ProjectLog
        fields = ["id", "project", "date", "month", "content", "participants", "outcome", "attachment"]
        read_only_fields = ["month"]
