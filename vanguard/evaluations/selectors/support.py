"""Reads of 帮促 for a user: the plan list (scoped by ``access.SUPPORT_PLAN``), one plan's parts, the support panel
of a round and the plan a finding came from. Each reads a fixed number of queries."""

import datetime

from django.db.models import Count, Max, Prefetch, Q, QuerySet

from vanguard.core.choices import Action
from vanguard.org.models import PartyOrg, Person, User
from vanguard.voices.models import Finding

from ..choices import SUPPORT_GRADES
from ..models import (
    EvaluationRound,
    ResultGround,
    ReverseSituation,
    RoundResult,
    SupportFinding,
    SupportHelper,
    SupportPlan,
)

DUE_MONTH = "month"  # the list's filter: open plans with a review due by the end of this month


def month_end(day: datetime.date) -> datetime.date:
    following = (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return following - datetime.timedelta(days=1)


def support_plan_list(
    *, user: User, status: str = "", org: PartyOrg | None = None, search: str = "", due: str = "",
    mine: str = "", today: datetime.date | None = None,
) -> QuerySet[SupportPlan]:  # fmt: skip
    """The plans ``user`` may see, filtered: state, org (and below), member's name or number, review due this
    month, those the user helps in (``mine="helping"``)."""
    qs = SupportPlan.objects.restrict(user, Action.VIEW)
    if status:
        qs = qs.filter(status=status)
    if org is not None:
        qs = qs.filter(org__path__startswith=org.path)
    if search:
        qs = qs.filter(
            Q(member__name__contains=search) | Q(member__employee_no=search) | Q(round__name__contains=search)
        )
    if due == DUE_MONTH and today is not None:
        qs = qs.review_due_by(month_end(today))
    if mine == "helping":
        person_id = getattr(user, "person_id", None)
        qs = qs.filter(pk__in=SupportHelper.objects.filter(person_id=person_id).values("plan_id"))
    return qs.order_by("status", "review_due", "-pk")


def support_plan_rows(*, ids: list[int]) -> list[SupportPlan]:
    """One page of plans with what the list shows: member, org, round, grade, group leader, reviews."""
    leaders = Prefetch("helpers", SupportHelper.objects.filter(leader=True).select_related("person"), "leaders")
    plans = (
        SupportPlan.objects.filter(pk__in=ids)
        .select_related("member", "org", "round", "result__grade")
        .prefetch_related(leaders)
        .annotate(review_count=Count("reviews", distinct=True), last_review=Max("reviews__held_on"))
    )
    by_pk = {p.pk: p for p in plans}
    return [by_pk[pk] for pk in ids if pk in by_pk]


def support_plan_parts(*, plan: SupportPlan, today: datetime.date) -> dict:
    """What the plan page shows under the plan: group, measures, reviews, and its findings with live status."""
    links = SupportFinding.objects.filter(plan=plan).values("finding_id")
    findings = (
        Finding.objects.filter(pk__in=links)
        .with_colour(today)
        .select_related("responsible_person")
        .order_by("deadline", "pk")
    )
    return {
        "helpers": list(plan.helpers.select_related("person__unit")),
        "measures": list(plan.measures.select_related("responsible")),
        "reviews": list(plan.reviews.select_related("reviewer")),
        "findings": list(findings),
        "grounds": list(plan.result.grounds.select_related("situation")),
    }


def branch_people(*, plan: SupportPlan) -> QuerySet[Person]:
    """The active members of the plan's branch (and its groups): whom the secretary picks the helpers from."""
    return (
        Person.objects.filter(membership__party_org__path__startswith=plan.org.path, is_active=True)
        .exclude(pk=plan.member_id)
        .order_by("employee_no")
    )


def active_situations() -> QuerySet[ReverseSituation]:
    return ReverseSituation.objects.filter(is_active=True).order_by("order", "pk")


def round_support_rows(*, user: User, round_: EvaluationRound) -> list[RoundResult]:
    """The round's 基本合格 and 不合格 results the user may see, with their grounds and plans (the round panel)."""
    grounds = Prefetch("grounds", ResultGround.objects.select_related("situation"))
    return list(
        RoundResult.objects.restrict(user, Action.VIEW)
        .filter(round=round_, grade__code__in=SUPPORT_GRADES, subject__person__isnull=False)
        .select_related("subject__person", "grade", "support_plan")
        .prefetch_related(grounds)
        .order_by("rank", "pk")
    )


def visible_plan_ids(*, user: User, ids) -> set[int]:
    return set(SupportPlan.objects.restrict(user, Action.VIEW).filter(pk__in=ids).values_list("pk", flat=True))


def finding_plan(*, user: User, finding: Finding) -> SupportPlan | None:
    """The support plan a finding was raised from, if the user may see it (the finding page's panel)."""
    link = SupportFinding.objects.filter(finding=finding).values("plan_id")
    return (
        SupportPlan.objects.restrict(user, Action.VIEW)
        .filter(pk__in=link)
        .select_related("member", "round", "org")
        .first()
    )
