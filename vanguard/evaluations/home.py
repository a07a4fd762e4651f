"""What the evaluations app says is due on the home page (``core.home``)."""

from django.db.models import Q
from django.urls import reverse

from vanguard.core.choices import Action
from vanguard.core.home import INFO, WARNING, DueItem, counts, register_due

from .access import ROUND
from .choices import RoundStatus
from .models import EvaluationRound

# ---- schemes
from .selectors.rounds import waiting_q  # noqa: E402


def rounds_due(viewer):
    """For organisers: their rounds still in 筹备 (to open) and those whose voting has closed and wait to be
    computed; one query."""
    mine = EvaluationRound.objects.restrict(viewer.user, Action.CHANGE)
    figures = counts(mine, draft=Q(status=RoundStatus.DRAFT), waiting=waiting_q())
    url = reverse("evaluation-round-list")
    yield DueItem("筹备中的评议轮次", figures["draft"] or 0, f"{url}?status=draft", INFO,
                  "确定考评对象和评价人后启动", "checkup-list", key="evaluations.rounds_draft")  # fmt: skip
    yield DueItem("投票已截止待计算的轮次", figures["waiting"] or 0, f"{url}?closed=on", WARNING,
                  "请计算结果、校准后公布", "calculator", key="evaluations.rounds_waiting")  # fmt: skip


register_due("evaluations.rounds", rounds_due, order=55, visible=lambda scope: ROUND.reaches(scope, Action.CHANGE))
# ---- end schemes
# ---- ballots
from .selectors.ballots import open_ballots  # noqa: E402


def ballots_due(viewer):
    """Rounds open for voting now in which the user is due and has not voted: one count."""
    count = open_ballots(viewer.scope.person_id).count()
    yield DueItem(
        "待我参加的投票", count, reverse("ballot-mine"), WARNING, "无记名投票,截止前完成",
        "checkbox", key="evaluations.ballots_open",
    )  # fmt: skip


register_due("evaluations.ballots", ballots_due, order=20, visible=lambda scope: scope.person_id is not None)
# ---- end ballots


# ---- results
def scoring_tasks(viewer):
    """An evaluator's open scoring tasks: the ratings left in rounds now scoring (one query)."""
    from .selectors.results import my_rating_tasks

    tasks = my_rating_tasks(viewer.user)
    left = sum(t["left"] for t in tasks)
    rounds = sum(1 for t in tasks if t["left"])
    return [
        DueItem(
            "待完成的评分", left, reverse("evaluation-my-ratings"), severity=WARNING, icon="star-half-filled",
            detail=f"{rounds} 个评议轮次", unit="项",
        )
    ]  # fmt: skip


register_due("evaluations.scoring", scoring_tasks, order=40, visible=lambda scope: scope.person_id is not None)
# ---- end results
# ---- support
from .access import COMMITTEES, ORGANISERS  # noqa: E402
from .choices import SupportStatus  # noqa: E402
from .models import SupportHelper, SupportPlan  # noqa: E402
from .selectors.support import DUE_MONTH, month_end  # noqa: E402


def support_due(viewer):
    """The secretary's (and the office's) open plans with a review due by the end of this month; the plans the
    user helps in; the member's own open plan: one query for the three figures."""
    scope = viewer.scope
    parts = {}
    if scope.has_role(*ORGANISERS):
        writable = SupportPlan.objects.restrict(viewer.user, Action.CHANGE).values("pk")
        parts["due"] = Q(pk__in=writable, review_due__lte=month_end(viewer.today))
    if scope.person_id:
        helping = SupportHelper.objects.filter(person_id=scope.person_id).values("plan_id")
        parts["helping"] = Q(pk__in=helping)
        parts["own"] = Q(member_id=scope.person_id)
    if not parts:
        return
    figures = counts(SupportPlan.objects.filter(status=SupportStatus.OPEN), **parts)
    url = reverse("support-plan-list")
    if "due" in parts:
        yield DueItem(
            "本月待回访的帮促计划", figures["due"] or 0, f"{url}?status=open&due={DUE_MONTH}", WARNING,
            "请组织帮促小组回访并记录转变情况", "heart-handshake", key="evaluations.support_due",
        )  # fmt: skip
    if "helping" in parts:
        yield DueItem(
            "我参加的帮促", figures["helping"] or 0, f"{url}?status=open&mine=helping", INFO,
            "回访后在手机上记录", "users-group", key="evaluations.support_helping",
        )  # fmt: skip
        yield DueItem(
            "我的帮促计划", figures["own"] or 0, f"{url}?status=open", INFO, "看措施和回访", "heart-handshake",
            key="evaluations.support_own",
        )  # fmt: skip


register_due(
    "evaluations.support", support_due, order=60,
    visible=lambda scope: bool(scope.person_id) or scope.has_role(*COMMITTEES),
)  # fmt: skip
# ---- end support
