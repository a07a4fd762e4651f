"""Events of the evaluations app. Each is also the audit action of the change (``core.events``); grep a
constant for its emitters and subscribers. No event and no audit entry of a ballot carries what it says."""

from dataclasses import dataclass

from vanguard.core.events import declare


@dataclass(frozen=True)
class RoundChange:
    """A round moved from ``before`` to its current state, and who moved it."""

    actor: object
    round: object
    before: str


SCHEME_SAVE = declare("evaluation.scheme_save", "保存考评方案")
ROUND_SAVE = declare("evaluation.round_save", "保存评议轮次")
# Every change of a round's state; voting starting issues the ballots, publishing hands the results on
# (公示, 表彰, 帮促) through ``ROUND_PUBLISHED``.
ROUND_TRANSITION = declare("evaluation.round_transition", "评议轮次状态变更", payload=RoundChange)
ROUND_PUBLISHED = declare("evaluation.round_published", "公布考评结果", payload=RoundChange)

# ---- ballots
# Issuing: counts only. Casting: the ``Voter`` who voted, never the slot, its code or what it says.
BALLOTS_ISSUE = declare("evaluation.ballots_issue", "发放选票")
BALLOT_CAST = declare("evaluation.ballot_cast", "参加投票")
BALLOTS_SEAL = declare("evaluation.ballots_seal", "封存选票")
# ---- end ballots
# ---- results
RATING_SAVE = declare("evaluation.rating_save", "保存评分")
VETO_RECORD = declare("evaluation.veto_record", "登记一票否决")
VETO_DELETE = declare("evaluation.veto_delete", "撤销一票否决")
ADJUSTMENT_RECORD = declare("evaluation.adjustment_record", "登记加减分")
ADJUSTMENT_DELETE = declare("evaluation.adjustment_delete", "撤销加减分")
# Computing and reopening are not ``ROUND_TRANSITION``: entering voting there issues the ballots, which a
# reopened round already has.
ROUND_COMPUTE = declare("evaluation.round_compute", "计算考评结果", payload=RoundChange)
ROUND_REOPEN = declare("evaluation.round_reopen", "重新打开评议轮次", payload=RoundChange)
# ---- end results
# ---- support
SITUATION_SAVE = declare("evaluation.situation_save", "保存不合格情形")
RESULT_GROUND_ADD = declare("evaluation.result_ground_add", "记录评议结果的情形依据")
RESULT_GROUND_REMOVE = declare("evaluation.result_ground_remove", "删除评议结果的情形依据")
SUPPORT_PLAN_OPEN = declare("evaluation.support_plan_open", "建立帮促计划")
SUPPORT_PLAN_SAVE = declare("evaluation.support_plan_save", "修改帮促计划")
SUPPORT_MEASURE_SAVE = declare("evaluation.support_measure_save", "保存帮促措施")
SUPPORT_REVIEW_ADD = declare("evaluation.support_review_add", "记录帮促回访")
SUPPORT_PLAN_CLOSE = declare("evaluation.support_plan_close", "结束帮促计划")
SUPPORT_FINDING_RAISE = declare("evaluation.support_finding_raise", "帮促计划提出问题")
# ---- end support
