"""What the indicators app puts on a user's home page (``core.home``): what falls due from them."""

from django.urls import reverse

from vanguard.core.choices import Action
from vanguard.core.home import INFO, WARNING, DueItem, register_due
from vanguard.org.choices import Role, UnitKind

from .access import follows_pledges
from .models import IndicatorValue, Pledge
from .periods import month_label, month_number

# ---------------------------------------------------------------- indicators, values, targets and pledges


def values_missing(viewer):
    """The teams the leader enters for that have no value yet for last month: one query."""
    from .selectors.values import visible_units

    last = month_number(viewer.today) - 1
    entered = IndicatorValue.objects.filter(month=last).values("unit_id")
    teams = visible_units(user=viewer.user, action=Action.CHANGE).filter(kind=UnitKind.TEAM)
    missing = teams.exclude(pk__in=entered).count()
    yield DueItem(f"{month_label(last)}指标未填报的班组", missing, reverse("indicator-entry"), WARNING,
                  "请填报上月各项指标", "pencil", key="indicators.values_missing")  # fmt: skip


def pledges_to_follow(viewer):
    """Pledges whose period has ended and that carry no follow-up yet, among those the user follows: one query."""
    ended = Pledge.objects.restrict(viewer.user, Action.REVIEW).filter(
        last_month__lt=month_number(viewer.today), follow_up=""
    )
    yield DueItem("期满待跟踪的指标承诺", ended.count(), f"{reverse('indicator-pledges')}?pending=on", INFO,
                  "核实兑现情况,记录跟踪", "flag", key="indicators.pledges_follow")  # fmt: skip


register_due(
    "indicators.values_missing", values_missing, order=60, visible=lambda scope: scope.has_role(Role.TEAM_LEADER)
)
register_due("indicators.pledges_follow", pledges_to_follow, order=61, visible=follows_pledges)

# ---- competitions
from django.db.models import Count  # noqa: E402

from vanguard.core.home import register_due  # noqa: E402

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
from datetime import timedelta  # noqa: E402

from vanguard.core.home import DANGER, register_due  # noqa: E402

from .access import MANAGE_TALENT, NOMINATION  # noqa: E402
from .models import InnovationStudio, TalentAward  # noqa: E402
from .selectors.talent import REASSESS_AHEAD_DAYS, awaiting_my_scores  # noqa: E402


def talent_due(viewer):
    """For the office and the union: the holders whose term ends within ``REASSESS_AHEAD_DAYS`` (or has ended)
    with no re-assessment under way, and the studios past their 复核; one query each."""
    today = viewer.today
    due = TalentAward.objects.due_for_reassessment(today, today + timedelta(days=REASSESS_AHEAD_DAYS))
    people = due.restrict(viewer.user, Action.CHANGE).aggregate(n=Count("person_id", distinct=True))["n"]
    yield DueItem(
        "人才称号聘期将满待复评", people, f"{reverse('talent-pool')}?state=due", WARNING,
        f"{REASSESS_AHEAD_DAYS} 天内到期或已到期,请组织复评", "award", key="indicators.talent_reassess",
    )  # fmt: skip
    studios = InnovationStudio.objects.restrict(viewer.user, Action.CHANGE)
    overdue = studios.filter(revoked=False, reconfirm_due__lt=today).count()
    yield DueItem(
        "逾期未复核的创新工作室", overdue, f"{reverse('studio-list')}?due=on", DANGER, "已超过复核周期",
        "bulb", key="indicators.studio_reconfirm",
    )  # fmt: skip


def scores_due(viewer):
    """For an assessor: the nominations under assessment on whose panel he sits and which he has not scored."""
    count = awaiting_my_scores(viewer.user).count()
    yield DueItem(
        "待我评分的人才推荐", count, f"{reverse('talent-nominations')}?todo=score", WARNING, "评审组成员请评分",
        "checklist", key="indicators.talent_scores",
    )  # fmt: skip


register_due("indicators.talent", talent_due, order=60, visible=MANAGE_TALENT.held_by)
register_due(
    "indicators.talent_scores", scores_due, order=60, visible=lambda scope: NOMINATION.reaches(scope, Action.REVIEW)
)
# ---- end talent
