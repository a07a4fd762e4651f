from rest_framework import serializers

from ..models import PartyMembership, PartyOrg, Person, RoleAssignment, Unit


class TreeNodeSerializer(serializers.ModelSerializer):
    parent = serializers.SerializerMethodField()

    def get_parent(self, node):
        return type(node).objects.get_parent(node).pk if node.depth > 1 else None


class PartyOrgSerializer(TreeNodeSerializer):
    class Meta:
        model = PartyOrg
        fields = ["id", "name", "kind", "code", "founded_on", "depth", "path", "parent", "units", "version"]
        read_only_fields = ["depth", "path", "version"]


class UnitSerializer(TreeNodeSerializer):
    class Meta:
        model = Unit
        fields = ["id", "name", "kind", "code", "depth", "path", "parent", "version"]
        read_only_fields = ["depth", "path", "version"]


class MembershipSerializer(serializers.ModelSerializer):
    class Meta:
        model = PartyMembership
        fields = ["id", "person", "party_org", "status", "joined_on", "regularised_on", "post", "version"]
        read_only_fields = ["version"]


class PersonSerializer(serializers.ModelSerializer):
    id_card = serializers.SerializerMethodField()

    class Meta:
        model = Person
        fields = [
            "id", "name", "employee_no", "gender", "birth_date", "ethnicity", "education", "id_card", "position",
            "cadre_level", "channel", "unit", "phone", "political_status", "is_active", "version",
        ]
        read_only_fields = ["version"]

    def get_id_card(self, person):
        show = self.context.get("show_id_cards")
        return person.id_card if show else person.id_card_masked


class RoleAssignmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = RoleAssignment
        fields = ["id", "user", "role", "party_org", "unit", "include_descendants"]
