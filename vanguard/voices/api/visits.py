"""The visits API (交流走访). Reads are scoped; recording goes through ``services.visits``."""

from rest_framework import serializers

from vanguard.core.access import may
from vanguard.core.api.base import ActionsField, ScopedModelViewSet, VersionField
from vanguard.core.choices import Action
from vanguard.org.models import Person, Unit

from ..models import Visit
from ..services import visits as services


class VisitSerializer(serializers.ModelSerializer):
    # Units and people anywhere in the company (a visit crosses plants); the service checks who records it.
    visiting_unit = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.all(), label="走访单位")
    visited_unit = serializers.PrimaryKeyRelatedField(
        queryset=Unit.objects.all(), required=False, allow_null=True, label="被走访单位"
    )
    leader = serializers.PrimaryKeyRelatedField(queryset=Person.objects.filter(is_active=True), label="带队领导")
    participants = serializers.PrimaryKeyRelatedField(
        many=True, queryset=Person.objects.filter(is_active=True), required=False, label="参加人员"
    )
    version = VersionField()
    actions = ActionsField([Action.CHANGE])

    class Meta:
        model = Visit
        fields = [
            "id", "kind", "title", "visiting_unit", "visited_unit", "customer", "leader", "date", "participants",
            "summary", "version", "actions",
        ]  # fmt: skip


class VisitViewSet(ScopedModelViewSet):
    """交流走访: kind, visiting and visited units, leader, day, participants, summary; its findings are under
    ``/findings/?visit={id}``."""

    queryset = Visit.objects.prefetch_related("participants").order_by("-date", "-id")
    serializer_class = VisitSerializer
    filterset_fields = {"kind": ["exact"], "visiting_unit": ["exact"], "visited_unit": ["exact"],
                        "leader": ["exact"], "date": ["gte", "lte"]}  # fmt: skip

    def may_create(self):
        return may(self.request.user, Action.ADD, Visit)

    def create_object(self, data):
        return services.visit_create(actor=self.request.user, **data)

    def update_object(self, instance, data, version):
        return services.visit_update(actor=self.request.user, visit=instance, data=data, expected_version=version)
