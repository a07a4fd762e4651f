"""Writes of the anonymous ballots (无记名投票): issuing the voters and the ballot slots when a round enters
voting, casting a ballot, and sealing the round's ballots when it leaves voting.

How the stored rows stay unlinkable to the voters:

- A slot is made for every voter at once when voting starts, in random order (``secrets``), with a random id
  and a random code, and with its marks already made (empty). A vote fills a random empty slot of the voter's
  group by UPDATE: on SQLite the rows stay where they were, so the rowid order of ballots and marks is the
  random order of issue, whatever the order of the votes.
- On PostgreSQL an UPDATE writes a new row version at the heap's end, stamped with the transaction
  (``ctid``, ``xmin``) that also marked the voter: while the round votes, the physical rows follow the cast
  order. ``ballots_seal`` (when the round leaves voting) deletes the round's ballots and marks and writes them
  again in a fresh random order in one transaction, so after it every row has the same ``xmin`` and a random
  ``ctid``. A database administrator watching the server while the vote runs can still link; nothing stored
  after the round closes does.
- The audit trail says that a person voted in a round (the ``Voter``), never which slot or what it said;
  request logs carry the path and status, never the body.
"""

import secrets
import uuid
from collections import Counter
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Count, Q
from django.utils import timezone

from vanguard.core.audit import audit
from vanguard.core.events import subscribe
from vanguard.core.exceptions import ScopeError
from vanguard.org.models import User

from .. import events
from ..choices import EvaluatorKind, Method, RoundStatus
from ..models import Ballot, BallotMark, Criterion, EvaluationRound, RoundEvaluator, RoundSubject, Voter

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud and typed on a phone
CODE_LENGTH = 10  # 32**10 ≈ 10**15: a code cannot be guessed
BATCH = 2000
_random = secrets.SystemRandom()
SQLITE_VOTE_WAIT_MS = 30_000
# The states in which a round has voters and ballots to show (issued on entering voting).
BALLOT_STATUSES = frozenset({RoundStatus.VOTING, RoundStatus.COMPUTED, RoundStatus.PUBLISHED})

# A voter in several groups (a superior who is also one of the masses) votes once, in the first of these.
KIND_ORDER = [kind.value for kind in EvaluatorKind]


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def ballot_criteria(round_) -> list:
    """The ballot criteria of the round's scheme (leaves scored by ballot); empty: one vote per subject."""
    return list(Criterion.objects.filter(scheme_id=round_.scheme_id, method=Method.BALLOT).order_by("order", "pk"))


def mark_keys(round_, subject_ids=None, criteria=None) -> list[tuple]:
    """``(subject_id, criterion_id or None)`` of every mark a ballot of the round carries."""
    if subject_ids is None:
        subject_ids = list(RoundSubject.objects.filter(round=round_).order_by("pk").values_list("pk", flat=True))
    criteria = ballot_criteria(round_) if criteria is None else criteria
    criterion_ids = [c.pk for c in criteria] or [None]
    return [(subject_id, criterion_id) for subject_id in subject_ids for criterion_id in criterion_ids]


# ---------------------------------------------------------------- issuing (发放选票)


def voter_groups(round_) -> dict:
    """``{person_id: group}`` of the round's voters; a group with fewer voters than ``min_tally_group`` is
    issued under the largest group, so no stored ballot carries a group small enough to name its voter."""
    rows = RoundEvaluator.objects.filter(round=round_, votes=True).order_by().values_list("person_id", "kind")
    return fold_groups(rows, round_.min_tally_group)


def fold_groups(rows, min_group) -> dict:
    """``{person_id: group}`` from ``(person_id, kind)`` evaluator rows, small groups folded (``voter_groups``)."""
    own = {}
    for person_id, kind in rows:
        if person_id not in own or KIND_ORDER.index(kind) < KIND_ORDER.index(own[person_id]):
            own[person_id] = kind
    sizes = Counter(own.values())
    if not sizes:
        return {}
    largest = max(sizes, key=lambda kind: (sizes[kind], -KIND_ORDER.index(kind)))
    fold = {kind: largest for kind, n in sizes.items() if n < min_group}
    return {person_id: fold.get(kind, kind) for person_id, kind in own.items()}


@transaction.atomic
def ballots_issue(*, actor: User | None, round_: EvaluationRound) -> dict:
    """One ``Voter`` per person with ``votes`` among the round's evaluators, and for each group as many empty
    slots (with their marks) as it has voters, made at once in random order. Idempotent: what exists stays,
    only what is missing is made (a second run changes nothing). Returns the numbers made."""
    groups = voter_groups(round_)
    existing = set(Voter.objects.filter(round=round_).values_list("person_id", flat=True))
    new_voters = [
        Voter(round=round_, person_id=person_id, kind=kind)
        for person_id, kind in sorted(groups.items())
        if person_id not in existing
    ]
    Voter.objects.bulk_create(new_voters, batch_size=BATCH)
    due = Counter(Voter.objects.filter(round=round_).values_list("kind", flat=True))
    have = Counter(Ballot.objects.filter(round=round_).values_list("kind", flat=True))
    kinds = [kind for kind, n in due.items() for _ in range(n - have.get(kind, 0))]
    made = issue_slots(round_, kinds, keys=mark_keys(round_))
    if new_voters or made:
        audit(
            actor=actor, action=events.BALLOTS_ISSUE, obj=round_,
            after={"voters": len(new_voters), "ballots": made, "due": sum(due.values())},
        )  # fmt: skip
    return {"voters": len(new_voters), "ballots": made}


def issue_slots(round_, kinds: list, *, keys: list) -> int:
    """Empty slots of the given groups, with one empty mark per key, written in random order."""
    kinds = list(kinds)
    _random.shuffle(kinds)
    slots = [Ballot(id=uuid.uuid4(), round=round_, code=new_code(), kind=kind) for kind in kinds]
    Ballot.objects.bulk_create(slots, batch_size=BATCH)
    marks = [
        BallotMark(ballot_id=slot.pk, subject_id=subject_id, criterion_id=criterion_id, choice="")
        for slot in slots
        for subject_id, criterion_id in keys
    ]
    BallotMark.objects.bulk_create(marks, batch_size=BATCH)
    return len(slots)


def _on_transition(change):
    round_ = change.round
    if round_.status == RoundStatus.VOTING and change.before != RoundStatus.VOTING:
        ballots_issue(actor=change.actor, round_=round_)
    elif change.before == RoundStatus.VOTING and round_.status != RoundStatus.VOTING:
        ballots_seal(actor=change.actor, round_=round_)


# A round leaves voting by its lifecycle (``round_transition``), by being computed, or comes back to it by being
# reopened: each is a change of state with the same payload, and issuing is idempotent.
for _event in (events.ROUND_TRANSITION, events.ROUND_COMPUTE, events.ROUND_REOPEN):
    subscribe(_event, _on_transition)


# ---------------------------------------------------------------- casting (投票)


def voting_refusal(round_, now=None) -> str:
    """Why the round takes no ballot now (empty: it does)."""
    now = now or timezone.now()
    if round_.status != RoundStatus.VOTING:
        return f"本轮{round_.get_status_display()},不在投票阶段。"
    if round_.voting_opens and now < round_.voting_opens:
        opens = timezone.localtime(round_.voting_opens)
        return f"投票尚未开始,{opens:%Y年%m月%d日 %H:%M} 开始。"
    if round_.voting_closes and now >= round_.voting_closes:
        closes = timezone.localtime(round_.voting_closes)
        return f"投票已于 {closes:%Y年%m月%d日 %H:%M} 截止。"
    return ""


def _normalise(round_, marks: dict, criteria: list, subjects: dict) -> dict:
    """``{(subject_id, criterion_id): choice}`` for every mark of the ballot, or a Chinese refusal.

    Marks come as ``{subject_id: choice}`` (a scheme with one ballot criterion, or none) or
    ``{(subject_id, criterion_id): choice}``. No subject may be left blank: a scheme that allows abstaining
    offers it as a choice of its own (``{"code": "abstain", "label": "弃权"}``)."""
    choices = {c["code"] for c in round_.scheme.ballot_choices or []}
    criterion_ids = [c.pk for c in criteria] or [None]
    wanted = {(s, c) for s in subjects for c in criterion_ids}
    given = {}
    for key, choice in (marks or {}).items():
        if isinstance(key, (tuple, list)):
            subject_id, criterion_id = _int(key[0]), (_int(key[1]) if len(key) > 1 and key[1] is not None else None)
        elif len(criterion_ids) == 1:
            subject_id, criterion_id = _int(key), criterion_ids[0]
        else:
            raise ValidationError("本方案有多项投票指标,请逐项选择。")
        if (subject_id, criterion_id) not in wanted:
            raise ValidationError("选票上有不属于本轮的考评对象或指标,请刷新后重新填写。")
        if choice not in choices:
            raise ValidationError(f"对 {subjects[subject_id]} 的选择无效,请在给出的选项中选择。")
        given[(subject_id, criterion_id)] = choice
    blank = [subjects[s] for s in dict.fromkeys(s for s, c in sorted(wanted) if (s, c) not in given)]
    if blank:
        names = "、".join(blank[:5]) + (f" 等 {len(blank)} 人" if len(blank) > 5 else "")
        raise ValidationError(f"请对每一位考评对象作出选择,尚未选择:{names}。")
    return given


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ValidationError("选票格式不正确,请刷新后重新填写。") from None


def cast_refusal(*, actor: User, round_: EvaluationRound):
    """The voter row of ``actor`` in the round, or the refusal (ScopeError: not a voter; ValidationError:
    outside the window or voted already)."""
    why = voting_refusal(round_)
    voter = Voter.objects.filter(round=round_, person__user=actor).first() if actor.is_authenticated else None
    if voter is None:
        raise ScopeError("您不在本轮的投票人名单中,不能投票。")
    if why:
        raise ValidationError(why)
    if voter.has_voted:
        raise ValidationError("您已经投过票了,每人只能投一次。")
    return voter


def ballot_cast(*, actor: User, round_: EvaluationRound, marks: dict) -> str:
    """Cast ``actor``'s ballot in ``round_``: mark the voter as having voted and fill one random empty slot of
    the voter's group, in one transaction. Returns the slot's code (计票码), shown once and stored against
    nobody. A second vote fails on the database: the voter is marked by a conditional UPDATE whose row count
    says whether this request was first.

    On SQLite (the embedded default) one writer at a time holds the database, taken at the transaction's
    BEGIN (``transaction_mode`` IMMEDIATE): under a burst of votes a vote waits there up to
    ``SQLITE_VOTE_WAIT_MS`` (instead of the connection's 5 s) rather than being answered with an error."""
    if connection.vendor == "sqlite" and not connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA busy_timeout = {SQLITE_VOTE_WAIT_MS}")
    return _cast(actor=actor, round_=round_, marks=marks)


@transaction.atomic
def _cast(*, actor: User, round_: EvaluationRound, marks: dict) -> str:
    voter = cast_refusal(actor=actor, round_=round_)
    criteria = ballot_criteria(round_)
    names = RoundSubject.objects.filter(round=round_).values_list("pk", "person__name", "party_org__name", "unit__name")
    subjects = {pk: person or org or unit for pk, person, org, unit in names}
    given = _normalise(round_, marks, criteria, subjects)
    if not Voter.objects.filter(pk=voter.pk, has_voted=False).update(has_voted=True):
        raise ValidationError("您已经投过票了,每人只能投一次。")
    slot = _take_slot(round_, voter.kind)
    filled = _fill_marks(slot, given)
    if filled != len(given):
        raise ValidationError("选票与本轮考评对象不一致,请联系组织者。")
    # Who voted, in which round: no slot, no code, no content.
    audit(
        actor=actor, action=events.BALLOT_CAST, obj=(Voter._meta.label_lower, voter.pk, round_.name),
        before={"has_voted": False}, after={"has_voted": True},
    )  # fmt: skip
    return slot.code


def _fill_marks(slot, given: dict) -> int:
    """One UPDATE writes every mark of the slot (its rows stay where issuing put them); the number written.
    Plain SQL: the ORM's ``Case``/``When`` of 30 subjects costs more to build than the statement to run."""
    table, quote = BallotMark._meta.db_table, connection.ops.quote_name
    whens, params = [], []
    for (subject_id, criterion_id), choice in given.items():
        whens.append("WHEN subject_id = %s AND COALESCE(criterion_id, 0) = %s THEN %s")
        params += [subject_id, criterion_id or 0, choice]
    ballot_id = Ballot._meta.pk.get_db_prep_value(slot.pk, connection)
    sql = f"UPDATE {quote(table)} SET choice = CASE {' '.join(whens)} ELSE '' END WHERE ballot_id = %s"
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, ballot_id])
        return cursor.rowcount


def _take_slot(round_, kind) -> Ballot:
    """A random empty slot of ``kind``: the first at or after a random id (ids are random, so is the slot), and
    taken by a conditional UPDATE; a slot another voter took in the meantime is passed over."""
    empty = Ballot.objects.filter(round=round_, kind=kind, cast=False).order_by("id")
    for _attempt in range(20):
        start = uuid.uuid4()
        slot = empty.filter(id__gte=start).only("id", "code").first() or empty.only("id", "code").first()
        if slot is None:
            break
        if Ballot.objects.filter(pk=slot.pk, cast=False).update(cast=True):
            return slot
    raise ValidationError("本轮没有可用的空白选票,请联系组织者核对投票人名单。")


# ---------------------------------------------------------------- sealing (封存)


@transaction.atomic
def ballots_seal(*, actor: User | None, round_: EvaluationRound) -> int:
    """Write the round's ballots and marks again, in a fresh random order, in one transaction: on PostgreSQL
    the rows a vote rewrote no longer sit in cast order nor carry the voting transaction. Counts, codes and
    contents are unchanged. Returns the number of ballots."""
    ballots = list(Ballot.objects.filter(round=round_).order_by())
    marks = list(BallotMark.objects.filter(ballot__round=round_).order_by().values_list(
        "ballot_id", "subject_id", "criterion_id", "choice"))  # fmt: skip
    before = _seal_figures(round_)
    BallotMark.objects.filter(ballot__round=round_).delete()
    Ballot.objects.filter(round=round_).delete()
    _random.shuffle(ballots)
    _random.shuffle(marks)
    Ballot.objects.bulk_create(
        [Ballot(id=b.id, round_id=b.round_id, code=b.code, cast=b.cast, kind=b.kind) for b in ballots],
        batch_size=BATCH,
    )
    BallotMark.objects.bulk_create(
        [BallotMark(ballot_id=b, subject_id=s, criterion_id=c, choice=choice) for b, s, c, choice in marks],
        batch_size=BATCH,
    )
    if _seal_figures(round_) != before:  # a seal must not change a single count
        raise ValidationError("封存选票时计数不一致,已撤销。")
    audit(actor=actor, action=events.BALLOTS_SEAL, obj=round_, after={"ballots": len(ballots)})
    return len(ballots)


def _seal_figures(round_):
    cast = Ballot.objects.filter(round=round_).aggregate(n=Count("pk"), cast=Count("pk", filter=Q(cast=True)))
    return cast, BallotMark.objects.filter(ballot__round=round_).exclude(choice="").count()


def turnout_share(due: int, voted: int) -> Decimal:
    return (Decimal(voted) / due * 100).quantize(Decimal("0.1")) if due else Decimal(0)
