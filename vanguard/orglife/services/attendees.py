"""Who is expected at a meeting."""

from __future__ import annotations

from vanguard.org.models import PartyMembership, Person

from ..choices import COMMITTEE_KINDS, COMMITTEE_POSTS


def expected_memberships(org, kind):
    """Who is expected at a meeting of ``kind`` of ``org``: derived from the org, never typed.

    Committee meetings (支委会, 中心组学习) expect the committee elected on the org itself;
    every other kind expects every member of the org and the orgs below it (a branch's
    general meeting: the branch and all its party groups).
    """
    memberships = PartyMembership.objects.filter(person__is_active=True)
    if kind in COMMITTEE_KINDS:
        return memberships.filter(party_org=org, post__in=COMMITTEE_POSTS)
    return memberships.filter(party_org__path__startswith=org.path)


def expected_people(meeting_or_org, kind=None):
    org, kind = (meeting_or_org.org, meeting_or_org.kind) if kind is None else (meeting_or_org, kind)
    return Person.objects.filter(membership__in=expected_memberships(org, kind)).order_by(
        "membership__party_org__path", "employee_no"
    )
