"""The voices module of the left navigation: each entry shows for those it is for (``access.py``)."""

from vanguard.core.choices import Action
from vanguard.core.navigation import NavItem, register_module

# ---- participation
from .access import PARTICIPATION_TARGET, SEE_STATISTICS  # noqa: I001

PARTICIPATION_ITEMS = [
    NavItem("建议统计", "suggestion-statistics", "chart-bar", SEE_STATISTICS.held_by),
    NavItem(
        "参与目标", "suggestion-participation-targets", "target",
        lambda scope: PARTICIPATION_TARGET.reaches(scope, Action.CHANGE),
    ),
]  # fmt: skip
# ---- end participation

register_module("voices", "合理化建议", "bulb", 45, [*PARTICIPATION_ITEMS])
