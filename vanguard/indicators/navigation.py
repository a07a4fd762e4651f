"""The indicators module of the left navigation: each entry shows for those it is for (``access.py``)."""

from vanguard.core.navigation import NavItem, register_module

# ---------------------------------------------------------------- indicators, targets and pledges
INDICATOR_ITEMS = []

# ---- competitions
COMPETITION_ITEMS = [NavItem("劳动竞赛", "competition-list", "trophy")]
# ---- end competitions

# ---- talent
from vanguard.core.choices import Action  # noqa: E402
from vanguard.core.navigation import NavItem  # noqa: E402

from .access import MANAGE_TALENT, NOMINATION, SEE_TALENT_POOL, STUDIO, TALENT_PLAN  # noqa: E402

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
