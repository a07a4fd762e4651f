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
# ---- end results
# ---- support
# ---- end support
