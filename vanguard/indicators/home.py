"""What the indicators app puts on a user's home page (``core.home``): what falls due from them."""

# ---------------------------------------------------------------- indicators, values, targets and pledges

# ---- competitions
from django.db.models import Count  # noqa: E402
from django.urls import reverse  # noqa: E402

from vanguard.core.home import INFO, WARNING, DueItem, register_due  # noqa: E402

from .access import ORGANISERS  # noqa: E402
from .choices import ScoringMethod  # noqa: E402


def judge_sheets_due(viewer):
    """A judge's unsigned scores of the running period, over the competitions he judges this year: the seats
    in one query, and (only for a judge) the entries and his signed scores in one grouped query each."""
    from .models import CompetitionEntry, Judge, JudgeScore
    from .selectors.competitions import current_period

    seats = list(
        Judge.objects.filter(
            person_id=viewer.scope.person_id,
            competition__method=ScoringMethod.JUDGES,
            competition__year=viewer.today.year,
        ).select_related("competition")  # fmt: skip
    )
    if not seats:
        return
    competitions = {s.competition_id: s.competition for s in seats}
    entries = dict(
        CompetitionEntry.objects.filter(competition_id__in=competitions).values_list("competition_id")
        .annotate(n=Count("pk")).order_by()
    )  # fmt: skip
    signed = {}
    for judge_id, first, n in (
        JudgeScore.objects.filter(judge__in=seats)
        .values_list("judge_id", "first_month")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        signed[(judge_id, first)] = n
    missing, first_url = 0, ""
    for seat in seats:
        period = current_period(seat.competition, viewer.today)
        gap = entries.get(seat.competition_id, 0) - signed.get((seat.pk, period.first), 0)
        if gap > 0:
            missing += gap
            first_url = first_url or (
                f"{reverse('competition-judge-sheet', args=[seat.competition_id])}?period={period.first}-{period.last}"
            )
    yield DueItem("待签名的竞赛评分", missing, first_url, WARNING, "评委每期为每个参赛单位评一次分", "writing-sign",
                  key="indicators.judge_sheets")  # fmt: skip


def results_due(viewer):
    """An organiser's competitions with a period over whose results are not yet final (公布)."""
    from .selectors.competitions import periods_awaiting_results

    waiting = periods_awaiting_results(user=viewer.user, today=viewer.today)
    if not waiting:
        return
    competition, _ = waiting[0]
    yield DueItem("待公布的竞赛结果", sum(n for _, n in waiting), reverse("competition-detail", args=[competition.pk]),
                  INFO, f"最早:{competition.name}", "trophy", key="indicators.competition_results")  # fmt: skip


register_due("indicators.judge_sheets", judge_sheets_due, order=45,
             visible=lambda scope: scope.person_id is not None)  # fmt: skip
register_due("indicators.competition_results", results_due, order=46,
             visible=lambda scope: bool(scope.roles & ORGANISERS))  # fmt: skip
# ---- end competitions

# ---- talent
# ---- end talent
