"""The people on each node of the two trees, kept in summary tables (``core.summaries``).

A tree page shows, for every node, the people (units) or members (party orgs) of its whole
subtree. Counting the facts scans every person; the kept rows are one per node, so a page sums a
few hundred of them by path whatever the size of the company. The people services refresh the
nodes they touched (old and new) in their transaction.
"""

from django.db.models import Count, Q

from vanguard.core.summaries import Summary, refresh, register_summary

from .choices import MembershipStatus, PoliticalStatus
from .models import PartyMembership, PartyOrgHeadcount, Person, UnitHeadcount

MEMBER_STATUSES = (PoliticalStatus.MEMBER, PoliticalStatus.PROBATIONARY)


def unit_headcounts(**scope):
    """Active people and members per unit (``scope``: ``unit_id``; none for all)."""
    return (
        Person.objects.active()
        .filter(**scope)
        .order_by()
        .values("unit_id")
        .annotate(people=Count("id"), members=Count("id", filter=Q(political_status__in=MEMBER_STATUSES)))
    )


def party_org_headcounts(**scope):
    """Memberships and probationary ones per party org (``scope``: ``party_org_id``; none for all)."""
    return (
        PartyMembership.objects.filter(**scope)
        .order_by()
        .values("party_org_id")
        .annotate(members=Count("id"), probationary=Count("id", filter=Q(status=MembershipStatus.PROBATIONARY)))
    )


UNITS = register_summary(
    Summary(
        name="org.unit_headcounts",
        model=UnitHeadcount,
        key=("unit_id",),
        figures=("people", "members"),
        compute=unit_headcounts,
        label="单位人数",
    )
)
PARTY_ORGS = register_summary(
    Summary(
        name="org.party_org_headcounts",
        model=PartyOrgHeadcount,
        key=("party_org_id",),
        figures=("members", "probationary"),
        compute=party_org_headcounts,
        label="党组织党员数",
    )
)


def headcounts_refresh(*, unit_ids=(), party_org_ids=()) -> None:
    """Recount the nodes a write touched (None ids are skipped); called inside the write's transaction."""
    units = {pk for pk in unit_ids if pk is not None}
    orgs = {pk for pk in party_org_ids if pk is not None}
    # One node at a time, in order: two writes touching the same node take turns on its scope
    # (``core.summaries.refresh``) whatever else each of them touched.
    for pk in sorted(units):
        refresh(UNITS, unit_id=pk)
    for pk in sorted(orgs):
        refresh(PARTY_ORGS, party_org_id=pk)
