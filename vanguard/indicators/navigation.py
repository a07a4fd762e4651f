"""The indicators module of the left navigation: each entry shows for those it is for (``access.py``)."""

from vanguard.core.choices import Action
from vanguard.core.navigation import NavItem, register_module

from .access import CLOSE_MONTHS, PLEDGE, TARGET, VALUE, enters_values

# ---------------------------------------------------------------- indicators, targets and pledges
INDICATOR_ITEMS = [
    NavItem("指标看板", "indicator-board", "chart-line", lambda scope: VALUE.reaches(scope, Action.VIEW)),
    NavItem("指标填报", "indicator-entry", "pencil", enters_values),
    NavItem("指标数值", "indicator-values", "table", lambda scope: VALUE.reaches(scope, Action.VIEW)),
    NavItem("指标目标", "indicator-targets", "target", lambda scope: TARGET.reaches(scope, Action.VIEW)),
    NavItem("指标承诺", "indicator-pledges", "flag", lambda scope: PLEDGE.reaches(scope, Action.VIEW)),
    NavItem("关账与更正", "indicator-months", "lock", CLOSE_MONTHS.held_by),
]

# ---- competitions
COMPETITION_ITEMS = []
# ---- end competitions

# ---- talent
TALENT_ITEMS = []
# ---- end talent

register_module("indicators", "指标与竞赛", "chart-line", 50, [*INDICATOR_ITEMS, *COMPETITION_ITEMS, *TALENT_ITEMS])
