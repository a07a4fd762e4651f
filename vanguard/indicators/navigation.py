"""The indicators module of the left navigation: each entry shows for those it is for (``access.py``)."""

from vanguard.core.navigation import NavItem, register_module

# ---------------------------------------------------------------- indicators, targets and pledges
INDICATOR_ITEMS = []

# ---- competitions
COMPETITION_ITEMS = [NavItem("劳动竞赛", "competition-list", "trophy")]
# ---- end competitions

# ---- talent
TALENT_ITEMS = []
# ---- end talent

register_module("indicators", "指标与竞赛", "chart-line", 50, [*INDICATOR_ITEMS, *COMPETITION_ITEMS, *TALENT_ITEMS])
