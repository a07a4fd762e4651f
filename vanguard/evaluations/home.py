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
# ---- end ballots


# ---- results
def scoring_tasks(viewer):
    """An evaluator's open scoring tasks: the ratings left in rounds now scoring (4 queries when any)."""
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
# ---- end support
