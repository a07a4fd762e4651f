"""The org API: both trees, people, memberships and role assignments. Writes go through ``org.services``."""

import django_filters
from django.core.exceptions import ValidationError
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Substr
from drf_spectacular.utils import extend_schema
from rest_framework import mixins
from rest_framework.decorators import action
from rest_framework.response import Response

from vanguard.core.access import may
from vanguard.core.api.base import ScopedModelViewSet, ScopedReadOnlyViewSet, ServiceWriteMixin

from .. import services
from ..access import ASSIGN_ROLES, EDIT_ROSTER, SEE_ID_CARDS
from ..choices import PartyOrgKind, UnitKind
from ..filters import PersonFilter
from ..models import PartyMembership, PartyOrg, Person, RoleAssignment, Unit
from .serializers import (
    MembershipSerializer,
    PartyOrgMoveSerializer,
    PartyOrgSerializer,
    PersonSerializer,
    RoleAssignmentSerializer,
    UnitMoveSerializer,
    UnitSerializer,
)


def with_parent_pk(queryset):
    """Annotate each node with its parent's id, found by the parent's path (a prefix of its own)."""
    model = queryset.model
    parent_path = Substr(OuterRef("path"), 1, (OuterRef("depth") - 1) * model.steplen)
    parent = model.objects.order_by().filter(path=parent_path).values("pk")[:1]
    return queryset.annotate(parent_pk=Subquery(parent))


class TreeFilter(django_filters.FilterSet):
    """``?kind=``, ``?parent=<id>`` (direct children) and ``?under=<id>`` (the whole subtree)."""

    parent = django_filters.NumberFilter(label="上级节点(直接下级)", method="filter_parent")
    under = django_filters.NumberFilter(label="节点(含全部下级)", method="filter_under")

    def _node(self, pk):
        return self.queryset.model.objects.filter(pk=pk).values("path", "depth").first()

    def filter_parent(self, queryset, name, value):
        node = self._node(value)
        if node is None:
            return queryset.none()
        return queryset.filter(path__startswith=node["path"], depth=node["depth"] + 1)

    def filter_under(self, queryset, name, value):
        node = self._node(value)
        return queryset.filter(path__startswith=node["path"]) if node else queryset.none()


class PartyOrgFilter(TreeFilter):
    kind = django_filters.ChoiceFilter(label="类型", choices=PartyOrgKind.choices)

    class Meta:
        model = PartyOrg
        fields = ["kind", "parent", "under"]


class UnitFilter(TreeFilter):
    kind = django_filters.ChoiceFilter(label="类型", choices=UnitKind.choices)

    class Meta:
        model = Unit
        fields = ["kind", "parent", "under"]


class RosterWriteMixin:
    """Creating needs a role that changes the roster (committee admin, branch secretary)."""

    def may_create(self):
        return may(self.request.user, EDIT_ROSTER)


class TreeNodeViewSet(RosterWriteMixin, ScopedModelViewSet):
    """Shared by both trees: create under a parent, update with ``version``, move with ``POST …/move/``."""

    move_serializer_class = None

    def get_queryset(self):
        return with_parent_pk(super().get_queryset())

    def update_object(self, instance, data, version):
        parent = data.pop("parent", getattr(instance, "parent_pk", None))
        if getattr(parent, "pk", parent) != getattr(instance, "parent_pk", None):
            raise ValidationError({"parent": "修改时不能更换上级,请使用移动接口(POST …/move/)。"})
        return services.tree_node_update(actor=self.request.user, node=instance, data=data, expected_version=version)

    def _move(self, request):
        node = self.get_object()
        move = self.move_serializer_class(data=request.data, context=self.get_serializer_context())
        move.is_valid(raise_exception=True)
        services.tree_node_move(actor=request.user, node=node, new_parent=move.validated_data["parent"])
        return Response(self.get_serializer(self.get_queryset().get(pk=node.pk)).data)


class PartyOrgViewSet(TreeNodeViewSet):
    """党组织 tree: committee → general branch → branch → party group."""

    # The units an org covers need no restricted prefetch: whoever sees the org sees them (the
    # unit policy reaches the units of every org under a grant; org/tests/test_access.py checks it).
    queryset = PartyOrg.objects.prefetch_related("units")
    serializer_class = PartyOrgSerializer
    filterset_class = PartyOrgFilter
    move_serializer_class = PartyOrgMoveSerializer

    def create_object(self, data):
        return services.party_org_create(actor=self.request.user, **data)

    @extend_schema(request=PartyOrgMoveSerializer, responses=PartyOrgSerializer, summary="移动党组织(连同下级)")
    @action(detail=True, methods=["post"])
    def move(self, request, pk=None):
        return self._move(request)


class UnitViewSet(TreeNodeViewSet):
    """单位 tree: company → plant/department → work area → process → team."""

    queryset = Unit.objects.all()
    serializer_class = UnitSerializer
    filterset_class = UnitFilter
    move_serializer_class = UnitMoveSerializer

    def create_object(self, data):
        return services.unit_create(actor=self.request.user, **data)

    @extend_schema(request=UnitMoveSerializer, responses=UnitSerializer, summary="移动单位(连同下级)")
    @action(detail=True, methods=["post"])
    def move(self, request, pk=None):
        return self._move(request)


class PersonViewSet(RosterWriteMixin, ScopedModelViewSet):
    """People in scope, filtered like the person list page (``?q=`` searches name, 工号, pinyin initials and full pinyin)."""

    queryset = Person.objects.select_related("unit", "membership__party_org")
    serializer_class = PersonSerializer
    filterset_class = PersonFilter

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "show_id_cards": may(self.request.user, SEE_ID_CARDS)}

    def create_object(self, data):
        return services.person_create(actor=self.request.user, **data)

    def update_object(self, instance, data, version):
        return services.person_update(actor=self.request.user, person=instance, data=data, expected_version=version)


class MembershipViewSet(RosterWriteMixin, ScopedModelViewSet):
    """党籍: create or change a membership; a change of party org is kept as a transfer."""

    queryset = PartyMembership.objects.order_by("pk")
    serializer_class = MembershipSerializer
    filterset_fields = ["party_org", "status", "post"]

    def create_object(self, data):
        return services.membership_set(actor=self.request.user, **data)

    def update_object(self, instance, data, version):
        fields = ("party_org", "status", "joined_on", "regularised_on", "post")
        values = {name: data.get(name, getattr(instance, name)) for name in fields}
        return services.membership_set(
            actor=self.request.user,
            person=instance.person,
            expected_version=version,
            moved_on=data.get("moved_on"),
            note=data.get("note", ""),
            **values,
        )


class RoleAssignmentViewSet(
    ServiceWriteMixin, mixins.CreateModelMixin, mixins.DestroyModelMixin, ScopedReadOnlyViewSet
):
    """Roles held on a party org or a unit: assign (POST) and revoke (DELETE)."""

    queryset = RoleAssignment.objects.all()
    serializer_class = RoleAssignmentSerializer
    filterset_fields = ["user", "role", "party_org", "unit"]

    def may_create(self):
        return may(self.request.user, ASSIGN_ROLES)

    def create_object(self, data):
        return services.role_assign(actor=self.request.user, **data)

    def perform_destroy(self, instance):
        services.role_revoke(actor=self.request.user, assignment=instance)
