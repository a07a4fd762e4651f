"""Demo rows of the evaluations app, one builder per area (registered in ``apps.py`` in build order), each
building in bulk from whatever rounds the builders before it made."""

# ---- schemes
# ---- end schemes
# ---- ballots
import random  # noqa: E402
import uuid  # noqa: E402
from collections import defaultdict  # noqa: E402

from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from .choices import Method, RoundStatus  # noqa: E402
from .models import Ballot, BallotMark, Criterion, EvaluationRound, RoundEvaluator, RoundSubject, Voter  # noqa: E402
from .services.ballots import fold_groups  # noqa: E402

DEMO_TURNOUT = 0.85
BATCH = 5000


def build_ballots(size, stdout=None, today=None):
    """Voters and ballot slots of every round in voting that has none yet. Rounds whose window has passed get
    about 85 % of their voters' ballots cast (mostly 优秀/合格; one graded member of each gets a majority of
    不合格, so one result is 不合格); open rounds get empty slots (dangyuan has not voted). Deterministic per
    round; in bulk, no services and no audit per row."""
    now = timezone.now()
    rounds = list(
        EvaluationRound.objects.filter(status=RoundStatus.VOTING)
        .exclude(pk__in=Voter.objects.values("round_id"))
        .select_related("scheme")
        .order_by("pk")
    )
    if not rounds:
        return
    ids = [r.pk for r in rounds]
    evaluators, subjects = defaultdict(list), defaultdict(list)
    for round_id, person_id, kind in (
        RoundEvaluator.objects.filter(round_id__in=ids, votes=True).order_by("pk").values_list("round_id", "person_id", "kind")
    ):  # fmt: skip
        evaluators[round_id].append((person_id, kind))
    voters = {r.pk: fold_groups(evaluators[r.pk], r.min_tally_group) for r in rounds}
    for round_id, pk, graded in RoundSubject.objects.filter(round_id__in=ids).order_by("pk").values_list(
        "round_id", "pk", "graded"
    ):  # fmt: skip
        subjects[round_id].append((pk, graded))
    criteria = defaultdict(list)
    schemes = {r.scheme_id for r in rounds}
    for scheme_id, pk in Criterion.objects.filter(scheme_id__in=schemes, method=Method.BALLOT).order_by(
        "order", "pk"
    ).values_list("scheme_id", "pk"):  # fmt: skip
        criteria[scheme_id].append(pk)
    rows = {"voters": [], "ballots": [], "marks": []}
    for round_ in rounds:
        past = round_.voting_closes is not None and round_.voting_closes <= now
        _round_rows(round_, voters[round_.pk], subjects[round_.pk], criteria[round_.scheme_id] or [None], past, rows)
    with transaction.atomic():
        Voter.objects.bulk_create(rows["voters"], batch_size=BATCH)
        Ballot.objects.bulk_create(rows["ballots"], batch_size=BATCH)
        _insert_marks(rows["marks"])
    if stdout is not None:
        stdout.write(f"  选票:{len(rounds)} 轮,{len(rows['voters'])} 名投票人,{len(rows['ballots'])} 张选票")


def _insert_marks(rows):
    """The marks in plain batched INSERTs: tens of thousands of rows at large scale, no model per row."""
    table = connection.ops.quote_name(BallotMark._meta.db_table)
    sql = f"INSERT INTO {table} (ballot_id, subject_id, criterion_id, choice) VALUES (%s, %s, %s, %s)"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH):
            cursor.executemany(sql, rows[start : start + BATCH])


def _round_rows(round_, voters, subjects, criterion_ids, past, rows):
    rng = random.Random(f"ballots-{round_.pk}")
    codes = [c["code"] for c in round_.scheme.ballot_choices or []] or ["excellent"]
    best, good, fair, worst = (codes + [codes[-1]] * 4)[:4] if len(codes) < 4 else codes[:4]
    people = sorted(voters)
    voted = set(rng.sample(people, round(len(people) * DEMO_TURNOUT))) if past else set()
    graded = [pk for pk, is_graded in subjects if is_graded]
    weak = graded[-1] if past and graded else None  # the member most vote 不合格
    order = list(range(len(people)))
    rng.shuffle(order)  # slots written in random order, as the issuing service does
    for person_id in people:
        rows["voters"].append(Voter(round_id=round_.pk, person_id=person_id, kind=voters[person_id],
                                    has_voted=person_id in voted))  # fmt: skip
    cast_flags = [True] * len(voted) + [False] * (len(people) - len(voted))
    for index in order:
        ballot = Ballot(
            id=uuid.UUID(int=rng.getrandbits(128), version=4), round_id=round_.pk,
            code="".join(rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ23456789") for _ in range(10)),
            cast=cast_flags[index], kind=voters[people[index]],
        )  # fmt: skip
        rows["ballots"].append(ballot)
        ballot_id = Ballot._meta.pk.get_db_prep_value(ballot.id, connection)
        for subject_id, _graded in subjects:
            if not ballot.cast:
                choice = ""
            elif subject_id == weak:
                choice = worst if rng.random() < 0.7 else fair
            else:
                choice = rng.choices((best, good, fair), weights=(45, 50, 5))[0]
            for criterion_id in criterion_ids:
                rows["marks"].append((ballot_id, subject_id, criterion_id, choice))


# ---- end ballots
# ---- results
# ---- end results
# ---- support
# ---- end support
