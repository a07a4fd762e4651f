"""The evaluations module of the left navigation: each entry shows for those it is for (``access.py``)."""

from vanguard.core.navigation import register_module

# ---- schemes
SCHEME_ITEMS = []
# ---- end schemes
# ---- ballots
BALLOT_ITEMS = []
# ---- end ballots
# ---- results
from vanguard.core.navigation import NavItem  # noqa: E402


def _has_person(scope):
    return scope.person_id is not None


RESULT_ITEMS = [
    NavItem("我的评分任务", "evaluation-my-ratings", "star-half-filled", _has_person),
    NavItem("我的考评结果", "evaluation-my-results", "award", _has_person),
    NavItem("星级支部", "evaluation-stars", "stars"),
]
# ---- end results
# ---- support
SUPPORT_ITEMS = []
# ---- end support

register_module(
    "evaluations", "考评与评议", "checkup-list", 55, [*SCHEME_ITEMS, *BALLOT_ITEMS, *RESULT_ITEMS, *SUPPORT_ITEMS]
)
