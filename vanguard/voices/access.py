"""Who may do what with suggestions (合理化建议), exchange visits (交流走访) and findings (问题清单).

- **See** a suggestion: its proposer and co-proposers, and the roles that read the roster over the
  proposer's unit (党委管理员, 支部书记, 支委委员, 党小组长, 班组长, 工会干部).
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
from vanguard.core.access import EVERYTHING, NOTHING, Ability, Anyone, HoldsRole, Own, Policy, Via, Where
from vanguard.core.choices import Action
from vanguard.org.access import ROSTER_VIEW_ROLES
from vanguard.org.choices import Role
from vanguard.org.models import Unit

from .models import (
    CoProposer,
    ReplyDeadline,
    RewardRule,
    RewardSetting,
    Suggestion,
    SuggestionAttachment,
    SuggestionReview,
)

UNIT_REVIEW_ROLES = frozenset({Role.TEAM_LEADER, Role.UNION_CADRE, Role.BRANCH_SECRETARY})
EXPERT_ROLES = frozenset({Role.COMMITTEE_ADMIN, Role.UNION_CADRE})
HEAD_ROLES = frozenset({Role.COMMITTEE_ADMIN})  # above the experts


def _co_proposer(scope, action):
    # A subquery on the co-proposers (indexed by person), not a join that would repeat suggestions.
    return Q(pk__in=CoProposer.objects.filter(scope.own_q("person_id")).values("suggestion_id"))


CO_PROPOSER = Where(_co_proposer, "共同建议人", serves=lambda scope: scope.person_id is not None)


def in_units(roles, doc):
    """Suggestions of the units under a grant of ``roles`` (or covered by an org under one), as ``InUnit`` says,
    but read as a subquery of those units' ids: the suggestions are then found by their unit in an index,
    not by joining each of them to its unit's path."""

    def q(scope, action):
        if scope.is_global_admin:
            return EVERYTHING
        units = scope.unit_q("", roles)
        if units in (EVERYTHING, NOTHING):
            return units
        return Q(unit_id__in=Unit.objects.filter(units).values("pk"))

    return Where(q, doc, roles)


SUGGESTION = Policy(
    Suggestion,
    {
        Action.VIEW: (in_units(ROSTER_VIEW_ROLES, "建议人所在单位在其范围内"), Own("proposer"), CO_PROPOSER),
        Action.ADD: (Own("proposer"),),
        Action.CHANGE: (Own("proposer"),),
        Action.REVIEW: (in_units(UNIT_REVIEW_ROLES, "建议人所在单位的班组长、工会干部、支部书记"),),
        Action.APPROVE: (in_units(EXPERT_ROLES, "建议人所在单位之上的党委管理员、工会干部"),),
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
