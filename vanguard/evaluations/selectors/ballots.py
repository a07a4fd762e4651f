"""Reads of the anonymous ballots: the tally the results are computed from and the round's validity. Only
counts leave this module; no caller ever sees a ballot row."""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Q

from ..models import Ballot, BallotMark, Voter


def ballot_tally(round_, *, by_group=False) -> dict:
    """``{(subject_id, criterion_id or None): {choice: count}}`` over the cast ballots of ``round_``.

    ``by_group``: keyed ``(subject_id, criterion_id, kind)`` instead, each evaluator group apart; a group with
    fewer cast ballots than ``round_.min_tally_group`` is folded into the largest group, so no group's tally is
    small enough to reveal one voter's choice."""
    marks = BallotMark.objects.filter(ballot__round=round_, ballot__cast=True).order_by()
    if not by_group:
        rows = marks.values_list("subject_id", "criterion_id", "choice").annotate(n=Count("pk"))
        tally = defaultdict(dict)
        for subject_id, criterion_id, choice, n in rows:
            tally[(subject_id, criterion_id)][choice] = n
        return dict(tally)
    fold = _folded_groups(round_)
    rows = marks.values_list("subject_id", "criterion_id", "ballot__kind", "choice").annotate(n=Count("pk"))
    tally = defaultdict(lambda: defaultdict(int))
    for subject_id, criterion_id, kind, choice, n in rows:
        tally[(subject_id, criterion_id, fold.get(kind, kind))][choice] += n
    return {key: dict(counts) for key, counts in tally.items()}


def _folded_groups(round_) -> dict:
    """``{small group: the largest group}`` for the groups under the round's minimum."""
    sizes = dict(Ballot.objects.filter(round=round_, cast=True).order_by().values_list("kind").annotate(n=Count("pk")))
    if not sizes:
        return {}
    largest = max(sizes, key=lambda kind: (sizes[kind], kind))
    return {kind: largest for kind, n in sizes.items() if n < round_.min_tally_group and kind != largest}


@dataclass(frozen=True)
class Validity:
    """Whether a round's vote stands: more than ``quorum`` of those due took part, and no more ballots were
    counted than voters marked as having voted (more would void the round)."""

    due: int
    voted: int
    counted: int
    quorum: object

    @property
    def quorate(self) -> bool:
        return self.due > 0 and self.voted > self.quorum * self.due

    @property
    def void(self) -> bool:
        return self.counted > self.voted

    @property
    def valid(self) -> bool:
        return self.quorate and not self.void

    @property
    def message(self) -> str:
        if self.void:
            return f"计票 {self.counted} 张,多于投票人数 {self.voted} 人,本轮投票无效。"
        if not self.quorate:
            return f"应参加 {self.due} 人,实际投票 {self.voted} 人,未超过 {self.quorum:.0%},本轮投票无效。"
        return f"应参加 {self.due} 人,实际投票 {self.voted} 人,有效。"


def round_validity(round_) -> Validity:
    voters = Voter.objects.filter(round=round_).aggregate(due=Count("pk"), voted=Count("pk", filter=Q(has_voted=True)))
    counted = Ballot.objects.filter(round=round_, cast=True).count()
    return Validity(due=voters["due"], voted=voters["voted"], counted=counted, quorum=round_.quorum)
