"""Who may do what with suggestions (合理化建议), exchange visits (交流走访) and findings (问题清单).

- **See** a suggestion: its proposer and co-proposers, the roles that read the roster over the
  proposer's unit (党委管理员, 支部书记, 支委委员, 党小组长, 班组长, 工会干部), and everyone working in the
  same plant or department (分厂/部门): suggestions are open within the plant, so that one who is about to
  propose an idea already made is shown it first (``similar``) and may join it instead.
- **Submit** one (ADD): anyone with a person record, for himself.

The suggestion workflow:

- **Change** it (CHANGE): its proposer: revise and resubmit a returned one, add photos, join the
  earlier suggestion his duplicate was merged into.
- **Unit review** (REVIEW: 单位初审, and later 实施完成): 班组长, 工会干部 and 支部书记 over the proposer's
  unit (a branch secretary through the units his branch covers).
- **Expert review** (APPROVE: 推荐实施 / 需完善 / 不予采纳, 效益核定, 奖励): 党委管理员 and 工会干部 over the
  proposer's unit — the company's office and the union at plant level, where the experts sit.
- Either review marks a suggestion a duplicate of an earlier one, at its own step.
- Their head (the role above): over a unit reviewer, the experts; over the experts, 党委管理员. The
  home page shows each the suggestions overdue at the step below (``home.py``).
- The review history and the photos follow their suggestion; the reward rules, the reply deadlines
  and the reward setting are read by everyone and changed by the office (admin).
"""

from django.db.models import Q

from vanguard.core import access
from vanguard.core.access import EVERYTHING, NOTHING, Ability, Anyone, HoldsRole, InUnit, Own, Policy, Via, Where
from vanguard.core.choices import Action
from vanguard.org.access import ROSTER_VIEW_ROLES
from vanguard.org.choices import SECTION_AND_ABOVE, Role
from vanguard.org.models import Unit

from .models import (
    CoProposer,
    Finding,
    FindingExtension,
    FindingStep,
    ReplyDeadline,
    RewardRule,
    RewardSetting,
    Suggestion,
    SuggestionAttachment,
    SuggestionReview,
    Visit,
)

UNIT_REVIEW_ROLES = frozenset({Role.TEAM_LEADER, Role.UNION_CADRE, Role.BRANCH_SECRETARY})
EXPERT_ROLES = frozenset({Role.COMMITTEE_ADMIN, Role.UNION_CADRE})
SUGGESTION_HEAD_ROLES = frozenset({Role.COMMITTEE_ADMIN})  # above the experts


def _co_proposer(scope, action):
    # A subquery on the co-proposers (indexed by person), not a join that would repeat suggestions.
    return Q(pk__in=CoProposer.objects.filter(scope.own_q("person_id")).values("suggestion_id"))


CO_PROPOSER = Where(_co_proposer, "共同建议人", serves=lambda scope: scope.person_id is not None)


def in_units(field, roles, doc):
    """Rows whose unit ``field`` lies under a grant of ``roles``: ``InUnit`` read as a subquery of the units
    (``field IN (…)``) rather than a join to every finding's unit, so each rule of an OR is answered from
    its own index and a company-wide grant filters nothing."""

    def rule(scope, action):
        if scope.is_global_admin:
            return EVERYTHING
        units = scope.unit_q("", roles)
        if units is EVERYTHING or not units:
            return EVERYTHING
        if units is NOTHING:
            return NOTHING
        return Q(**{f"{field}__in": Unit.objects.filter(units).values("pk")})

    return Where(rule, doc, roles=roles)


def _same_plant(scope, action):
    # The plant is the user's unit's ancestor just below the company (or the unit itself, at that depth).
    plant = scope.unit_path[: 2 * Unit.steplen]
    if len(plant) < 2 * Unit.steplen:
        return NOTHING
    return Q(unit_id__in=Unit.objects.filter(path__startswith=plant).values("pk"))


SAME_PLANT = Where(_same_plant, "同一分厂(部门)的职工", serves=lambda scope: bool(scope.unit_path))


SUGGESTION = Policy(
    Suggestion,
    {
        Action.VIEW: (
            in_units("unit_id", ROSTER_VIEW_ROLES, "建议人所在单位在其范围内"),
            Own("proposer"),
            CO_PROPOSER,
            SAME_PLANT,
        ),
        Action.ADD: (Own("proposer"),),
        Action.CHANGE: (Own("proposer"),),
        Action.REVIEW: (in_units("unit_id", UNIT_REVIEW_ROLES, "建议人所在单位的班组长、工会干部、支部书记"),),
        Action.APPROVE: (in_units("unit_id", EXPERT_ROLES, "建议人所在单位之上的党委管理员、工会干部"),),
    },
    doc="合理化建议:建议人、共同建议人和所在单位的管理者可见;人人可为自己提建议;"
    "班组长、工会干部、支部书记初审,党委管理员和工会干部评审、核定效益、奖励。",
)
CO_PROPOSERS = Policy(
    CoProposer,
    {Action.VIEW: (access.Via("suggestion"),)},
    doc="共同建议人:随建议。",
)

# ---------------------------------------------------------------- the suggestion workflow

REVIEWS = Policy(SuggestionReview, {Action.VIEW: (Via("suggestion"),)}, doc="建议办理记录:随建议,建议人可见。")
ATTACHMENTS = Policy(
    SuggestionAttachment,
    {Action.VIEW: (Via("suggestion"),), Action.ADD: (Via("suggestion", action=Action.CHANGE),)},
    doc="建议附件:随建议。",
)
OFFICE = (HoldsRole(frozenset({Role.COMMITTEE_ADMIN})),)
REWARD_RULES = Policy(
    RewardRule,
    {Action.VIEW: (Anyone(),), Action.ADD: OFFICE, Action.CHANGE: OFFICE},
    doc="奖励标准:人人可见,党委管理员增改。",
)
REWARD_SETTING = Policy(
    RewardSetting, {Action.VIEW: (Anyone(),), Action.CHANGE: OFFICE}, doc="奖励设置:人人可见,党委管理员修改。"
)
DEADLINES = Policy(
    ReplyDeadline, {Action.VIEW: (Anyone(),), Action.CHANGE: OFFICE}, doc="答复期限:人人可见,党委管理员修改。"
)
SUGGESTION_IMPORT = Ability("voices.suggestion_import", "导入历史建议", EXPERT_ROLES)


def reviews_suggestions(scope):
    """Whom the review queue is for: a unit reviewer or an expert."""
    return SUGGESTION.reaches(scope, Action.REVIEW) or SUGGESTION.reaches(scope, Action.APPROVE)


def reads_ledger(scope):
    """Whom the suggestion ledger (建议台账) is for: those who read a unit's suggestions (a proposer has 我的建议)."""
    return bool(scope.roles & ROSTER_VIEW_ROLES)


access.declare(
    SUGGESTION, CO_PROPOSERS, REVIEWS, ATTACHMENTS, REWARD_RULES, REWARD_SETTING, DEADLINES, SUGGESTION_IMPORT
)


# ---------------------------------------------------------------- visits and findings
#
# - **See** a visit: its leader and participants, and the roster readers of the visiting or the visited unit.
#   **Record** one (ADD, CHANGE): its leader, or the heads of the visiting unit.
# - **See** a finding: the raising side (the raiser, the roster readers of the raising unit) and the
#   responsible side (the responsible person, the roster readers of the responsible unit). A grant covers a
#   unit and everything under it, so the heads of the responsible unit's ancestors see it too: a red
#   finding is escalated to them on their home page (``home.py``: 下级单位逾期问题).
# - **Rectify** it (CHANGE: accept, start, resolve, ask for an extension): the responsible person and the
#   heads of the responsible unit. **Verify** it (REVIEW: 销号, reopen): the raising side only, its raiser
#   and the heads of the raising unit; nobody else, the administrator included (``admin={VIEW}``).
# - **Decide an extension** (APPROVE): the responsible person's head, never the one who asked.
#
# A unit's **head** (负责人) is whoever holds a grant that leads the unit's work over it: the 班组长 granted
# on a team, the 支部书记 of a branch linked to the unit (党政同责), the 党委管理员 over the company
# (``HEAD_ROLES``). Union cadres and group leaders read the roster but do not lead the work.

HEAD_ROLES = frozenset({Role.COMMITTEE_ADMIN, Role.BRANCH_SECRETARY, Role.TEAM_LEADER})


def _visit_participant(scope, action):
    return Q(pk__in=Visit.participants.through.objects.filter(scope.own_q("person_id")).values("visit_id"))


VISIT_PARTICIPANT = Where(_visit_participant, "走访参加人员", serves=lambda scope: scope.person_id is not None)
VISIT_HEADS = InUnit("visiting_unit", HEAD_ROLES)
# A visit is led by a department head (科级及以上): he records his own.
VISIT_LEADER = Where(
    lambda scope, action: scope.own_q("leader_id"),
    "带队领导本人(科级及以上干部)",
    serves=lambda scope: scope.cadre_level in SECTION_AND_ABOVE,
)

VISIT = Policy(
    Visit,
    {
        Action.VIEW: (
            InUnit("visiting_unit", ROSTER_VIEW_ROLES), InUnit("visited_unit", ROSTER_VIEW_ROLES), Own("leader"),
            VISIT_PARTICIPANT,
        ),
        Action.ADD: (VISIT_HEADS, VISIT_LEADER),
        Action.CHANGE: (VISIT_HEADS, VISIT_LEADER),
    },
    doc="交流走访:带队领导、参加人员和走访、被走访单位的管理者可见;带队领导或走访单位负责人登记。",
)  # fmt: skip


def _raises_for_own_unit(scope, action):
    # Raised in one's own name for one's own unit or a unit above it; heads raise for the units they lead.
    return scope.own_q("raised_by_id") & scope.addressed_q("raised_unit__", "unit")


RAISER = Where(
    _raises_for_own_unit, "本人以所在单位(或其上级单位)的名义提出", serves=lambda scope: bool(scope.person_id)
)
RAISING_SIDE = (Own("raised_by"), in_units("raised_unit_id", HEAD_ROLES, "提出单位的负责人"))
RESPONSIBLE_SIDE = (Own("responsible_person"), in_units("responsible_unit_id", HEAD_ROLES, "责任单位的负责人"))

FINDING = Policy(
    Finding,
    {
        Action.VIEW: (
            in_units("responsible_unit_id", ROSTER_VIEW_ROLES, "责任单位的管理者"),
            in_units("raised_unit_id", ROSTER_VIEW_ROLES, "提出单位的管理者"),
            Own("raised_by"), Own("responsible_person"),
        ),
        Action.ADD: (RAISER, InUnit("raised_unit", HEAD_ROLES)),
        Action.CHANGE: RESPONSIBLE_SIDE,
        Action.REVIEW: RAISING_SIDE,
    },
    admin=frozenset({Action.VIEW}),
    doc="问题:提出方和责任方可见;责任方接收、整改、申请延期;只有提出方验证销号或退回重改。",
)  # fmt: skip
FINDING_STEPS = Policy(FindingStep, {Action.VIEW: (Via("finding"),)}, doc="整改记录:看得到问题就看得到。")
EXTENSION = Policy(
    FindingExtension,
    {
        Action.VIEW: (Via("finding"),),
        Action.APPROVE: (InUnit("finding__responsible_person__unit", HEAD_ROLES),),
    },
    admin=frozenset({Action.VIEW}),
    doc="延期申请:随问题可见;由责任人所在单位的负责人审批。",
)

SEE_FINDING_RATES = Ability("voices.finding_rates", "问题整改率和重开率", ROSTER_VIEW_ROLES)


def reads_findings(scope):
    """Whom the finding board is for: the roster readers of a unit, and anyone who raised or answers for one."""
    return FINDING.reaches(scope, Action.VIEW)


access.declare(VISIT, FINDING, FINDING_STEPS, EXTENSION, SEE_FINDING_RATES)


# ---- participation
# The statistics (合理化建议统计) are for whoever reads the roster of a unit: its figures, its units below.
# The targets are company settings, kept by the committee's office; everyone who sees the statistics reads them.
from .models import ParticipationTarget  # noqa: E402

TARGET_ROLES = frozenset({Role.COMMITTEE_ADMIN})

SEE_STATISTICS = Ability("voices.suggestion_statistics", "合理化建议统计", ROSTER_VIEW_ROLES)
PARTICIPATION_TARGET = Policy(
    ParticipationTarget,
    {
        Action.VIEW: (HoldsRole(ROSTER_VIEW_ROLES),),
        Action.ADD: (HoldsRole(TARGET_ROLES),),
        Action.CHANGE: (HoldsRole(TARGET_ROLES),),
        Action.DELETE: (HoldsRole(TARGET_ROLES),),
    },
    doc="合理化建议参与目标:看得到统计的人可见;党委管理员设置。",
)

access.declare(SEE_STATISTICS, PARTICIPATION_TARGET)
# ---- end participation
