"""The evaluations module of the left navigation: each entry shows for those it is for (``access.py``)."""

from vanguard.core.navigation import register_module

# ---- schemes
SCHEME_ITEMS = []
# ---- end schemes
# ---- ballots
BALLOT_ITEMS = []
# ---- end ballots
# ---- results
RESULT_ITEMS = []
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
    "evaluations", "考评与评议", "checkup-list", 55, [*SCHEME_ITEMS, *BALLOT_ITEMS, *RESULT_ITEMS, *SUPPORT_ITEMS]
)
