"""Reads of the results area: an evaluator's open scoring tasks, the rating grid, a round's ranking, its
calibration (units compared before publishing) and a subject's own results. Each in a fixed number of queries."""

import statistics
from collections import Counter, defaultdict

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from vanguard.core.choices import Action
from vanguard.org.models import PartyOrg

from ..choices import Method, RoundStatus
from ..models import BranchStar, Criterion, Rating, RoundEvaluator, RoundResult, RoundSubject


def rating_seats(user, round_=None):
    """The user's rating seats (``rates``) in rounds now scoring."""
    person_id = getattr(getattr(user, "person", None), "pk", None)
    if person_id is None:
        return RoundEvaluator.objects.none()
    seats = RoundEvaluator.objects.filter(person_id=person_id, rates=True, round__status=RoundStatus.SCORING)
    return seats.filter(round=round_) if round_ is not None else seats


def _count(queryset, key):
    """A correlated count of ``queryset`` rows, grouped by ``key`` (0 when none), for an annotation."""
    counted = queryset.order_by().values(key).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def my_rating_tasks(user) -> list[dict]:
    """Per round the user rates in: the round, how many ratings are due and how many are left (one query: each
    seat with its scheme's rating criteria, its round's subjects and its ratings given, counted alongside)."""
    seats = rating_seats(user).select_related("round__scheme").annotate(
        n_criteria=_count(Criterion.objects.filter(scheme_id=OuterRef("round__scheme_id"), method=Method.RATING), "scheme_id"),
        n_subjects=_count(RoundSubject.objects.filter(round_id=OuterRef("round_id")), "round_id"),
        n_given=_count(Rating.objects.filter(evaluator_id=OuterRef("pk")), "evaluator_id"),
    )  # fmt: skip
    tasks = {}
    for seat in seats.order_by("round__voting_closes", "round_id"):
        task = tasks.setdefault(seat.round_id, {"round": seat.round, "due": 0, "given": 0})
        task["due"] += seat.n_criteria * (1 if seat.subject_id else seat.n_subjects)
        task["given"] += seat.n_given
    for task in tasks.values():
        task["left"] = max(task["due"] - task["given"], 0)
    return list(tasks.values())


def rating_criteria(round_) -> list:
    return list(Criterion.objects.filter(scheme_id=round_.scheme_id, method=Method.RATING).order_by("order", "pk"))


def grid_subjects(round_, seats):
    """The subjects the seats rate: all of the round's when one seat is for all, else the seats' own."""
    subjects = RoundSubject.objects.filter(round=round_).select_related("person", "party_org", "unit").order_by("pk")
    if any(s.subject_id is None for s in seats):
        return subjects
    return subjects.filter(pk__in=[s.subject_id for s in seats])


def grid_ratings(seats, subject_ids) -> dict:
    """``{(subject.pk, criterion.pk): Rating}`` the seats' holder gave on this page of the grid."""
    rows = Rating.objects.filter(evaluator__in=seats, subject_id__in=subject_ids)
    return {(r.subject_id, r.criterion_id): r for r in rows}


def result_rows(user, round_, *, grade="", search=""):
    """The round's results the user may read, ranked."""
    rows = RoundResult.objects.restrict(user, Action.VIEW).filter(round=round_)
    if grade == "none":
        rows = rows.filter(grade__isnull=True)
    elif grade:
        rows = rows.filter(grade__code=grade)
    if search:
        rows = rows.filter(
            Q(subject__person__name__icontains=search)
            | Q(subject__person__employee_no=search)
            | Q(subject__party_org__name__icontains=search)
            | Q(subject__unit__name__icontains=search)
        )
    return rows.order_by("rank", "pk")


def result_page_rows(ids):
    rows = RoundResult.objects.filter(pk__in=ids).select_related(
        "grade", "subject__person", "subject__party_org", "subject__unit"
    )
    return sorted(rows, key=lambda r: (r.rank or 0, r.pk))


def grade_counts(round_) -> list[dict]:
    """Each band with how many it holds and its quota in places (the ranking's header)."""
    from ..services.compute import quota_places

    graded = RoundSubject.objects.filter(round=round_, graded=True).count()
    held = dict(RoundResult.objects.filter(round=round_).order_by().values_list("grade_id").annotate(n=Count("pk")))
    return [
        {"band": b, "count": held.get(b.pk, 0), "places": quota_places(b.quota, graded)}
        for b in round_.scheme.grades.order_by("-min_score", "pk")
    ]


def _group_path(round_):
    """The path length of the orgs one level under the round's org: the units compared in calibration."""
    return len(round_.org.path) + PartyOrg.steplen


def calibration(round_) -> dict:
    """Units compared before publishing: per org one level under the round's org (or the round's org itself),
    the subjects, mean score and grades; and the outliers (two standard deviations from the round's mean)."""
    cut = _group_path(round_)
    rows = list(
        RoundResult.objects.filter(round=round_)
        .order_by("rank", "pk")
        .values_list(
            "pk", "total", "grade__label", "subject__person__name", "subject__party_org__path",
            "subject__person__membership__party_org__path", "subject__party_org__name", "subject__unit__name",
        )
    )  # fmt: skip
    groups = defaultdict(lambda: {"totals": [], "grades": Counter()})
    for _pk, total, grade, _person, org_path, member_path, _org, _unit in rows:
        path = (org_path or member_path or round_.org.path)[:cut]
        group = groups[path]
        group["totals"].append(total)
        group["grades"][grade or "未定等"] += 1
    names = dict(PartyOrg.objects.filter(path__in=list(groups)).values_list("path", "name"))
    totals = [r[1] for r in rows]
    mean = statistics.fmean(totals) if totals else 0
    sd = statistics.pstdev(totals) if len(totals) > 1 else 0
    units = [
        {
            "name": names.get(path, round_.org.name), "count": len(g["totals"]),
            "mean": statistics.fmean(g["totals"]), "low": min(g["totals"]), "high": max(g["totals"]),
            "grades": sorted(g["grades"].items()),
        }
        for path, g in groups.items()
    ]  # fmt: skip
    units.sort(key=lambda u: -u["mean"])
    outliers = [
        {"pk": pk, "name": person or org or unit, "total": total, "grade": grade, "off": float(total) - mean}
        for pk, total, grade, person, _p, _m, org, unit in rows
        if sd and abs(float(total) - mean) > 2 * sd
    ][:30]
    return {"units": units, "mean": mean, "sd": sd, "count": len(rows), "outliers": outliers}


def my_results(user):
    """The user's own results of published rounds, newest first."""
    person_id = getattr(getattr(user, "person", None), "pk", None)
    return (
        RoundResult.objects.filter(subject__person_id=person_id, round__status=RoundStatus.PUBLISHED)
        .select_related("round__scheme", "grade")
        .order_by("-round__period_end", "-pk")
    )


def star_history(*, branch=None, search=""):
    rows = BranchStar.objects.select_related("branch", "round")
    if branch is not None:
        rows = rows.filter(branch=branch)
    if search:
        rows = rows.filter(branch__name__icontains=search)
    return rows.order_by("-year", "-stars", "branch__path")
