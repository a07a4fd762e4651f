"""What the evaluations app says is due from a user on the home page (``core.home``)."""

from django.urls import reverse

from vanguard.core.home import WARNING, DueItem, register_due

# ---- schemes
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
# ---- end results
# ---- support
# ---- end support
