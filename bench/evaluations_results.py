"""Benchmark jobs of computing appraisal results (issue 16): a round over every member of the large company
(12,000) and one over its 400 branches, with automatic criteria read from summary tables, each ≤ 10 s.

The rounds are built here in bulk (the cached company has none of this app's rows) inside a transaction that is
rolled back. The sources are two simple ones registered here, reading the orglife summary of meetings held
(``MeetingCount``) and a grouped sum of training hours: the app's real sources are registered by another
part of the app and read the same kind of tables.

Run alone on a copy of the cached large database::

    cp bench/cache/large-*.sqlite3 /tmp/x.sqlite3
    DATABASE_URL=sqlite:////tmp/x.sqlite3 python bench/evaluations_results.py
"""

import datetime
import time
from decimal import Decimal

BUDGET_S = 10


def _sources():
    from django.db.models import F, Sum

    from vanguard.evaluations.choices import SubjectKind
    from vanguard.evaluations.sources import Source, SourceValue, register_source, source
    from vanguard.org.models import PartyMembership
    from vanguard.orglife.models import MeetingCount, TrainingRecord

    def held(org_ids, year):
        months = sum((F(f"m{m}") for m in range(2, 13)), F("m1"))
        rows = MeetingCount.objects.filter(org_id__in=org_ids, year=year).values("org_id").annotate(n=Sum(months))
        return {r["org_id"]: r["n"] for r in rows}

    def meetings(round_, subjects, params):
        people = {s.person_id for s in subjects if s.person_id}
        branch_of = dict(
            PartyMembership.objects.filter(person_id__in=people).values_list("person_id", "party_org_id")
        ) if people else {}  # fmt: skip
        orgs = {s.pk: s.party_org_id or branch_of.get(s.person_id) for s in subjects}
        counts = held({o for o in orgs.values() if o}, round_.period_end.year)
        return {
            pk: SourceValue(score=min(Decimal(100), Decimal(counts[o]) * 100 / 24), value=counts[o], unit="次",
                            detail=f"全年召开会议 {counts[o]} 次(应 24 次)", url=f"/orglife/compliance/?org={o}")
            for pk, o in orgs.items() if o in counts
        }  # fmt: skip

    def hours(round_, subjects, params):
        people = {s.person_id: s.pk for s in subjects if s.person_id}
        rows = (
            TrainingRecord.objects.filter(date__gte=round_.period_start, date__lte=round_.period_end)
            .values("person_id").annotate(h=Sum("hours")).values_list("person_id", "h")
        )  # fmt: skip
        return {
            people[p]: SourceValue(score=min(Decimal(100), h * 100 / 40), value=h, unit="学时", detail="培训学时/40")
            for p, h in rows if p in people
        }  # fmt: skip

    kinds = frozenset(SubjectKind.values)
    for code, fn in (("bench-meetings", meetings), ("bench-hours", hours)):
        if source(code) is None:
            register_source(Source(code=code, label=code, subject_kinds=kinds, compute=fn))


def _build(kind):
    """A scheme with two automatic criteria and a round over every member (``member``) or branch."""
    from vanguard.evaluations.choices import Method, RoundStatus, SubjectKind
    from vanguard.evaluations.models import Criterion, EvaluationRound, EvaluationScheme, GradeBand, RoundSubject
    from vanguard.org.choices import PartyOrgKind
    from vanguard.org.models import PartyMembership, PartyOrg, User

    _sources()
    scheme = EvaluationScheme.objects.create(code=f"bench-{kind}", name=f"bench {kind}", subject_kind=kind)
    Criterion.objects.create(scheme=scheme, code="meet", name="组织生活", weight=60, method=Method.AUTO,
                             source="bench-meetings")  # fmt: skip
    second = "bench-hours" if kind == SubjectKind.MEMBER else "bench-meetings"
    Criterion.objects.create(scheme=scheme, code="second", name="学习", weight=40, method=Method.AUTO, source=second)
    for code, low, quota, stars in (("a", 90, Decimal("0.3333"), 5), ("b", 70, None, 4), ("c", 0, None, 3)):
        GradeBand.objects.create(scheme=scheme, code=code, label=code, min_score=low, quota=quota,
                                 stars=stars if kind == SubjectKind.BRANCH else 0)  # fmt: skip
    root = PartyOrg.objects.get_root_nodes().first()
    admin = User.objects.filter(is_superuser=True).order_by("pk").first()
    round_ = EvaluationRound.objects.create(
        scheme=scheme, name=f"bench {kind}", org=root, period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 12, 31), status=RoundStatus.SCORING, created_by=admin,
    )  # fmt: skip
    if kind == SubjectKind.MEMBER:
        ids = PartyMembership.objects.values_list("person_id", flat=True)
        rows = [RoundSubject(round=round_, person_id=p, business_score=None) for p in ids]
    else:
        ids = PartyOrg.objects.filter(kind=PartyOrgKind.BRANCH).values_list("pk", flat=True)
        rows = [RoundSubject(round=round_, party_org_id=o) for o in ids]
    RoundSubject.objects.bulk_create(rows, batch_size=2000)
    return round_, admin, len(rows)


def _job(kind):
    def run(h=None):
        from django.db import transaction

        from vanguard.evaluations.services.results import round_compute

        with transaction.atomic():
            round_, admin, n = _build(kind)
            ticks = []
            started = time.perf_counter()
            round_compute(actor=admin, round_=round_, progress=lambda: ticks.append(1))
            seconds = time.perf_counter() - started
            again = time.perf_counter()
            round_compute(actor=admin, round_=round_)
            seconds_again = time.perf_counter() - again
            pages = _pages(round_, admin)
            transaction.set_rollback(True)
        return {"seconds": seconds, "subjects": n, "progress_steps": len(ticks), "again_seconds": seconds_again,
                **pages}  # fmt: skip

    return run


def _pages(round_, user):
    """The ranking and calibration pages of the computed round: median ms of 3 and queries."""
    import statistics

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.force_login(user)
    figures = {}
    for name, url in (
        ("results", f"/evaluations/rounds/{round_.pk}/results/"),
        ("results_q", f"/evaluations/rounds/{round_.pk}/results/?grade=a&page=3"),
        ("calibration", f"/evaluations/rounds/{round_.pk}/calibration/"),
    ):
        times = []
        for _ in range(3):
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = client.get(url, HTTP_HOST="localhost")
                times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        figures[f"{name}_ms"] = round(statistics.median(times), 1)
        figures[f"{name}_queries"] = len(captured)
    return figures


def register(Case, Job):
    jobs = [
        Job("evaluation compute 12k members", _job("member"), budget_s=BUDGET_S),
        Job("evaluation compute 400 branches", _job("branch"), budget_s=BUDGET_S),
    ]
    return [], jobs


if __name__ == "__main__":
    import os
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vanguard.settings.local")
    import django

    django.setup()
    for kind in ("member", "branch"):
        print(kind, _job(kind)())
