"""Reads of the anonymous ballots: the tally the results are computed from and the round's validity. Only
counts leave this module; no caller ever sees a ballot row."""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone

from ..choices import ROUND_FLOW, RoundStatus
from ..models import Ballot, BallotMark, EvaluationRound, Voter


def ballot_tally(round_, *, by_group=False) -> dict:
    """``{(subject_id, criterion_id or None): {choice: count}}`` over the cast ballots of ``round_``.

    ``by_group``: keyed ``(subject_id, criterion_id, kind)`` instead, each evaluator group apart; a group with
    fewer cast ballots than ``round_.min_tally_group`` is folded into the largest group, so no group's tally is
    small enough to reveal one voter's choice."""
    # Slots are made with empty marks; only a cast ballot's filled marks count.
    marks = BallotMark.objects.filter(ballot__round=round_, ballot__cast=True).exclude(choice="").order_by()
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


# ---------------------------------------------------------------- turnout, receipts, the voter's rounds


def voting_closed(round_, now=None) -> bool:
    """Whether the round's window has closed: past ``voting_closes``, or the round has moved beyond voting."""
    if ROUND_FLOW.index(round_.status) > ROUND_FLOW.index(RoundStatus.VOTING):
        return True
    now = now or timezone.now()
    return round_.status == RoundStatus.VOTING and round_.voting_closes is not None and now >= round_.voting_closes


def voting_open(round_, now=None) -> bool:
    now = now or timezone.now()
    return (
        round_.status == RoundStatus.VOTING
        and (round_.voting_opens is None or round_.voting_opens <= now)
        and (round_.voting_closes is None or now < round_.voting_closes)
    )


@dataclass(frozen=True)
class Turnout:
    due: int
    voted: int

    @property
    def percent(self) -> float:
        return round(self.voted * 100 / self.due, 1) if self.due else 0.0


def turnout(round_) -> Turnout:
    """Due and voted in one query: counts only, never who (``voted_names`` after the round closes)."""
    figures = Voter.objects.filter(round=round_).aggregate(due=Count("pk"), voted=Count("pk", filter=Q(has_voted=True)))
    return Turnout(due=figures["due"], voted=figures["voted"])


def voted_names(round_, limit=None) -> list:
    """Who voted, by name in roster order (never in the order they voted); only once the round has closed."""
    if not voting_closed(round_):
        return []
    rows = (
        Voter.objects.filter(round=round_, has_voted=True)
        .order_by("person__name", "person_id")
        .values_list("person__name", flat=True)
    )
    return list(rows[:limit] if limit else rows)


def counted_codes(round_, search=""):
    """The codes of the counted ballots, in the order of the codes themselves (random); only once the round has
    closed. Nothing else of a ballot leaves this function."""
    if not voting_closed(round_):
        return Ballot.objects.none().values_list("code", flat=True)
    codes = Ballot.objects.filter(round=round_, cast=True).order_by("code").values_list("code", flat=True)
    search = "".join(ch for ch in (search or "").upper() if ch.isalnum())
    return codes.filter(code__startswith=search) if search else codes


def my_ballots(person_id):
    """The voter rows of ``person_id`` with their rounds, the open ones first, then by closing time."""
    return (
        Voter.objects.filter(person_id=person_id)
        .select_related("round")
        .order_by("has_voted", "-round__voting_closes", "-round_id")
    )


def open_ballots(person_id, now=None):
    """Rounds in which ``person_id`` is due to vote now and has not voted."""
    now = now or timezone.now()
    return EvaluationRound.objects.filter(
        voters__person_id=person_id, voters__has_voted=False, status=RoundStatus.VOTING
    ).filter(
        Q(voting_opens__isnull=True) | Q(voting_opens__lte=now),
        Q(voting_closes__isnull=True) | Q(voting_closes__gt=now),
    )
