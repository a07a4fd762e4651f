from rest_framework import serializers
from rest_framework.relations import PKOnlyObject
from rest_framework.validators import UniqueValidator

from vanguard.core.api.base import ScopedRelatedField, VersionField
from vanguard.core.choices import Action

from ..models import PartyMembership, PartyOrg, Person, RoleAssignment, Unit, User

TREE_READ_ONLY = ["depth", "path"]


class ParentField(ScopedRelatedField):
    """A node's parent: written as an id the user may change, read from the ``parent_pk`` annotation.

    The viewsets annotate ``parent_pk`` from the materialised path (one subquery in the list
    query), so a page of nodes costs no query per row.
    """

    def get_attribute(self, instance):
        if hasattr(instance, "parent_pk"):
            pk = instance.parent_pk
        else:
            parent = type(instance).objects.get_parent(instance) if instance.depth > 1 else None
            pk = parent.pk if parent else None
        return PKOnlyObject(pk=pk) if pk is not None else None


class PartyOrgSerializer(serializers.ModelSerializer):
    parent = ParentField(queryset=PartyOrg.objects.all(), required=False, allow_null=True, label="上级党组织")
    units = ScopedRelatedField(many=True, queryset=Unit.objects.all(), required=False, label="覆盖单位")
    version = VersionField()

    class Meta:
        model = PartyOrg
        fields = ["id", "name", "label", "kind", "code", "founded_on", "depth", "path", "parent", "units", "version"]
        read_only_fields = TREE_READ_ONLY


class UnitSerializer(serializers.ModelSerializer):
    parent = ParentField(queryset=Unit.objects.all(), required=False, allow_null=True, label="上级单位")
    version = VersionField()

    class Meta:
        model = Unit
        fields = ["id", "name", "kind", "code", "depth", "path", "parent", "version"]
        read_only_fields = TREE_READ_ONLY


class PartyOrgMoveSerializer(serializers.Serializer):
    parent = ScopedRelatedField(queryset=PartyOrg.objects.all(), label="移动到")


class UnitMoveSerializer(serializers.Serializer):
    parent = ScopedRelatedField(queryset=Unit.objects.all(), label="移动到")


class PersonSerializer(serializers.ModelSerializer):
    """A person; the ID-card number is masked unless the viewer may see it (``show_id_cards``) or it is their own."""

    unit = ScopedRelatedField(queryset=Unit.objects.all(), label="所在单位")
    unit_name = serializers.CharField(source="unit.name", read_only=True, label="单位名称")
    party_org = serializers.IntegerField(
        source="membership.party_org_id", read_only=True, allow_null=True, label="所在党组织"
    )
    party_org_label = serializers.CharField(
        source="membership.party_org.label", read_only=True, allow_null=True, default=None, label="党组织名称"
    )
    version = VersionField()

    class Meta:
        model = Person
        fields = [
            "id",
            "name",
            "employee_no",
            "gender",
            "birth_date",
            "ethnicity",
            "education",
            "id_card",
            "position",
            "cadre_level",
            "channel",
            "unit",
            "unit_name",
            "party_org",
            "party_org_label",
            "phone",
            "political_status",
            "is_active",
            "version",
        ]
        extra_kwargs = {
            "employee_no": {"validators": [UniqueValidator(queryset=Person.objects.all(), message="该工号已存在。")]},
        }

    def to_internal_value(self, data):
        # A client that read the masked number and sends the record back unchanged keeps the stored one
        # (as the edit form does); a real new number is checked as any other.
        stored = self.instance if isinstance(self.instance, Person) else None
        if stored is not None and stored.id_card and data.get("id_card") == stored.id_card_masked:
            data = data.copy()  # a QueryDict's copy is mutable
            data.pop("id_card")
        return super().to_internal_value(data)

    def to_representation(self, instance):
        data = super().to_representation(instance)
        request = self.context.get("request")
        own = request is not None and instance.user_id == request.user.pk
        if not (self.context.get("show_id_cards") or own):
            data["id_card"] = instance.id_card_masked
        return data


class MembershipSerializer(serializers.ModelSerializer):
    person = ScopedRelatedField(
        queryset=Person.objects.all(),
        label="人员",
        validators=[
            UniqueValidator(queryset=PartyMembership.objects.all(), message="该人员已有党籍记录,请修改该记录。")
        ],
    )
    party_org = ScopedRelatedField(queryset=PartyOrg.objects.all(), label="所在党组织")
    moved_on = serializers.DateField(
        write_only=True, required=False, label="转接日期", help_text="更换党组织时填写,记入组织关系转接历史;默认今天。"
    )
    note = serializers.CharField(write_only=True, required=False, allow_blank=True, max_length=200, label="说明")
    version = VersionField()

    class Meta:
        model = PartyMembership
        fields = [
            "id",
            "person",
            "party_org",
            "status",
            "joined_on",
            "regularised_on",
            "post",
            "moved_on",
            "note",
            "version",
        ]

    def validate_person(self, person):
        if self.instance is not None and person.pk != self.instance.person_id:
            raise serializers.ValidationError("党籍记录不能改到另一个人名下。")
        return person


class RoleAssignmentSerializer(serializers.ModelSerializer):
    user = ScopedRelatedField(action=Action.VIEW, queryset=User.objects.all(), label="账号")
    party_org = ScopedRelatedField(queryset=PartyOrg.objects.all(), required=False, allow_null=True, label="党组织")
    unit = ScopedRelatedField(queryset=Unit.objects.all(), required=False, allow_null=True, label="单位")

    class Meta:
        model = RoleAssignment
        fields = ["id", "user", "role", "party_org", "unit", "include_descendants"]
        validators = []  # role_assign is idempotent; the service checks the rest
