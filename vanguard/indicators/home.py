"""What the indicators app puts on a user's home page (``core.home``): what falls due from them."""

# ---------------------------------------------------------------- indicators, values, targets and pledges

# ---- competitions
# ---- end competitions

# ---- talent
from datetime import timedelta  # noqa: E402

from django.db.models import Count  # noqa: E402
from django.urls import reverse  # noqa: E402

from vanguard.core.choices import Action  # noqa: E402
from vanguard.core.home import DANGER, WARNING, DueItem, register_due  # noqa: E402

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
