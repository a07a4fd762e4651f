"""Demo data of the evaluations app, built in bulk (no per-row services), one builder per area registered in
its ``_ready_<area>`` (registration order is build order: schemes, ballots, sources, results, support). Each
builds from whatever rounds exist, by status, so they compose."""

# ---- schemes
# The seeded schemes' demo rounds: for every branch (at most ``LARGE_BRANCHES`` at the large scale, shuji's
# among them) last year's 民主评议党员 with its voting window past, still 投票中 (the ballots area casts its votes,
# the results area computes and publishes it); for shuji's branch this year's, open for voting now; and the
# committee's 四佳基层支部 over every branch, 评分中. Deterministic for a size and a day.

import datetime
import time
from collections import defaultdict

from django.db import transaction
from django.utils import timezone

from vanguard.core.access import system_actor
from vanguard.org.choices import MembershipStatus, PartyOrgKind
from vanguard.org.models import PartyMembership, PartyOrg

from .choices import EvaluatorKind, RoundStatus
from .models import EvaluationRound, EvaluationScheme, RoundEvaluator, RoundSubject

APPRAISAL, FOUR_BEST = "democratic-appraisal", "four-best-branch"
LARGE_BRANCHES = 40
BATCH = 5000


def _at(day, hour):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _shuji_branch():
    from vanguard.org.models import RoleAssignment

    assignment = RoleAssignment.objects.filter(user__username="shuji", party_org__isnull=False).first()
    return assignment.party_org_id if assignment else None


class SchemesDemo:
    def __init__(self, size, stdout=None, today=None):
        self.size, self.stdout = size, stdout
        self.today = today or timezone.localdate()
        self.actor = system_actor()

    def log(self, text):
        if self.stdout:
            self.stdout.write(f"  evaluations: {text}")

    def build(self):
        from .services.schemes import scheme_defaults_ensure

        scheme_defaults_ensure()
        schemes = {s.code: s for s in EvaluationScheme.objects.filter(code__in=[APPRAISAL, FOUR_BEST])}
        if len(schemes) < 2 or EvaluationRound.objects.filter(scheme__in=schemes.values()).exists():
            return
        started = time.perf_counter()
        branches = list(PartyOrg.objects.filter(kind=PartyOrgKind.BRANCH).order_by("path"))
        if not branches:
            return
        shuji = _shuji_branch()
        if self.size == "large":
            chosen = [b for b in branches if b.pk == shuji] + [b for b in branches if b.pk != shuji]
            chosen = sorted(chosen[:LARGE_BRANCHES], key=lambda b: b.path)
        else:
            chosen = branches
        members = self.members(chosen)
        appraisal = schemes[APPRAISAL]
        last_year, year = self.today.year - 1, self.today.year
        past_opens = self.today - datetime.timedelta(days=150)
        rounds = [
            self.round(appraisal, b, last_year, RoundStatus.VOTING, _at(past_opens, 8),
                       _at(past_opens + datetime.timedelta(days=7), 18))
            for b in chosen
        ]  # fmt: skip
        current = next((b for b in chosen if b.pk == shuji), None)
        if current is not None:
            rounds.append(
                self.round(appraisal, current, year, RoundStatus.VOTING,
                           _at(self.today - datetime.timedelta(days=1), 8),
                           _at(self.today + datetime.timedelta(days=14), 18))
            )  # fmt: skip
        committee = PartyOrg.objects.filter(kind=PartyOrgKind.COMMITTEE, depth=1).order_by("path").first()
        four_best = None
        if committee is not None:
            four_best = self.round(schemes[FOUR_BEST], committee, year, RoundStatus.SCORING, None, None, half=True)
            rounds.append(four_best)
        EvaluationRound.objects.bulk_create(rounds)
        subjects, evaluators = self.appraisal_people(rounds, members, appraisal)
        if four_best is not None:
            s, e = self.four_best_people(four_best, branches)
            subjects += s
            evaluators += e
        self.log(f"{len(rounds)} rounds, {len(subjects)} subjects, {len(evaluators)} evaluators "
                 f"in {time.perf_counter() - started:.1f} s")  # fmt: skip

    def round(self, scheme, org, year, status, opens, closes, half=False):
        end = datetime.date(year, 6, 30) if half else datetime.date(year, 12, 31)
        name = f"{org} {year} 年{'上半年' if half else ''}{scheme.name}"
        return EvaluationRound(
            scheme=scheme, org=org, name=name[:100], period_start=datetime.date(year, 1, 1), period_end=end,
            status=status, voting_opens=opens, voting_closes=closes, created_by=self.actor,
        )  # fmt: skip

    def members(self, branches):
        """``{branch pk: [(person pk, status)]}`` for the chosen branches, in one query."""
        by_path = {b.path: b.pk for b in branches}
        lengths = sorted({len(b.path) for b in branches})  # branches sit at more than one depth
        found = defaultdict(list)
        rows = PartyMembership.objects.filter(person__is_active=True, party_org__kind__in=(
            PartyOrgKind.BRANCH, PartyOrgKind.GROUP)).values_list("party_org__path", "person_id", "status")  # fmt: skip
        for path, person, status in rows.order_by("person_id").iterator(chunk_size=BATCH):
            branch = next((by_path[path[:n]] for n in lengths if path[:n] in by_path), None)
            if branch is not None:
                found[branch].append((person, status))
        return found

    def appraisal_people(self, rounds, members, scheme):
        subjects, evaluators = [], []
        for round_ in rounds:
            if round_.scheme_id != scheme.pk:
                continue
            for person, status in members.get(round_.org_id, ()):
                graded = scheme.grade_probationary or status != MembershipStatus.PROBATIONARY
                subjects.append(RoundSubject(round=round_, person_id=person, graded=graded))
                evaluators.append(RoundEvaluator(round=round_, person_id=person, kind=EvaluatorKind.MASSES,
                                                 votes=True))  # fmt: skip
        RoundSubject.objects.bulk_create(subjects, batch_size=BATCH)
        RoundEvaluator.objects.bulk_create(evaluators, batch_size=BATCH)
        return subjects, evaluators

    def four_best_people(self, round_, branches):
        """Every branch a subject; the committee and the office rate as superiors, the secretaries as peers."""
        from .services.rounds import evaluator_rows

        subjects = [RoundSubject(round=round_, party_org_id=b.pk) for b in branches]
        RoundSubject.objects.bulk_create(subjects, batch_size=BATCH)
        evaluators = evaluator_rows(round_.scheme, round_.org, subjects)
        for evaluator in evaluators:
            evaluator.round = round_
        RoundEvaluator.objects.bulk_create(evaluators, batch_size=BATCH)
        return subjects, evaluators


@transaction.atomic
def build_schemes_demo(size, stdout=None, today=None):
    demo = SchemesDemo(size, stdout=stdout, today=today)
    demo.build()
    return demo


# ---- end schemes
# ---- ballots
import random  # noqa: E402
import uuid  # noqa: E402

from django.db import connection, transaction  # noqa: E402

from .choices import Method  # noqa: E402
from .models import Ballot, BallotMark, Criterion, Voter  # noqa: E402
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


def build_demo_results(size, stdout=None, today=None):
    """Ratings for the rounds now scoring (every rating seat, every subject it rates, on each rating criterion),
    and the past voting rounds computed and published (those whose vote stands; the others stay in voting)."""
    import time

    from django.db import transaction
    from django.utils import timezone

    from .choices import Method, RoundStatus
    from .models import EvaluationRound
    from .selectors.ballots import round_validity
    from .services import compute
    from .services.results import branch_stars_write

    started = time.monotonic()
    with transaction.atomic():
        ratings = _demo_ratings()
        now = timezone.now()
        published = 0
        past = EvaluationRound.objects.filter(status=RoundStatus.VOTING, voting_closes__lt=now).select_related("scheme")
        for round_ in past.order_by("pk"):
            has_ballots = round_.scheme.criteria.filter(method=Method.BALLOT).exists()
            if has_ballots and not round_validity(round_).valid:
                continue
            rows, _taken = compute.compute_rows(round_)
            compute.write_rows(round_, rows)
            round_.status, round_.computed_at, round_.published_at = RoundStatus.PUBLISHED, now, now
            round_.save(update_fields=["status", "computed_at", "published_at", "updated_at"])
            branch_stars_write(round_)
            published += 1
    if stdout is not None:
        stdout.write(f"  考评结果:评分 {ratings} 条,公布 {published} 个轮次,{time.monotonic() - started:.1f} 秒")


# Raters per group and round who have finished in a round now scoring; the others' tasks stay open (a
# committee round over 400 branches rated by every branch committee would be a million ratings).
RATED_SEATS = 3


def _demo_ratings() -> int:
    """A deterministic rating from the first ``RATED_SEATS`` seats of each group for each subject they rate in
    the rounds now scoring: 70–99 % of the scale, varied by the evaluator and the subject."""
    from decimal import Decimal

    from .choices import Method, RoundStatus
    from .models import Criterion, Rating, RoundEvaluator, RoundSubject

    seats, taken = [], {}
    rating = RoundEvaluator.objects.filter(rates=True, round__status=RoundStatus.SCORING).select_related("round")
    for seat in rating.order_by("round_id", "kind", "pk"):
        taken[(seat.round_id, seat.kind)] = taken.get((seat.round_id, seat.kind), 0) + 1
        if taken[(seat.round_id, seat.kind)] <= RATED_SEATS:
            seats.append(seat)
    if not seats:
        return 0
    round_ids = {s.round_id for s in seats}
    criteria = {}
    for c in Criterion.objects.filter(scheme__rounds__in=round_ids, method=Method.RATING).distinct():
        criteria.setdefault(c.scheme_id, []).append(c)
    subjects = {}
    for subject_id, round_id in RoundSubject.objects.filter(round_id__in=round_ids).values_list("pk", "round_id"):
        subjects.setdefault(round_id, []).append(subject_id)
    existing = set(
        Rating.objects.filter(round_id__in=round_ids).values_list("evaluator_id", "subject_id", "criterion_id")
    )
    rows = []
    for seat in seats:
        rated = [seat.subject_id] if seat.subject_id else subjects.get(seat.round_id, [])
        for subject_id in rated:
            for c in criteria.get(seat.round.scheme_id, ()):
                if (seat.pk, subject_id, c.pk) in existing:
                    continue
                share = Decimal(70 + (seat.person_id * 7 + subject_id * 13 + c.pk) % 30) / 100
                rows.append(
                    Rating(round_id=seat.round_id, criterion=c, subject_id=subject_id, evaluator=seat,
                           score=(share * c.scale_max).quantize(Decimal("0.1")))
                )  # fmt: skip
    Rating.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


# ---- end results
# ---- support

from django.db import transaction  # noqa: E402
from django.db.models import Q  # noqa: E402

from .choices import Grade, SupportOrigin, SupportStatus  # noqa: E402
from .situations import situations_ensure  # noqa: E402

SUPPORT_MEASURES = (
    ("每月参加主题党日和党小组会,并在会上交流思想", 90),
    ("结对学习党章党规,每季度写一篇学习体会", 180),
    ("在本岗位承担一项攻坚任务,由帮促小组组长跟踪", 120),
)
SUPPORT_REVIEW = "参加了本月主题党日,能主动交流;岗位任务按时完成,仍需巩固。"


def _branch_people(orgs):
    """``{org pk: [person pk …]}``: the active members of each org and the groups under it, in one query."""
    found = {org.pk: [] for org in orgs}
    if not orgs:
        return found
    under = Q()
    for org in orgs:
        under |= Q(party_org__path__startswith=org.path)
    rows = (
        PartyMembership.objects.filter(under, person__is_active=True)
        .order_by("person__employee_no")
        .values_list("party_org__path", "person_id")
    )
    for path, person_id in rows:
        for org in orgs:
            if path.startswith(org.path):
                found[org.pk].append(person_id)
    return found


@transaction.atomic
def build_support_demo(size, stdout=None, today=None):
    """A plan for each graded member of a published round whose result is 不合格 (the reverse situation of
    not taking part in organisational life recorded with the result), with a support group of two, three
    measures and one follow-up review; plans that publishing opened without a group get the same."""
    from .models import SupportPlan

    situations_ensure()
    today = today or timezone.localdate()
    plans = _new_plans(today)
    bare = (
        SupportPlan.objects.filter(round__status="published", status=SupportStatus.OPEN, helpers__isnull=True)
        .filter(reviews__isnull=True)
        .exclude(pk__in=[p.pk for p in plans])
        .select_related("org")
    )
    plans += list(bare)
    _fill(plans, today)
    if stdout is not None:
        stdout.write(f"  帮促计划 {len(plans)} 份")
    return plans


def _new_plans(today):
    from .models import ResultGround, ReverseSituation, RoundResult, SupportPlan

    results = list(
        RoundResult.objects.filter(
            round__status="published", grade__code=Grade.UNQUALIFIED, subject__graded=True,
            subject__person__isnull=False, support_plan__isnull=True,
        ).select_related("round__org", "subject__person").order_by("pk")
    )  # fmt: skip
    if not results:
        return []
    ground = ReverseSituation.objects.get(code="org-life")
    grounded = set(ResultGround.objects.filter(result__in=results).values_list("result_id", flat=True))
    plans = []
    for result in results:
        round_ = result.round
        published = round_.published_at.date() if round_.published_at else round_.period_end
        opened = min(max(published, today - datetime.timedelta(days=60)), today - datetime.timedelta(days=31))
        plans.append(SupportPlan(
            round=round_, result=result, org=round_.org, member=result.subject.person, origin=SupportOrigin.AUTO,
            status=SupportStatus.OPEN, shortcomings=f"{ground.name}:评议年度内多次无故缺席组织生活。",
            goal="按时参加组织生活,在岗位上发挥党员作用。", opened_on=opened, opened_by=round_.created_by,
            review_due=today + datetime.timedelta(days=20),
        ))  # fmt: skip
    SupportPlan.objects.bulk_create(plans, batch_size=500)
    ResultGround.objects.bulk_create(
        ResultGround(result=r, situation=ground, note="评议年度内多次无故缺席组织生活", recorded_by=r.round.created_by,
                     recorded_at=timezone.now())
        for r in results if r.pk not in grounded
    )  # fmt: skip
    return plans


def _fill(plans, today):
    """Each plan's group (the first two other members of its branch), measures and one review (a month after
    the plan was opened, never after today)."""
    from .models import SupportHelper, SupportMeasure, SupportReview

    people = _branch_people(list({p.org_id: p.org for p in plans}.values()))
    now = timezone.now()
    helpers, measures, reviews = [], [], []
    for plan in plans:
        group = [p for p in people[plan.org_id] if p != plan.member_id][:2]
        helpers += [SupportHelper(plan=plan, person_id=p, leader=n == 0) for n, p in enumerate(group)]
        leader = group[0] if group else None
        for n, (text, days) in enumerate(SUPPORT_MEASURES):
            who = plan.member_id if n != 2 or leader is None else leader
            measures.append(SupportMeasure(plan=plan, content=text, due_date=plan.opened_on + datetime.timedelta(days=days),
                                           responsible_id=who))  # fmt: skip
        held_on = max(min(plan.opened_on + datetime.timedelta(days=30), today), plan.opened_on)
        reviews.append(SupportReview(
            plan=plan, held_on=held_on, change=SUPPORT_REVIEW, reviewer_id=leader, recorded_by=plan.opened_by,
            recorded_at=now,
        ))  # fmt: skip
    SupportHelper.objects.bulk_create(helpers, batch_size=1000)
    SupportMeasure.objects.bulk_create(measures, batch_size=1000)
    SupportReview.objects.bulk_create(reviews, batch_size=1000)


# ---- end support
