"""The evaluations module of the left navigation: each entry shows for those it is for (``access.py``)."""

from vanguard.core.navigation import register_module

# ---- schemes
SCHEME_ITEMS = []
# ---- end schemes
# ---- ballots
from vanguard.core.navigation import NavItem  # noqa: E402

BALLOT_ITEMS = [NavItem("我的投票", "ballot-mine", "checkbox", visible=lambda scope: scope.person_id is not None)]
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
