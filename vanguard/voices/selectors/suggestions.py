"""Reads of the suggestion workflow for a user: the ledger, the review queue, one's own suggestions, the
overdue ones for the home page, the steps a user may take. Named ``suggestion_<what>``, keyword-only."""

import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from vanguard.core.access import NOTHING, scoped_q
from vanguard.core.choices import Action
from vanguard.core.scope import get_scope
from vanguard.org.models import Person, Unit, User, person_search_q

from ..access import SUGGESTION_HEAD_ROLES, in_units
from ..choices import DUPLICATE_FROM, EXPERT_STATES, UNIT_STATES, SuggestionStatus
from ..models import CoProposer, Suggestion, SuggestionReview

S = SuggestionStatus


def _in(q, statuses):
    """Rows matching the scope filter ``q`` (None: every row) in ``statuses``; NOTHING when ``q`` reaches none."""
    if q is NOTHING:
        return NOTHING
    state = Q(status__in=statuses)
    return state if q is None else q & state


def answerable_q(user: User) -> Q:
    """The suggestions waiting for ``user``'s answer: at the unit's steps where he reviews the unit, at the
    experts' steps where he is an expert over it."""
    return _in(scoped_q(user, Suggestion, Action.REVIEW), UNIT_STATES) | _in(
        scoped_q(user, Suggestion, Action.APPROVE), EXPERT_STATES
    )


def supervised_q(user: User) -> Q:
    """The suggestions waiting one level below ``user`` (he is the reviewer's head): the unit's steps where he
    is an expert over the unit, the experts' steps where he is 党委管理员 over it."""
    scope = get_scope(user)
    if scope is None:
        return NOTHING
    head = (
        in_units("unit_id", SUGGESTION_HEAD_ROLES, "").q(scope, Action.VIEW)
        if scope.roles & SUGGESTION_HEAD_ROLES or scope.is_global_admin
        else NOTHING
    )
    return _in(scoped_q(user, Suggestion, Action.APPROVE), UNIT_STATES) | _in(head, EXPERT_STATES)


def _unit_and_below(unit: Unit):
    return Unit.objects.filter(path__startswith=unit.path).values("pk")


def suggestion_ledger(
    *, user: User, unit: Unit | None = None, category: str = "", status: str = "", overdue: bool = False,
    year: int | None = None, search: str = "", today: datetime.date | None = None, below: bool = False,
) -> QuerySet[Suggestion]:  # fmt: skip
    """建议台账: the suggestions ``user`` may see, filtered; newest first. ``below``: those waiting one level
    below him (``supervised_q``: what his home page counts for the reviewers he heads)."""
    today = today or timezone.localdate()
    qs = Suggestion.objects.restrict(user, Action.VIEW)
    if below:
        q = supervised_q(user)
        qs = qs.none() if q is NOTHING else qs.filter(q)
    if unit is not None:
        qs = qs.filter(unit_id__in=_unit_and_below(unit))
    if category:
        qs = qs.filter(category=category)
    if status:
        qs = qs.filter(status=status)
    if overdue:
        qs = qs.overdue(today)
    if year:
        qs = qs.filter(month__gte=int(year) * 12, month__lte=int(year) * 12 + 11)
    if search:
        text = search.strip()
        match = Q(title__icontains=text) | Q(number__icontains=text)
        people = person_search_q(text)
        if people is not None:
            match |= Q(proposer_id__in=Person.objects.filter(people).values("pk"))
        qs = qs.filter(match)
    return qs.order_by("-submitted_on", "-id")


def suggestion_page_rows(*, ids: list[int]) -> list[Suggestion]:
    """A page of suggestions by id (in that order) with the unit and proposer shown."""
    rows = Suggestion.objects.filter(pk__in=ids).select_related("unit", "proposer")
    by_id = {row.pk: row for row in rows}
    return [by_id[pk] for pk in ids if pk in by_id]


def suggestion_queue(*, user: User) -> QuerySet[Suggestion]:
    """审核队列: what waits for ``user``'s answer, the most overdue first (the earliest deadline)."""
    q = answerable_q(user)
    if q is NOTHING:
        return Suggestion.objects.none()
    return Suggestion.objects.filter(q).order_by("due_date", "id")


def suggestion_mine(*, user: User) -> QuerySet[Suggestion]:
    """我的建议: those the user proposed or co-proposes, newest first."""
    person_id = getattr(getattr(user, "person", None), "pk", None)
    if person_id is None:
        return Suggestion.objects.none()
    own = Suggestion.objects.filter(proposer_id=person_id).values_list("pk", flat=True).order_by()
    shared = CoProposer.objects.filter(person_id=person_id)
    ids = list(own.union(shared.values_list("suggestion_id", flat=True).order_by()))
    return Suggestion.objects.filter(pk__in=ids).select_related("unit").order_by("-submitted_on", "-id")


def latest_reasons(suggestions: list[Suggestion]) -> dict[int, SuggestionReview]:
    """The last step of each suggestion (where it is and why), in one query."""
    ids = [s.pk for s in suggestions]
    last = {}
    for review in SuggestionReview.objects.filter(suggestion_id__in=ids).order_by("suggestion_id", "at", "id"):
        last[review.suggestion_id] = review
    return last


def suggestion_history(*, suggestion: Suggestion) -> list[SuggestionReview]:
    return list(SuggestionReview.objects.filter(suggestion=suggestion).order_by("at", "id"))


def suggestion_actions(*, user: User, suggestion: Suggestion) -> list[str]:
    """The steps ``user`` may take on ``suggestion`` now (the forms of its page)."""
    from vanguard.core.access import may

    status, found = suggestion.status, []
    if status == S.RETURNED and may(user, Action.CHANGE, suggestion):
        found.append("resubmit")
    if status == S.SUBMITTED and may(user, Action.REVIEW, suggestion):
        found.append("unit_review")
    if status == S.UNIT_REVIEWED and may(user, Action.APPROVE, suggestion):
        found.append("expert_review")
    if status in DUPLICATE_FROM and found and found[-1] in ("unit_review", "expert_review"):
        found.append("duplicate")
    if status == S.ADOPTED and may(user, Action.REVIEW, suggestion):
        found.append("implement")
    if status == S.IMPLEMENTED and may(user, Action.APPROVE, suggestion):
        found.append("verify")
    if status == S.VERIFIED and may(user, Action.APPROVE, suggestion):
        found.append("reward")
    if status == S.DUPLICATE and suggestion.duplicate_of_id and may(user, Action.CHANGE, suggestion):
        found.append("join")
    return found


def suggestion_unit_choices(*, user: User) -> QuerySet[Unit]:
    """The units a ledger may be filtered by: those the user reads."""
    return Unit.objects.restrict(user, Action.VIEW)
