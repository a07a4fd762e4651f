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
# - **See** a competition, its board, standings and red flags: everyone working in or under its organising
#   unit, the roster readers over that unit or over any entered team (a branch secretary whose branch covers
#   one team sees the board it is on), and its judges.
# - **Organise** (create, rules, entries, judges, vetoes, bonuses, publish results; CHANGE): the office
#   (党委管理员) and the union (工会干部) over the organising unit.
# - **A team's breakdown** (REVIEW of an entry): the roster readers over the team (its 班组长 first), the
#   people working in it, the person of a personal entry, and the organisers.
# - **Judges' scores**: a judge enters and reads his own; the organisers read them all.
from django.db.models import Q  # noqa: E402

from vanguard.core.access import Where  # noqa: E402

from .models import (  # noqa: E402
    BonusAward,
    BonusItem,
    Competition,
    CompetitionCategory,
    CompetitionEntry,
    CompetitionResult,
    CompetitionStanding,
    Judge,
    JudgeScore,
    RedFlag,
    ScoringRule,
    Veto,
    VetoRule,
)

ORGANISERS = frozenset({Role.COMMITTEE_ADMIN, Role.UNION_CADRE})


def _over_an_entry(scope, action):
    teams = scope.unit_q("unit__", ROSTER_VIEW_ROLES)
    return Q(pk__in=CompetitionEntry.objects.filter(teams).values("competition_id"))


def _judging(scope, action):
    return Q(pk__in=Judge.objects.filter(scope.own_q("person_id")).values("competition_id"))


COMPETITION = Policy(
    Competition,
    {
        Action.VIEW: (
            InUnit("unit", ROSTER_VIEW_ROLES),
            Addressed("unit"),
            Where(_over_an_entry, "名册可见范围内有参赛班组", roles=ROSTER_VIEW_ROLES),
            Where(_judging, "本竞赛的评委", serves=lambda scope: scope.person_id is not None),
        ),
        Action.ADD: (InUnit("unit", ORGANISERS),),
        Action.CHANGE: (InUnit("unit", ORGANISERS),),
    },
    doc="竞赛:组织单位及以下的职工、名册可见参赛班组者和评委可见;党委管理员、工会干部组织。",
)
ORGANISE = Via("competition", action=Action.CHANGE)
_BOARD = {Action.VIEW: (Via("competition"),), Action.CHANGE: (ORGANISE,), Action.ADD: (ORGANISE,)}
COMPETITION_PARTS = [
    Policy(model, dict(_BOARD), doc=f"{model._meta.verbose_name}:随竞赛可见;组织者维护。")
    for model in (
        CompetitionCategory,
        ScoringRule,
        BonusItem,
        VetoRule,
        Judge,
        CompetitionStanding,
        RedFlag,
        CompetitionResult,
    )  # fmt: skip
]
COMPETITION_ENTRY = Policy(
    CompetitionEntry,
    {
        **_BOARD,
        Action.REVIEW: (InUnit("unit", ROSTER_VIEW_ROLES), Addressed("unit"), Own("person"), ORGANISE),
    },
    doc="参赛单位:随竞赛可见;得分明细由本班组职工、班组长等名册可见者和组织者查看。",
)
VETO = Policy(
    Veto,
    {Action.VIEW: (Via("entry__competition"),), Action.ADD: (Via("entry__competition", action=Action.CHANGE),),
     Action.DELETE: (Via("entry__competition", action=Action.CHANGE),)},
    doc="一票否决:随竞赛可见;组织者(党委管理员、工会干部)记录。",
)  # fmt: skip
BONUS = Policy(
    BonusAward,
    {Action.VIEW: (Via("entry__competition"),), Action.ADD: (Via("entry__competition", action=Action.CHANGE),)},
    doc="竞赛加分:随竞赛可见;组织者记录。",
)
JUDGE_SCORE = Policy(
    JudgeScore,
    {
        Action.VIEW: (Own("judge__person"), Via("entry__competition", action=Action.CHANGE)),
        Action.ADD: (Own("judge__person"),),
    },
    admin={Action.VIEW},
    doc="评委评分:评委只录入、查看本人的评分;组织者可见全部。",
)

access.declare(COMPETITION, *COMPETITION_PARTS, COMPETITION_ENTRY, VETO, BONUS, JUDGE_SCORE)
# ---- end competitions

# ---- talent
# Talent (人才) and innovation studios (职工创新工作室):
# - **Titles** (人才称号) and their criteria are read by everyone; the office keeps the company's, the union
#   (工会干部) the titles its unit sets for itself.
# - **Nominations, awards, plans, studios** are managed (ADD, CHANGE: nominate, form the panel, conclude,
#   award, revoke; keep a plan and its ledger; register a studio, its projects and its 复核) by the office and
#   the union over the person's (the plan's, the studio's) unit.
# - **Assessors** score (REVIEW) the nominations whose panel they sit on, and only those.
# - **The talent pool** is read by the roster readers over the people's units; everyone sees his own titles
#   and nominations, and the studio registry of his plant.

from vanguard.core.access import NOTHING, Where  # noqa: E402
from vanguard.org.models import Unit  # noqa: E402

from .models import (  # noqa: E402
    InnovationStudio,
    StudioProject,
    StudioReview,
    TalentAward,
    TalentCriterion,
    TalentNomination,
    TalentPlan,
    TalentPlanRecord,
    TalentScore,
    TalentTitle,
)

TALENT_ROLES = frozenset({Role.COMMITTEE_ADMIN, Role.UNION_CADRE})


def _company_titles(scope, action):
    return Q(unit__isnull=True) if scope.has_role(*OFFICE) else NOTHING


COMPANY_TITLES = Where(_company_titles, "公司统一设立的称号:党委管理员", roles=OFFICE)


def _on_panel(scope, action):
    return Q(
        pk__in=TalentNomination.panel.through.objects.filter(scope.own_q("person_id")).values("talentnomination_id")
    )


ON_PANEL = Where(_on_panel, "本人是评审组成员", serves=lambda scope: scope.person_id is not None)


def _same_plant(scope, action):
    # The plant is the user's unit's ancestor just below the company (or the unit itself, at that depth).
    plant = scope.unit_path[: 2 * Unit.steplen]
    if len(plant) < 2 * Unit.steplen:
        return NOTHING
    return Q(unit__path__startswith=plant)


SAME_PLANT = Where(_same_plant, "同一分厂(部门)的职工", serves=lambda scope: bool(scope.unit_path))

TALENT_TITLE = Policy(
    TalentTitle,
    {
        Action.VIEW: (Anyone(),),
        Action.ADD: (COMPANY_TITLES, InUnit("unit", TALENT_ROLES)),
        Action.CHANGE: (COMPANY_TITLES, InUnit("unit", TALENT_ROLES)),
    },
    doc="人才称号:人人可见;公司称号由党委管理员维护,单位自设称号由该单位的工会干部维护。",
)
TALENT_CRITERION = Policy(
    TalentCriterion,
    {Action.VIEW: (Anyone(),), Action.CHANGE: (Via("title"),)},
    doc="评审标准:随称号。",
)
NOMINATION = Policy(
    TalentNomination,
    {
        Action.VIEW: (InUnit("person__unit", ROSTER_VIEW_ROLES), Own("person"), ON_PANEL),
        Action.ADD: (InUnit("person__unit", TALENT_ROLES),),
        Action.CHANGE: (InUnit("person__unit", TALENT_ROLES),),
        Action.REVIEW: (ON_PANEL,),
    },
    admin=frozenset({Action.VIEW, Action.ADD, Action.CHANGE}),
    doc="人才推荐:被推荐人、评审组和单位的管理者可见;党委管理员和工会干部推荐、组织评审、授予;评审组成员评分。",
)
TALENT_SCORE = Policy(
    TalentScore,
    {Action.VIEW: (Own("assessor"), Via("nomination", action=Action.CHANGE))},
    doc="评分:评审人本人,及组织评审的党委管理员和工会干部可见。",
)
AWARD = Policy(
    TalentAward,
    {
        Action.VIEW: (InUnit("person__unit", ROSTER_VIEW_ROLES), Own("person")),
        Action.ADD: (InUnit("person__unit", TALENT_ROLES),),
        Action.CHANGE: (InUnit("person__unit", TALENT_ROLES),),
    },
    doc="人才称号授予:本人和单位的管理者可见;党委管理员和工会干部授予、撤销。",
)
TALENT_PLAN = Policy(
    TalentPlan,
    {
        Action.VIEW: (InUnit("unit", ROSTER_VIEW_ROLES),),
        Action.ADD: (InUnit("unit", TALENT_ROLES),),
        Action.CHANGE: (InUnit("unit", TALENT_ROLES),),
    },
    doc="人才培养使用规划:单位的管理者可见;党委管理员和工会干部制定并登记执行。",
)
TALENT_PLAN_RECORD = Policy(TalentPlanRecord, {Action.VIEW: (Via("plan"),)}, doc="规划执行记录(培训、激励):随规划。")
STUDIO = Policy(
    InnovationStudio,
    {
        Action.VIEW: (InUnit("unit", ROSTER_VIEW_ROLES), SAME_PLANT, Own("lead")),
        Action.ADD: (InUnit("unit", TALENT_ROLES),),
        Action.CHANGE: (InUnit("unit", TALENT_ROLES),),
    },
    doc="职工创新工作室:本分厂职工和单位的管理者可见;党委管理员和工会干部登记、复核。",
)
STUDIO_PROJECT = Policy(StudioProject, {Action.VIEW: (Via("studio"),)}, doc="工作室年度项目:随工作室。")
STUDIO_REVIEW = Policy(StudioReview, {Action.VIEW: (Via("studio"),)}, doc="工作室复核:随工作室。")

SEE_TALENT_POOL = Ability("indicators.talent_pool", "人才库", ROSTER_VIEW_ROLES)
MANAGE_TALENT = Ability("indicators.talent_manage", "人才推荐与授予", TALENT_ROLES)

access.declare(
    TALENT_TITLE, TALENT_CRITERION, NOMINATION, TALENT_SCORE, AWARD, TALENT_PLAN, TALENT_PLAN_RECORD, STUDIO,
    STUDIO_PROJECT, STUDIO_REVIEW, SEE_TALENT_POOL, MANAGE_TALENT,
)  # fmt: skip
# ---- end talent
