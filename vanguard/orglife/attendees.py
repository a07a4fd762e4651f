"""Who is expected at a meeting, on the meeting's day, and the roster of a meeting once recorded.

Each meeting kind declares whom it expects (``EXPECTED``), in words for the meeting page and as the
people who were in that place on the meeting's date: membership is read from the transfer history
(``org.MembershipTransfer``), so a member transferred out afterwards is still expected at the meetings
held before, and one transferred in is not. When attendance is first recorded the expected people are
written down as attendance rows (``AttendanceStatus.UNMARKED`` for those not marked yet); from then on
the meeting's rows are its roster, and later transfers or imports change nothing on it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date as Date

from django.db.models import Case, CharField, Exists, F, OuterRef, Q, QuerySet, Subquery, When
from django.utils import timezone

from vanguard.org.models import MembershipTransfer, PartyOrg, Person

from .choices import COMMITTEE_POSTS, MeetingKind
from .models import CentralGroupMember, StarTeamLeader


def org_path_on(day: Date):
    """An annotation: the path of the party org a person belonged to on ``day``, from the transfers.

    The last transfer on or before ``day`` says where he was; without one, the first transfer after
    it says where he came from (nowhere for someone who joined later). A person's first entry in the
    roll (a transfer from no org, written by the roster import on the day of the import) counts from
    the day he joined the party, if known, else from always: the roll's first import does not make
    every member a newcomer. Someone with no transfer at all is where his membership says.
    """
    entered = Q(from_org__isnull=True) & (
        Q(person__membership__joined_on__isnull=True) | Q(person__membership__joined_on__lte=day)
    )
    transfers = MembershipTransfer.objects.filter(person=OuterRef("pk"))
    before = transfers.filter(Q(moved_on__lte=day) | entered).order_by("-moved_on", "-id")
    after = transfers.exclude(Q(moved_on__lte=day) | entered).order_by("moved_on", "id")
    return Case(
        When(Exists(before), then=Subquery(before.values("to_org__path")[:1])),
        When(Exists(after), then=Subquery(after.values("from_org__path")[:1])),
        default=F("membership__party_org__path"),
        output_field=CharField(),
    )


def members_on(org: PartyOrg, day: Date, *, below: bool = True) -> QuerySet[Person]:
    """Active people who were members of ``org`` (and, ``below``, of the orgs under it) on ``day``.

    Only people still on the roll are looked at: those in the org today, and those who left it after
    ``day`` (one indexed look at the transfers); a membership ended altogether is not counted.
    """
    inside = Q(path__startswith=org.path) if below else Q(pk=org.pk)
    orgs = PartyOrg.objects.filter(inside).values("pk")
    left_after = MembershipTransfer.objects.filter(moved_on__gt=day, from_org__in=orgs).values("person_id")
    candidates = Person.objects.filter(is_active=True, membership__isnull=False).filter(
        Q(membership__party_org__in=orgs) | Q(pk__in=left_after)
    )
    then = candidates.annotate(org_path_then=org_path_on(day))
    return then.filter(org_path_then__startswith=org.path) if below else then.filter(org_path_then=org.path)


# ---------------------------------------------------------------- who each kind expects


@dataclass(frozen=True)
class Expected:
    """Whom a meeting kind expects: ``label`` in words (the meeting page), ``people(org, day)`` the people."""

    label: str
    people: Callable[[PartyOrg, Date], QuerySet[Person]]


def _org_members(org, day):
    return members_on(org, day)


def _committee(org, day):
    return members_on(org, day, below=False).filter(membership__post__in=COMMITTEE_POSTS)


def _central_group(org, day):
    listed = CentralGroupMember.objects.filter(org=org).on(day).values("person_id")
    return Person.objects.filter(is_active=True, pk__in=listed)


def covered_units_q(org, prefix="unit__"):
    """The units ``org`` and the orgs under it cover (``PartyOrg.units``), with the units below them."""
    paths = sorted(
        set(
            PartyOrg.units.through.objects.filter(partyorg__path__startswith=org.path).values_list(
                "unit__path", flat=True
            )
        )
    )
    kept = []
    for path in paths:  # a unit below one already kept adds nothing
        if not any(path.startswith(k) for k in kept):
            kept.append(path)
    q = Q(pk__in=[])
    for path in kept:
        q |= Q(**{f"{prefix}path__startswith": path})
    return q


def _star_team_leaders(org, day):
    titled = StarTeamLeader.objects.on(day).values("person_id")
    return Person.objects.filter(covered_units_q(org), is_active=True, pk__in=titled)


ORG_MEMBERS = Expected("本组织及所属组织的全体党员", _org_members)
COMMITTEE = Expected("本组织委员会成员(书记、副书记、委员)", _committee)
CENTRAL_GROUP = Expected("党委理论学习中心组成员(名单由党委组织部维护)", _central_group)
STAR_TEAM_LEADERS = Expected("本组织所联系单位的明星班组长(含非党员)", _star_team_leaders)

EXPECTED = {
    MeetingKind.GENERAL: ORG_MEMBERS,
    MeetingKind.COMMITTEE: COMMITTEE,
    MeetingKind.GROUP: Expected("本党小组的全体党员", _org_members),
    MeetingKind.LECTURE: ORG_MEMBERS,
    MeetingKind.THEME_DAY: ORG_MEMBERS,
    MeetingKind.LIFE: ORG_MEMBERS,
    MeetingKind.CENTRAL_STUDY: CENTRAL_GROUP,
    MeetingKind.BRIEFING: ORG_MEMBERS,
    MeetingKind.FORUM: STAR_TEAM_LEADERS,
    MeetingKind.OTHER: ORG_MEMBERS,
}


def expected_for(kind: str) -> Expected:
    return EXPECTED.get(kind, ORG_MEMBERS)


def expected_people(meeting_or_org, kind: str | None = None, on: Date | None = None) -> QuerySet[Person]:
    """Who a meeting (or a meeting of ``kind`` of an org on ``on``, today by default) expects, by the rule of
    its kind and the membership of its day; in the order of the roster."""
    if kind is None:
        org, kind, on = meeting_or_org.org, meeting_or_org.kind, meeting_or_org.date
    else:
        org, on = meeting_or_org, on or timezone.localdate()
    return expected_for(kind).people(org, on).order_by("membership__party_org__path", "unit__path", "employee_no")


# ---------------------------------------------------------------- a meeting's roster


def is_fixed(meeting) -> bool:
    """Whether the meeting's roster is written down (attendance has been recorded once)."""
    return meeting.attendances.exists()


def meeting_roster(meeting) -> list[dict]:
    """The meeting's people with their marks: those expected, then the guests (列席).

    Once attendance is recorded the rows are the roster, as they were on the day (one query); before,
    the people its kind expects on its date, with any rows already there (two queries).
    """
    # In the order written down: the roster of the day, then the guests as they were added.
    rows = list(meeting.attendances.select_related("person__membership__party_org").order_by("id"))
    if rows:
        expected = [a for a in rows if not a.is_guest]
        guests = [a for a in rows if a.is_guest]
        return [{"person": a.person, "attendance": a, "guest": False} for a in expected] + [
            {"person": a.person, "attendance": a, "guest": True} for a in guests
        ]
    people = expected_people(meeting).select_related("membership__party_org")
    return [{"person": person, "attendance": None, "guest": False} for person in people]
