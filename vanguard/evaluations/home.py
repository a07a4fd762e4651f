"""What the evaluations app puts on the home page (``core.home``)."""

from django.urls import reverse

from vanguard.core.home import INFO, WARNING, DueItem, register_due

# ---- schemes
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

__all__ = ["INFO"]
