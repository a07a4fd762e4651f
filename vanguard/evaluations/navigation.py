"""The evaluations module of the left navigation: each entry shows for those it is for (``access.py``)."""

# ---- schemes
from vanguard.core.choices import Action  # noqa: E402
from vanguard.core.navigation import (
    NavItem,  # noqa: E402
    register_module,
)

from .access import ROUND, SCHEME  # noqa: E402

SCHEME_ITEMS = [
    NavItem("评议轮次", "evaluation-round-list", "checkup-list", lambda scope: ROUND.reaches(scope, Action.ADD)),
    NavItem("考评方案", "evaluation-scheme-list", "list-tree", lambda scope: SCHEME.reaches(scope, Action.ADD)),
]
# ---- end schemes
# ---- ballots
BALLOT_ITEMS = []
# ---- end ballots
# ---- results
RESULT_ITEMS = []
# ---- end results
# ---- support
SUPPORT_ITEMS = []
# ---- end support

register_module(
    "evaluations", "考评与评议", "checkup-list", 55, [*SCHEME_ITEMS, *BALLOT_ITEMS, *RESULT_ITEMS, *SUPPORT_ITEMS]
)
