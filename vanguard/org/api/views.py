from vanguard.core.api.base import ScopedReadOnlyViewSet

from ..filters import PersonFilter
from ..models import PartyMembership, PartyOrg, Person, RoleAssignment, Unit
from ..views.people import may_see_id_cards
from .serializers import (
    MembershipSerializer,
    PartyOrgSerializer,
    PersonSerializer,
    RoleAssignmentSerializer,
    UnitSerializer,
)


class PartyOrgViewSet(ScopedReadOnlyViewSet):
    queryset = PartyOrg.objects.prefetch_related("units")
    serializer_class = PartyOrgSerializer


class UnitViewSet(ScopedReadOnlyViewSet):
    queryset = Unit.objects.all()
    serializer_class = UnitSerializer


class PersonViewSet(ScopedReadOnlyViewSet):
    queryset = Person.objects.select_related("unit")
    serializer_class = PersonSerializer
    filterset_class = PersonFilter

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "show_id_cards": may_see_id_cards(self.request.user)}


class MembershipViewSet(ScopedReadOnlyViewSet):
    queryset = PartyMembership.objects.all()
    serializer_class = MembershipSerializer


class RoleAssignmentViewSet(ScopedReadOnlyViewSet):
    queryset = RoleAssignment.objects.all()
    serializer_class = RoleAssignmentSerializer
