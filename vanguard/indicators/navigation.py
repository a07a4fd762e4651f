"""The indicators module of the left navigation: each entry shows for those it is for (``access.py``)."""

from vanguard.core.choices import Action
from vanguard.core.navigation import NavItem, register_module

from .access import (
    CLOSE_MONTHS,
    MANAGE_TALENT,
    NOMINATION,
    PLEDGE,
    SEE_TALENT_POOL,
    STUDIO,
    TALENT_PLAN,
    TARGET,
    VALUE,
    enters_values,
)

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
COMPETITION_ITEMS = [NavItem("劳动竞赛", "competition-list", "trophy")]
# ---- end competitions

# ---- talent
TALENT_ITEMS = [
    NavItem("人才库", "talent-pool", "users-group", SEE_TALENT_POOL.held_by),
    NavItem("我的人才称号", "talent-mine", "award", lambda scope: scope.person_id is not None),
    NavItem(
        "人才推荐评审",
        "talent-nominations",
        "checklist",
        lambda scope: MANAGE_TALENT.held_by(scope) or NOMINATION.reaches(scope, Action.REVIEW),
    ),
    NavItem("人才称号", "talent-titles", "certificate", MANAGE_TALENT.held_by),
    NavItem("人才培养规划", "talent-plans", "school", lambda scope: TALENT_PLAN.reaches(scope, Action.VIEW)),
    NavItem("创新工作室", "studio-list", "bulb", lambda scope: STUDIO.reaches(scope, Action.VIEW)),
]
# ---- end talent

register_module("indicators", "指标与竞赛", "chart-line", 50, [*INDICATOR_ITEMS, *COMPETITION_ITEMS, *TALENT_ITEMS])
