"""Reads of evaluation rounds: the list with its filters, a round's subjects and evaluators by page, what is
due from organisers."""

from django.db.models import Count, Q
from django.utils import timezone

from vanguard.org.models import PartyOrg

from ..choices import RoundStatus
from ..models import EvaluationRound


def round_list(*, user, search="", scheme=None, status="", org=None, closed=False):
    qs = EvaluationRound.objects.restrict(user, "view")
    if closed:
        qs = qs.filter(waiting_q())
    if search:
        qs = qs.filter(Q(name__icontains=search) | Q(org__name__icontains=search))
    if scheme is not None:
        qs = qs.filter(scheme=scheme)
    if status:
        qs = qs.filter(status=status)
    if org is not None:
        qs = qs.filter(org__path__startswith=org.path)
    return qs


def round_page_rows(ids):
    """The rounds ``ids`` for a page of the list, in that order, with their counts: two queries."""
    rows = (
        EvaluationRound.objects.filter(pk__in=ids)
        .select_related("scheme", "org")
        .annotate(subject_count=Count("subjects", distinct=True))
    )
    by_pk = {r.pk: r for r in rows}
    return [by_pk[pk] for pk in ids if pk in by_pk]


def round_subjects(round_):
    return round_.subjects.select_related("person", "person__unit", "party_org", "unit").order_by("pk")


def round_evaluators(round_):
    return round_.evaluators.select_related(
        "person", "person__unit", "subject__person", "subject__party_org", "subject__unit"
    ).order_by("kind", "person__employee_no", "pk")


def waiting_q(now=None):
    """Rounds whose voting window has closed and that wait to be computed."""
    return Q(status=RoundStatus.VOTING, voting_closes__lt=now or timezone.now())


def round_orgs(user):
    """The orgs a user's rounds are run by, for the filter: the orgs of the rounds he sees."""
    return PartyOrg.objects.filter(pk__in=EvaluationRound.objects.restrict(user, "view").values("org_id"))
