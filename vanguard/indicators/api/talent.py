"""The talent API: titles with their criteria (read by everyone), awards (the pool, scoped like the page) and
nominations (read in scope; a nomination is made through ``services.talent``)."""

from rest_framework import serializers, viewsets
from rest_framework.mixins import CreateModelMixin

from vanguard.core.access import may
from vanguard.core.api.base import ActionsField, ScopedReadOnlyViewSet, ScopedViewSetMixin, ServiceWriteMixin
from vanguard.core.choices import Action
from vanguard.org.models import Person

from ..access import MANAGE_TALENT
from ..models import TalentAward, TalentCriterion, TalentNomination, TalentTitle
from ..services import talent as services


class CriterionSerializer(serializers.ModelSerializer):
    class Meta:
        model = TalentCriterion
        fields = ["id", "name", "max_score", "order"]


class TalentTitleSerializer(serializers.ModelSerializer):
    criteria = CriterionSerializer(many=True, read_only=True)
    # Read-only text, not an enum: "channel" names other choice sets elsewhere in the API (培训方式).
    channel = serializers.CharField(
        read_only=True, help_text="人才通道:management 经营管理、technical 专业技术、skilled 技能操作"
    )

    class Meta:
        model = TalentTitle
        fields = [
            "id", "name", "kind", "channel", "unit", "term_years", "pass_score", "min_assessors", "description",
            "active", "criteria",
        ]  # fmt: skip


class TalentTitleViewSet(ScopedReadOnlyViewSet):
    """人才称号 per career channel (经营管理、专业技术、技能操作), with the term in years, the pass line and the
    criteria the panels score."""

    queryset = TalentTitle.objects.prefetch_related("criteria").order_by("order", "pk")
    serializer_class = TalentTitleSerializer
    filterset_fields = {"channel": ["exact"], "kind": ["exact"], "active": ["exact"]}


class TalentAwardSerializer(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.name", read_only=True)
    employee_no = serializers.CharField(source="person.employee_no", read_only=True)
    title_name = serializers.CharField(source="title.name", read_only=True)
    actions = ActionsField([Action.CHANGE])

    class Meta:
        model = TalentAward
        fields = [
            "id", "person", "person_name", "employee_no", "title", "title_name", "nomination", "year", "valid_from",
            "valid_to", "status", "revoked_on", "revoke_reason", "actions",
        ]  # fmt: skip


class TalentAwardViewSet(ScopedReadOnlyViewSet):
    """人才称号授予: who holds which title for which term (``status`` active, renewed or revoked; an award past
    ``valid_to`` no longer counts). Filter ``valid_to__gte`` with today for the awards in force."""

    queryset = TalentAward.objects.select_related("person", "title").order_by("-valid_from", "-pk")
    serializer_class = TalentAwardSerializer
    filterset_fields = {
        "person": ["exact"], "title": ["exact"], "status": ["exact"], "valid_to": ["gte", "lte"], "year": ["exact"],
    }  # fmt: skip


class TalentNominationSerializer(serializers.ModelSerializer):
    person = serializers.PrimaryKeyRelatedField(queryset=Person.objects.filter(is_active=True), label="被推荐人")
    title = serializers.PrimaryKeyRelatedField(queryset=TalentTitle.objects.filter(active=True), label="称号")
    actions = ActionsField([Action.CHANGE])

    class Meta:
        model = TalentNomination
        fields = [
            "id", "person", "title", "year", "nominator_name", "reasons", "evidence", "status", "mean_score", "renews",
            "actions",
        ]  # fmt: skip
        read_only_fields = ["status", "mean_score", "renews"]
        extra_kwargs = {"nominator_name": {"required": False}}


class TalentNominationViewSet(ScopedViewSetMixin, ServiceWriteMixin, CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """人才推荐: read in scope (the nominee, the panel, the managers of the person's unit); POST nominates (党委管理员,
    工会干部 over the person's unit). The panel, scores, conclusion and award are steps on the page."""

    queryset = TalentNomination.objects.order_by("-year", "-pk")
    serializer_class = TalentNominationSerializer
    filterset_fields = {"person": ["exact"], "title": ["exact"], "status": ["exact"], "year": ["exact"]}

    def may_create(self):
        return may(self.request.user, MANAGE_TALENT)

    def create_object(self, data):
        return services.talent_nominate(actor=self.request.user, **data)
