"""Who may do what with indicators (指标), their values, targets and pledges; competitions and talent below.

- **Indicator definitions** and the closed months are read by everyone and kept by the office (党委管理员).
- **See** a team's or unit's values, targets and pledges: the roster readers over it (党委管理员, 支部书记
  through the units the branch covers, 班组长 his team, 工会干部 her plant), and everyone working in it or
  under it (a worker sees his own team's board, and the plant's and company's figures above it).
- **Enter** values (ADD, CHANGE): the 班组长 for his team, the 工会干部 over her plant and the office; a
  system pushing values (MES, ERP) through the API does so under an account with such a grant.
- **Targets** (指标目标, 突破性指标): set by the office and the union over the unit.
- **Pledges** (指标承诺): made by the team leader for his team (or by the union or the office for it);
  **followed up** (REVIEW) by the union (工会干部) and the office over the team; the pledger reads his own.
- **Close a month** (关账): the office.
"""

from vanguard.core import access
from vanguard.core.access import Ability, Addressed, Anyone, HoldsRole, InUnit, Own, Policy, Via
from vanguard.core.choices import Action
from vanguard.org.access import ROSTER_VIEW_ROLES
from vanguard.org.choices import Role

from .models import Indicator, IndicatorPeriod, IndicatorTarget, IndicatorValue, Pledge, ValueCorrection

OFFICE = frozenset({Role.COMMITTEE_ADMIN})
VALUE_ROLES = frozenset({Role.TEAM_LEADER, Role.UNION_CADRE, Role.COMMITTEE_ADMIN})
TARGET_ROLES = frozenset({Role.UNION_CADRE, Role.COMMITTEE_ADMIN})
PLEDGE_ROLES = frozenset({Role.TEAM_LEADER, Role.UNION_CADRE, Role.COMMITTEE_ADMIN})
FOLLOW_ROLES = frozenset({Role.UNION_CADRE, Role.COMMITTEE_ADMIN})

# Whoever reads a unit's roster, and everyone working in the unit or under it.
SEE_UNIT = (InUnit("unit", ROSTER_VIEW_ROLES), Addressed("unit"))

INDICATOR = Policy(
    Indicator,
    {
        Action.VIEW: (Anyone(),),
        Action.ADD: (HoldsRole(OFFICE),),
        Action.CHANGE: (HoldsRole(OFFICE),),
    },
    doc="指标定义:人人可见;党委管理员维护。",
)
PERIOD = Policy(IndicatorPeriod, {Action.VIEW: (Anyone(),)}, doc="已关账月份:人人可见;党委管理员关账。")
VALUE = Policy(
    IndicatorValue,
    {
        Action.VIEW: SEE_UNIT,
        Action.ADD: (InUnit("unit", VALUE_ROLES),),
        Action.CHANGE: (InUnit("unit", VALUE_ROLES),),
    },
    doc="指标数值:单位的管理者和本单位职工可见;班组长录入本班组的,工会干部和党委管理员录入范围内的。",
)
CORRECTION = Policy(ValueCorrection, {Action.VIEW: (Via("value"),)}, doc="数值更正记录:看得到数值就看得到。")
TARGET = Policy(
    IndicatorTarget,
    {
        Action.VIEW: SEE_UNIT,
        Action.ADD: (InUnit("unit", TARGET_ROLES),),
        Action.CHANGE: (InUnit("unit", TARGET_ROLES),),
        Action.DELETE: (InUnit("unit", TARGET_ROLES),),
    },
    doc="指标目标和突破性目标:随数值可见;党委管理员和工会干部设定。",
)
PLEDGE = Policy(
    Pledge,
    {
        Action.VIEW: (*SEE_UNIT, Own("pledger")),
        Action.ADD: (InUnit("unit", PLEDGE_ROLES),),
        Action.CHANGE: (InUnit("unit", PLEDGE_ROLES),),
        Action.REVIEW: (InUnit("unit", FOLLOW_ROLES),),
    },
    doc="指标承诺:班组长为本班组承诺;工会干部和党委管理员跟踪;承诺人和本单位职工可见。",
)

CLOSE_MONTHS = Ability("indicators.close", "指标数值关账", OFFICE)

access.declare(INDICATOR, PERIOD, VALUE, CORRECTION, TARGET, PLEDGE, CLOSE_MONTHS)


def value_units_q(scope, action=Action.VIEW):
    """A filter on ``Unit`` itself: the units whose values (board, trend, list) ``scope`` may ``action``, the
    same as ``VALUE``'s rules say for a value of the unit."""
    if scope is None:
        return access.NOTHING
    if scope.is_global_admin:
        return access.EVERYTHING  # an empty Q() would vanish inside the OR below
    if action == Action.VIEW:
        return scope.unit_q("", ROSTER_VIEW_ROLES) | scope.addressed_q("", "unit")
    return scope.unit_q("", VALUE_ROLES)


def enters_values(scope):
    return VALUE.reaches(scope, Action.CHANGE)


def follows_pledges(scope):
    return PLEDGE.reaches(scope, Action.REVIEW)


# ---- competitions
# ---- end competitions

# ---- talent
# ---- end talent
