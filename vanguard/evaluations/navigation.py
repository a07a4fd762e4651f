"""The evaluations module of the left navigation: each entry shows for those it is for (``access.py``)."""

from vanguard.core.choices import Action
from vanguard.core.navigation import NavItem, register_module

from .access import ROUND, SCHEME


def _has_person(scope):
    return scope.person_id is not None


# ---- schemes
SCHEME_ITEMS = [
    NavItem("评议轮次", "evaluation-round-list", "checkup-list", lambda scope: ROUND.reaches(scope, Action.ADD)),
    NavItem("考评方案", "evaluation-scheme-list", "list-tree", lambda scope: SCHEME.reaches(scope, Action.ADD)),
]
# ---- end schemes
# ---- ballots
from vanguard.core.navigation import NavItem  # noqa: E402

BALLOT_ITEMS = [NavItem("我的投票", "ballot-mine", "checkbox", visible=lambda scope: scope.person_id is not None)]
# ---- end ballots
# ---- sources
SOURCE_ITEMS = [
    NavItem("自动评分来源", "evaluation-sources", "database-cog", lambda scope: SCHEME.reaches(scope, Action.ADD))
]
# ---- end sources
# ---- results
RESULT_ITEMS = [
    NavItem("我的评分任务", "evaluation-my-ratings", "star-half-filled", _has_person),
    NavItem("我的考评结果", "evaluation-my-results", "award", _has_person),
    NavItem("星级支部", "evaluation-stars", "stars"),
]
# ---- end results
# ---- support
from vanguard.core.navigation import NavItem  # noqa: E402

SUPPORT_ITEMS = [
    NavItem("帮促计划", "support-plan-list", "heart-handshake", lambda scope: _support_policy().reaches(scope, "view"))
]


def _support_policy():
    from .access import SUPPORT_PLAN  # the policy module imports the models, loaded after the nav

    return SUPPORT_PLAN


# ---- end support

register_module(
    "evaluations",
    "考评与评议",
    "checkup-list",
    55,
    [*SCHEME_ITEMS, *BALLOT_ITEMS, *SOURCE_ITEMS, *RESULT_ITEMS, *SUPPORT_ITEMS],
)
