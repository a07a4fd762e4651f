"""Who may do what with appraisals (考评).

- **Schemes** (考评方案) are read by everyone and kept by the office (党委管理员).
- **Rounds** are organised (ADD, CHANGE: open, compute, calibrate, publish) by the office and by the secretary
  of the org running them (a branch's 民主评议党员). They are seen by the organisers and the branch committee
  over the org, by the round's subjects and by its evaluators and voters.
- **Results** of a round are read by the committee of the org that ran it and the office above (支委会 and
  党委), not by every member; each subject reads their own once the round is published.
- **Ballots** (选票 and their contents) are closed to every role, the system administrator included: only the
  counts leave ``selectors.ballots``. Who has voted (``Voter``) is read by the organisers as a count while the
  round runs, and by name once it has closed.
"""

from django.db.models import Q

from vanguard.core import access
from vanguard.core.access import Anyone, HoldsRole, InOrg, Own, Policy, Via, Where
from vanguard.core.choices import Action
from vanguard.org.choices import Role

from .choices import RoundStatus
from .models import (
    AdjustmentItem,
    Ballot,
    BallotMark,
    Criterion,
    EvaluationRound,
    EvaluationScheme,
    EvaluatorGroup,
    GradeBand,
    RoundEvaluator,
    RoundResult,
    RoundSubject,
    VetoRule,
    Voter,
)

OFFICE = frozenset({Role.COMMITTEE_ADMIN})
ORGANISERS = frozenset({Role.COMMITTEE_ADMIN, Role.BRANCH_SECRETARY})
COMMITTEES = frozenset({Role.COMMITTEE_ADMIN, Role.BRANCH_SECRETARY, Role.BRANCH_COMMITTEE})


def _subject_of(scope, action):
    return Q(pk__in=RoundSubject.objects.filter(scope.own_q("person_id")).values("round_id"))


def _evaluating(scope, action):
    return Q(pk__in=RoundEvaluator.objects.filter(scope.own_q("person_id")).values("round_id"))


def _has_person(scope):
    return scope.person_id is not None


SCHEME = Policy(
    EvaluationScheme,
    {Action.VIEW: (Anyone(),), Action.ADD: (HoldsRole(OFFICE),), Action.CHANGE: (HoldsRole(OFFICE),)},
    doc="考评方案:人人可见;党委管理员制定。",
)
SCHEME_PARTS = [
    Policy(
        model,
        {Action.VIEW: (Anyone(),), Action.CHANGE: (HoldsRole(OFFICE),)},
        doc=f"{model._meta.verbose_name}:随方案。",
    )
    for model in (Criterion, EvaluatorGroup, GradeBand, VetoRule, AdjustmentItem)
]
ROUND = Policy(
    EvaluationRound,
    {
        Action.VIEW: (
            InOrg("org", COMMITTEES),
            Where(_subject_of, "本轮的考评对象", serves=_has_person),
            Where(_evaluating, "本轮的评价人、投票人", serves=_has_person),
        ),
        Action.ADD: (InOrg("org", ORGANISERS),),
        Action.CHANGE: (InOrg("org", ORGANISERS),),
    },
    doc="评议轮次:组织单位的党委管理员、支部书记组织;支委会、考评对象和评价人可见。",
)
ORGANISE = Via("round", action=Action.CHANGE)
SUBJECT = Policy(
    RoundSubject,
    {Action.VIEW: (Via("round"),), Action.ADD: (ORGANISE,), Action.CHANGE: (ORGANISE,), Action.DELETE: (ORGANISE,)},
    doc="考评对象:随轮次可见;组织者确定。",
)
EVALUATOR = Policy(
    RoundEvaluator,
    {
        Action.VIEW: (Own("person"), Via("round", action=Action.CHANGE)),
        Action.ADD: (ORGANISE,),
        Action.CHANGE: (ORGANISE,),
        Action.DELETE: (ORGANISE,),
    },
    doc="评价人:本人和组织者可见;组织者确定。",
)
RESULT = Policy(
    RoundResult,
    {
        Action.VIEW: (
            InOrg("round__org", COMMITTEES),
            Own("subject__person", when=Q(round__status=RoundStatus.PUBLISHED)),
        ),
        Action.CHANGE: (InOrg("round__org", ORGANISERS),),
    },
    doc="考评结果:组织单位的支委会和上级党委可见,考评对象在公布后看本人的;组织者计算、校准、公布。",
)
# Closed to every role, the system administrator included: only counts leave ``selectors.ballots``.
BALLOT = Policy(Ballot, {}, admin=False, doc="选票:任何角色(含系统管理员)都不能查看。")
BALLOT_MARK = Policy(BallotMark, {}, admin=False, doc="选票内容:任何角色(含系统管理员)都不能查看。")
VOTER = Policy(
    Voter,
    {Action.VIEW: (Own("person"), Via("round", action=Action.CHANGE))},
    doc="投票人名单:本人和组织者可见(投票结束前只显示人数)。",
)

access.declare(SCHEME, *SCHEME_PARTS, ROUND, SUBJECT, EVALUATOR, RESULT, BALLOT, BALLOT_MARK, VOTER)

# ---- ballots
# ---- end ballots
# ---- results
from .models import AdjustmentCase, BranchStar, Rating, VetoCase  # noqa: E402

RATING = Policy(
    Rating,
    {
        Action.VIEW: (Own("evaluator__person"), Via("round", action=Action.CHANGE), InOrg("round__org", COMMITTEES)),
        Action.ADD: (Own("evaluator__person", when=Q(evaluator__rates=True)),),
        Action.CHANGE: (Own("evaluator__person", when=Q(evaluator__rates=True)),),
    },
    doc="评分:评价人本人填写;组织者和组织单位的支委会可见(署名)。",
)
CASE_POLICIES = [
    Policy(
        model,
        {
            Action.VIEW: (Via("round", action=Action.CHANGE), InOrg("round__org", COMMITTEES)),
            Action.ADD: (ORGANISE,),
            Action.CHANGE: (ORGANISE,),
            Action.DELETE: (ORGANISE,),
        },
        doc=f"{model._meta.verbose_name}:组织者登记;组织单位的支委会可见。",
    )
    for model in (VetoCase, AdjustmentCase)
]
BRANCH_STAR = Policy(
    BranchStar,
    {Action.VIEW: (Anyone(),)},
    doc="支部星级:公布后挂牌,人人可见。",
)
access.declare(RATING, *CASE_POLICIES, BRANCH_STAR)
# ---- end results
# ---- support
from .models import (  # noqa: E402
    ResultGround,
    ReverseSituation,
    SupportFinding,
    SupportHelper,
    SupportMeasure,
    SupportPlan,
    SupportReview,
)


def _helping(scope, action):
    return Q(pk__in=SupportHelper.objects.filter(scope.own_q("person_id")).values("plan_id"))


SUPPORT_HELPER = Where(_helping, "帮促小组成员", serves=_has_person)
SITUATION = Policy(
    ReverseSituation,
    {Action.VIEW: (Anyone(),), Action.ADD: (HoldsRole(OFFICE),), Action.CHANGE: (HoldsRole(OFFICE),)},
    doc="不合格情形:人人可见;党委管理员维护。",
)
GROUND = Policy(
    ResultGround,
    {
        Action.VIEW: (Via("result"),),
        Action.ADD: (Via("result", action=Action.CHANGE),),
        Action.DELETE: (Via("result", action=Action.CHANGE),),
    },
    doc="情形依据:随考评结果可见;组织者在公布前记录。",
)
# Seen where the result is (the branch committee, the office above), by the support group and by the member;
# written by the secretary and the office; the support group records follow-up reviews (REPORT).
SUPPORT_PLAN = Policy(
    SupportPlan,
    {
        Action.VIEW: (InOrg("org", COMMITTEES), Own("member"), SUPPORT_HELPER),
        Action.ADD: (InOrg("org", ORGANISERS),),
        Action.CHANGE: (InOrg("org", ORGANISERS),),
        Action.REPORT: (InOrg("org", ORGANISERS), SUPPORT_HELPER),
    },
    doc="帮促计划:支委会和上级党委、帮促小组和帮促对象本人可见;支部书记和党委管理员制定、结束;帮促小组记录回访。",
)
SUPPORT_PARTS = [
    Policy(model, {Action.VIEW: (Via("plan"),)}, doc=f"{model._meta.verbose_name}:随帮促计划可见。")
    for model in (SupportHelper, SupportMeasure, SupportReview, SupportFinding)
]

access.declare(SITUATION, GROUND, SUPPORT_PLAN, *SUPPORT_PARTS)
# ---- end support
