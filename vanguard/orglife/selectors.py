"""Reads of the orglife app for a user: meeting lists, a member's year, hours, field-day compliance."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Count, F, OuterRef, QuerySet, Subquery, Sum, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from vanguard.core.access import EVERYTHING, scoped_q
from vanguard.core.dates import calendar_gaps, month_bounds, workdays
from vanguard.org.choices import SECTION_AND_ABOVE
from vanguard.org.models import PartyMembership, PartyOrg, Person, User

from .access import FIELD_CADRES, MEMBERS, STUDY_RULE_AUDIENCES
from .choices import ATTENDED, HELD_STATUSES, Audience, MeetingKind, MeetingStatus, TrainingCategory
from .defaults import ensure_defaults
from .models import Attendance, FieldDay, Meeting, Review, StudyRule, TrainingRecord

ZERO = Decimal("0")


def _year_bounds(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


def meeting_list(*, user: User, action: str = "view") -> QuerySet[Meeting]:
    return Meeting.objects.restrict(user, action).select_related("org")


def study_rules() -> dict[str, Decimal]:
    rules = {r.audience: r.min_hours for r in StudyRule.objects.all()}
    if not rules:
        ensure_defaults()
        rules = {r.audience: r.min_hours for r in StudyRule.objects.all()}
    return rules


# ---------------------------------------------------------------- hours


@dataclass
class Hours:
    """A person's class hours in a year: earned at meetings (derived from attendance) and in training."""

    meetings: Decimal = ZERO
    meeting_count: int = 0
    training: dict = field(default_factory=dict)  # category → hours
    required: Decimal | None = None

    @property
    def training_total(self):
        return sum(self.training.values(), ZERO)

    @property
    def total(self):
        return self.meetings + self.training_total

    @property
    def short(self):
        return max(ZERO, (self.required or ZERO) - self.total)

    @property
    def met(self):
        return self.required is None or self.total >= self.required

    def category(self, key):
        return self.training.get(key, ZERO)


def person_hours(*, person_id: int, year: int, required: Decimal | None = None) -> Hours:
    """Two queries: the attended held meetings' class hours, and training hours by category."""
    starts, ends = _year_bounds(year)
    meetings = Attendance.objects.filter(
        person_id=person_id,
        status__in=ATTENDED,
        meeting__status__in=HELD_STATUSES,
        meeting__date__gte=starts,
        meeting__date__lte=ends,
    ).aggregate(hours=Sum("meeting__class_hours"), n=Count("id"))
    training = (
        TrainingRecord.objects.filter(person_id=person_id, date__gte=starts, date__lte=ends)
        .order_by()
        .values_list("category")
        .annotate(h=Sum("hours"))
    )
    return Hours(
        meetings=meetings["hours"] or ZERO, meeting_count=meetings["n"], training=dict(training), required=required
    )


def hours_by_person(
    *, person_ids: Iterable[int] | None = None, org: PartyOrg | None = None, year: int
) -> dict[int, Hours]:
    """{person_id: Hours} for the members of ``org``'s subtree (or ``person_ids``): two grouped queries."""
    starts, ends = _year_bounds(year)
    att = Attendance.objects.filter(
        status__in=ATTENDED, meeting__status__in=HELD_STATUSES, meeting__date__gte=starts, meeting__date__lte=ends
    )
    tr = TrainingRecord.objects.filter(date__gte=starts, date__lte=ends)
    if org is not None:
        members = PartyMembership.objects.filter(party_org__path__startswith=org.path).values("person_id")
        att, tr = att.filter(person_id__in=members), tr.filter(person_id__in=members)
    if person_ids is not None:
        att, tr = att.filter(person_id__in=person_ids), tr.filter(person_id__in=person_ids)
    result = defaultdict(Hours)
    rows = att.order_by().values_list("person_id").annotate(h=Sum("meeting__class_hours"), n=Count("id"))
    for pid, hours, n in rows:
        result[pid].meetings, result[pid].meeting_count = hours or ZERO, n
    for pid, category, hours in tr.order_by().values_list("person_id", "category").annotate(h=Sum("hours")):
        result[pid].training[category] = hours
    return result


def hours_table(
    *, user: User, org: PartyOrg | None = None, year: int, only_short: bool = False
) -> tuple[list[dict], dict[str, Decimal]]:
    """Members in scope (below ``org``) with their hours against the member rule; who is short."""
    rules = study_rules()
    required = rules.get(Audience.MEMBER)
    members = (
        PartyMembership.objects.restrict(user, "view")
        .filter(person__is_active=True)
        .select_related("person", "party_org")
        .order_by("party_org__path", "person__employee_no")
    )
    if org is not None:
        members = members.filter(party_org__path__startswith=org.path)
    members = list(members)
    hours = hours_by_person(person_ids=[m.person_id for m in members], year=year) if members else {}
    rows = []
    for m in members:
        h = hours.get(m.person_id) or Hours()
        h.required = required
        m.person.membership = m  # the audiences read the post from it
        secretary = STUDY_RULE_AUDIENCES[Audience.SECRETARY].of_person(m.person)
        cadre = STUDY_RULE_AUDIENCES[Audience.CADRE].of_person(m.person)
        row = {"membership": m, "person": m.person, "hours": h, "secretary": secretary, "cadre": cadre}
        row["secretary_short"] = secretary and h.category(TrainingCategory.SECRETARY) < rules.get(Audience.SECRETARY, 0)
        row["cadre_short"] = cadre and h.category(TrainingCategory.CADRE) < rules.get(Audience.CADRE, 0)
        if not only_short or not h.met or row["secretary_short"] or row["cadre_short"]:
            rows.append(row)
    return rows, rules


# ---------------------------------------------------------------- a member's year


def person_year(*, person: Person, year: int, viewer: User) -> dict:
    """A member's year: meetings attended or missed, hours, reviews, training.

    Each list holds the rows ``viewer`` may see (all of them for the member herself), and the
    hours are counted from the meetings and training listed, so the figure explains itself.
    The yearly hours are required only of those the study rule is for (``access.MEMBERS``): a
    worker's year shows what he attended, never a shortfall.
    """
    starts, ends = _year_bounds(year)
    attendances = list(
        Attendance.objects.restrict(viewer)
        .filter(person=person, meeting__date__gte=starts, meeting__date__lte=ends)
        .exclude(meeting__status="cancelled")
        .select_related("meeting__org")
        .order_by("-meeting__date")
    )
    membership = PartyMembership.objects.filter(person=person).select_related("party_org").first()
    rules = study_rules()
    hours = Hours(required=rules.get(Audience.MEMBER) if MEMBERS.of_person(person) else None)
    for a in attendances:
        if a.status in ATTENDED and a.meeting.status in HELD_STATUSES:
            hours.meetings += a.meeting.class_hours
            hours.meeting_count += 1
    trainings = list(TrainingRecord.objects.restrict(viewer).filter(person=person, date__gte=starts, date__lte=ends))
    for t in trainings:
        hours.training[t.category] = hours.training.get(t.category, ZERO) + t.hours
    reviews = list(
        Review.objects.restrict(viewer)
        .filter(person=person, month__gte=starts, month__lte=ends)
        .select_related("grade", "org")
        .order_by("-month")
    )
    return {
        "person": person,
        "membership": membership,
        "year": year,
        "attendances": attendances,
        "hours": hours,
        "rules": rules,
        "trainings": trainings,
        "reviews": reviews,
        "is_cadre": FIELD_CADRES.of_person(person),
        "is_member": MEMBERS.of_person(person),
    }


# ---------------------------------------------------------------- calendar


# Meetings a day's cell of the calendar lists; the others are counted and linked to the ledger of that day.
DAY_SHOWN = 4


def calendar_weeks(*, user: User, month: date) -> list[list[dict]]:
    """Weeks (Monday first) of the month, each day with its first meetings the user may see and how many there are."""
    first, last = month_bounds(month)
    meetings, totals = defaultdict(list), defaultdict(int)
    kinds = dict(MeetingKind.choices)
    visible = Meeting.objects.restrict(user).exclude(status=MeetingStatus.CANCELLED)
    in_month = visible.filter(date__gte=first, date__lte=last).order_by("date", "start_time", "id")
    columns = ("pk", "date", "kind", "title", "status", "org__label")
    if scoped_q(user, Meeting) in (None, EVERYTHING):
        rows = _first_of_each_day(in_month, visible).values_list(*columns, "of_day")
    else:  # a branch's or a member's month: a few dozen meetings, read and counted here
        rows = ((*row, None) for row in in_month.values_list(*columns))
    for pk, day, kind, title, status, org_name, of_day in rows:
        totals[day] = of_day if of_day is not None else totals[day] + 1
        if len(meetings[day]) < DAY_SHOWN:
            meetings[day].append({"pk": pk, "kind": kinds[kind], "title": title, "status": status, "org": org_name})
    start = first - timedelta(days=first.weekday())
    weeks, day = [], start
    while day <= last or day.weekday() != 0:
        if day.weekday() == 0:
            weeks.append([])
        listed = meetings.get(day, [])
        more = totals.get(day, 0) - len(listed)
        weeks[-1].append({"date": day, "in_month": day.month == first.month, "meetings": listed, "more": more})
        day += timedelta(days=1)
    return weeks


def _first_of_each_day(in_month: QuerySet[Meeting], visible: QuerySet[Meeting]) -> QuerySet[Meeting]:
    """The first ``DAY_SHOWN`` meetings of each day of ``in_month``, with their day's count (``of_day``).

    A company's month holds thousands of meetings: each day's first few are ranked from the index on
    (date, start time) and counted there too, and only those few meetings are read themselves.
    """
    shown = in_month.annotate(
        rank=Window(RowNumber(), partition_by=F("date"), order_by=(F("start_time").asc(), F("id").asc()))
    ).filter(rank__lte=DAY_SHOWN)
    of_day = visible.filter(date=OuterRef("date")).order_by().values("date").annotate(n=Count("pk")).values("n")
    return (
        Meeting.objects.filter(pk__in=shown.values("pk"))
        .annotate(of_day=Subquery(of_day))
        .order_by("date", "start_time", "id")
    )


def upcoming(*, user: User, today: date | None = None, days: int = 7) -> QuerySet[Meeting]:
    today = today or timezone.localdate()
    return (
        meeting_list(user=user)
        .filter(status="planned", date__gte=today, date__lte=today + timedelta(days=days))
        .order_by("date", "start_time")
    )


# ---------------------------------------------------------------- field days


def field_day_compliance(
    *, user: User, month: date, today: date | None = None, person_ids: Iterable[int] | None = None
) -> list[dict]:
    """Cadres of section level and above in scope, with their on-site days this month against the rule.

    The days due are the month's working days so far (statutory holidays off, make-up days on,
    the office's calendar first: ``core.dates.workdays``); ``calendar_gaps`` names a year whose
    holidays the calendar does not know, counted Monday to Friday.
    """
    today = today or timezone.localdate()
    first, last = month_bounds(month)
    due = workdays(first, min(last, today))
    due_days = set(due)
    gaps = calendar_gaps(first, last)
    cadres = Person.objects.restrict(user, "view").filter(cadre_level__in=SECTION_AND_ABOVE, is_active=True)
    if person_ids is not None:
        cadres = cadres.filter(pk__in=person_ids)
    cadres = list(cadres.select_related("unit").order_by("unit__path", "employee_no")[:500])
    covered = defaultdict(set)
    halves = defaultdict(int)
    rows = FieldDay.objects.filter(person__in=[c.pk for c in cadres], date__gte=first, date__lte=last)
    for pid, day in rows.values_list("person_id", "date"):
        halves[pid] += 1
        if day in due_days:
            covered[pid].add(day)
    result = []
    for c in cadres:
        days = len(covered[c.pk])
        result.append(
            {
                "person": c,
                "half_days": halves[c.pk],
                "covered": days,
                "due": len(due),
                "met": days >= len(due),
                "pct": round(days * 100 / len(due)) if due else 100,
                "calendar_gaps": gaps,
            }
        )
    return result


def members_for_review(*, org: PartyOrg) -> QuerySet[PartyMembership]:
    return (
        PartyMembership.objects.filter(party_org__path__startswith=org.path, person__is_active=True)
        .select_related("person", "party_org")
        .order_by("party_org__path", "person__employee_no")
    )


def reviews_of_month(*, org: PartyOrg, month: date) -> dict[int, Review]:
    return {r.person_id: r for r in Review.objects.filter(org=org, month=month).select_related("grade")}
