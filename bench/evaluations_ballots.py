"""Benchmark cases of the anonymous ballots (无记名投票): the voter's pages and casting a ballot.

Casting is timed on a round of 30 subjects made for the purpose inside a transaction that is rolled back:
issue the ballots, then 30 voters cast one after another (each a conditional UPDATE of the voter, a random
empty slot taken by a conditional UPDATE, one UPDATE of its marks, the audit event). Budget (issue 16):
median ≤ 30 ms; the queries of a cast do not depend on the number of subjects or voters.
The load test of the embedded server is ``bench/ballot_load.py`` (``make bench-ballots``).
"""

import datetime
import statistics
import time

PAGE = {"median_ms": 100, "queries": 15}
CAST_BUDGET_S = 0.03
SUBJECTS = 30

CHOICES = [
    {"code": "excellent", "label": "优秀", "points": 100},
    {"code": "qualified", "label": "合格", "points": 80},
    {"code": "basic", "label": "基本合格", "points": 60},
    {"code": "unqualified", "label": "不合格", "points": 0},
]


def bench_round(people, *, actor, org, code="bench-appraisal", hours_left=48, subjects=SUBJECTS):
    """A 民主评议-like round over ``people`` (persons): the first ``subjects`` are its subjects, all of them vote;
    rows written directly, ballots issued by the service. Returns the round."""
    from django.utils import timezone

    from vanguard.evaluations.choices import EvaluatorKind, Method, RoundStatus, SubjectKind
    from vanguard.evaluations.models import (
        Criterion,
        EvaluationRound,
        EvaluationScheme,
        EvaluatorGroup,
        RoundEvaluator,
        RoundSubject,
    )
    from vanguard.evaluations.services.ballots import ballots_issue

    scheme = EvaluationScheme.objects.filter(code=code).first() or EvaluationScheme.objects.create(
        code=code, name="基准民主评议", subject_kind=SubjectKind.MEMBER, ballot_choices=CHOICES
    )
    if not scheme.criteria.exists():
        Criterion.objects.create(scheme=scheme, code="vote", name="民主测评", weight=100, method=Method.BALLOT)
        EvaluatorGroup.objects.create(scheme=scheme, kind=EvaluatorKind.MASSES, weight=100)
    now = timezone.now()
    round_ = EvaluationRound.objects.create(
        scheme=scheme, name=f"{org.name} 基准评议", org=org, period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 12, 31), status=RoundStatus.VOTING, created_by=actor,
        voting_opens=now - datetime.timedelta(hours=1), voting_closes=now + datetime.timedelta(hours=hours_left),
    )  # fmt: skip
    RoundSubject.objects.bulk_create([RoundSubject(round=round_, person=p) for p in people[:subjects]])
    RoundEvaluator.objects.bulk_create(
        [RoundEvaluator(round=round_, person=p, kind=EvaluatorKind.MASSES, votes=True) for p in people]
    )
    ballots_issue(actor=actor, round_=round_)
    return round_


def voter_logins(people, prefix="bench-voter"):
    """A login for each person who has none (made in bulk), in the order of ``people``."""
    from vanguard.org.models import Person, User

    missing = [p for p in people if p.user_id is None]
    users = User.objects.bulk_create([User(username=f"{prefix}-{p.pk}", password="!") for p in missing])
    for person, user in zip(missing, users, strict=True):
        person.user = user
    Person.objects.bulk_update(missing, ["user"], batch_size=2000)
    return [p.user for p in people]


def _branch_people(min_people=SUBJECTS):
    """A branch of the demo and the members in it (its party groups included), at least ``min_people``."""
    from vanguard.org.choices import PartyOrgKind
    from vanguard.org.models import PartyMembership, PartyOrg, Person

    for branch in PartyOrg.objects.filter(kind=PartyOrgKind.BRANCH).order_by("pk")[:50]:
        ids = PartyMembership.objects.filter(party_org__path__startswith=branch.path).values_list(
            "person_id", flat=True
        )
        people = list(Person.objects.filter(pk__in=list(ids)).select_related("user").order_by("pk"))
        if len(people) >= min_people:
            return branch, people
    return None, []


def job_cast(h, voters=SUBJECTS):
    """投票 on a round of 30 subjects: the median and the largest cast, and the queries of each."""
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from vanguard.evaluations.services.ballots import ballot_cast

    times, counts = [], []
    with transaction.atomic():
        branch, people = _branch_people()
        if branch is None:
            return {"seconds": 0.0, "skipped": "no branch with 30 members"}
        round_ = bench_round(people, actor=h.users["dangwei"], org=branch)
        subjects = list(round_.subjects.values_list("pk", flat=True))
        for n, user in enumerate(voter_logins(people)[:voters]):
            marks = {s: CHOICES[(n + i) % 4]["code"] for i, s in enumerate(subjects)}
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                ballot_cast(actor=user, round_=round_, marks=marks)
                times.append(time.perf_counter() - started)
            counts.append(len(queries))
        transaction.set_rollback(True)
    return {
        "seconds": statistics.median(times),
        "median_ms": round(statistics.median(times) * 1000, 1),
        "max_ms": round(max(times) * 1000, 1),
        "subjects": len(subjects),
        "queries": sorted(set(counts)),
    }


def _open_ballot(h):
    """dangyuan's open ballot of the demo (this year's round of shuji's branch); 我的投票 when there is none."""
    from vanguard.evaluations.selectors.ballots import open_ballots

    round_id = open_ballots(h.users["dangyuan"].person.pk).values_list("pk", flat=True).first()
    return f"/evaluations/ballots/{round_id}/" if round_id else "/evaluations/ballots/"


def register(Case, Job):
    cases = [
        Case("my ballots", "/evaluations/ballots/", persona="dangyuan", budget=PAGE),
        Case("ballot form", _open_ballot, persona="dangyuan", budget=PAGE),
    ]
    return cases, [Job("ballot cast 30 subjects", job_cast, budget_s=CAST_BUDGET_S)]
