"""The evaluations module of the left navigation: each entry shows for those it is for (``access.py``)."""

from vanguard.core.choices import Action
from vanguard.core.navigation import NavItem, register_module

# ---- schemes
SCHEME_ITEMS = []
# ---- end schemes
# ---- ballots
BALLOT_ITEMS = []


# ---- end ballots
# ---- sources
def _designs_schemes(scope):
    from .access import SCHEME

    return SCHEME.reaches(scope, Action.ADD)


SOURCE_ITEMS = [NavItem("自动评分来源", "evaluation-sources", "database-cog", _designs_schemes)]
# ---- end sources
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
    "evaluations",
    "考评与评议",
    "checkup-list",
    55,
    [*SCHEME_ITEMS, *BALLOT_ITEMS, *SOURCE_ITEMS, *RESULT_ITEMS, *SUPPORT_ITEMS],
)
