"""Reads of competitions for a user: the list, a board (a page of one category's standings in a period),
the red flags and their history, a team's breakdown, a judge's score sheet, and the final results (what
notices and honours read: ``results``)."""

from django.db.models import Count, Q
from django.utils import timezone

from vanguard.core.choices import Action

from ..models import (
    Competition,
    CompetitionEntry,
    CompetitionResult,
    CompetitionStanding,
    Judge,
    JudgeScore,
    Prize,
    RedFlag,
)
from ..periods import Period, month_number


def competition_list(*, user, year=None, kind="", search=""):
    rows = Competition.objects.restrict(user, Action.VIEW).select_related("unit")
    if year:
        rows = rows.filter(year=year)
    if kind:
        rows = rows.filter(kind=kind)
    if search:
        rows = rows.filter(Q(name__icontains=search) | Q(unit__name__icontains=search))
    return rows.order_by("-year", "kind", "pk")


def current_period(competition, today=None):
    """The period a board opens on: the one running now, the last of the year once it is over, the first
    before it starts."""
    periods = competition.periods()
    month = month_number(today or timezone.localdate())
    return next(
        (p for p in periods if p.first <= month <= p.last), periods[-1] if month > periods[-1].last else periods[0]
    )


def shown_period(competition, today=None):
    """The period a board or screen opens on: the running one once anything in it is ranked, else the
    latest ranked before it (early in a month the last month is what the shop floor wants to see)."""
    current = current_period(competition, today)
    latest = (
        CompetitionStanding.objects.filter(competition=competition, rank__isnull=False, first_month__lte=current.first)
        .order_by("-first_month")
        .values_list("first_month", flat=True)
        .first()
    )
    return competition.period_of(latest) if latest is not None else current


def parse_period(competition, text):
    """The competition's period named ``first-last`` (month numbers) in a URL; None when it is not one."""
    try:
        first, last = (int(part) for part in str(text or "").split("-", 1))
    except ValueError:
        return None
    period = Period(first, last)
    return period if period in competition.periods() else None


def board_rows(*, category, period):
    """A category's standings in a period, ranked first (by rank), then those not ranked (vetoed, not
    standing), as a queryset to page."""
    return (
        CompetitionStanding.objects.filter(category=category, first_month=period.first, last_month=period.last)
        .select_related("entry__unit")
        .order_by("position")
    )


def red_flags(*, competition, period):
    """``{category id: flag}`` of the period (None for a category not yet decided)."""
    rows = RedFlag.objects.filter(competition=competition, first_month=period.first, last_month=period.last)
    return {f.category_id: f for f in rows.select_related("entry")}


def red_flag_history(*, competition, category):
    """The flag's holders period by period, latest first (at most the year's periods)."""
    return list(RedFlag.objects.filter(category=category).select_related("entry").order_by("-first_month")[:12])


def breakdown(*, entry, period):
    """The entry's standing in the period (its every point traced in ``breakdown``), or None."""
    return CompetitionStanding.objects.filter(entry=entry, first_month=period.first, last_month=period.last).first()


def entry_history(*, entry):
    """The entry's standings over the periods computed (points, rank): at most the year's periods."""
    return list(CompetitionStanding.objects.filter(entry=entry).order_by("first_month"))


def entries_for(*, user, competition):
    """The entries whose breakdown ``user`` may read (a team leader's team, a worker's own)."""
    return CompetitionEntry.objects.restrict(user, Action.REVIEW).filter(competition=competition)


def judge_sheet(*, user, competition, period):
    """A judge's sheet: ``(judge seat, [(entry, his signed score or None)])``; the seat None for a non-judge."""
    person_id = getattr(getattr(user, "person", None), "pk", None)
    seat = Judge.objects.filter(competition=competition, person_id=person_id).first() if person_id else None
    if seat is None:
        return None, []
    signed = {
        s.entry_id: s for s in JudgeScore.objects.filter(judge=seat, first_month=period.first, last_month=period.last)
    }
    entries = competition.entries.select_related("category").order_by("category__order", "name")
    return seat, [(entry, signed.get(entry.pk)) for entry in entries]


def is_final(*, competition, period):
    return CompetitionResult.objects.filter(
        competition=competition, first_month=period.first, last_month=period.last
    ).exists()


def results(*, competition, period):
    """The results of a period as notices and honours read them: ``[(category, rank, entry, points, prize
    title, prize amount)]`` for the ranked entries, and whether they are final (``COMPETITION_RESULTS_FINAL``)."""
    prizes = {p.rank: p for p in Prize.objects.filter(competition=competition)}
    rows = (
        CompetitionStanding.objects.filter(competition=competition, first_month=period.first, last_month=period.last)
        .select_related("entry", "category")
        .order_by("category__order", "category_id", "position")
    )
    table = []
    for s in rows:
        prize = prizes.get(s.rank) if s.rank else None
        table.append(
            (s.category, s.rank, s.entry, s.points, prize.title if prize else "", prize.amount if prize else None, s)
        )
    return table, is_final(competition=competition, period=period)


def periods_awaiting_results(*, user, today=None):
    """The competitions the user organises (this year and last) with periods over whose results are not
    final, as ``[(competition, how many periods wait)]``, in one query: the periods over are counted from
    the granularity, the final ones from the results."""
    month = month_number(today or timezone.localdate())
    mine = (
        Competition.objects.restrict(user, Action.CHANGE)
        .filter(year__gte=month // 12 - 1, year__lte=month // 12)
        .annotate(finals=Count("results", filter=Q(results__last_month__lt=month)))
        .order_by("year", "pk")
    )
    waiting = []
    for competition in mine:
        over = sum(1 for period in competition.periods() if period.last < month)
        if over > competition.finals:
            waiting.append((competition, over - competition.finals))
    return waiting
