"""Benchmark of the automatic sources (自动评分来源), added to ``bench/run.py``'s jobs by ``register``.

Each source scores a whole round at once: at large scale every member (12,000) for the person sources, the 400
branches or the 1,500 teams, the company's committee and general branches for a leadership round. A round's
compute must stay within 10 s (issue 16) with its ballot and rating criteria, so the sources together are held
to a few seconds: each (source, kind) within ``SOURCE_BUDGET_S``, in a fixed number of queries.

The rounds are written in a transaction that is rolled back, so the cached database stays as it was.
Run alone on a copy of a cached database, it prints a table::

    DATABASE_URL=sqlite:////tmp/large.sqlite3 .venv/bin/python bench/evaluations_sources.py
"""

import os
import sys
import time
from pathlib import Path

SOURCE_BUDGET_S = 2.0


def _things(kind):
    """The subjects of a round of ``kind`` at the company's full size, as (field, ids)."""
    from vanguard.evaluations.choices import SubjectKind
    from vanguard.org.choices import SECTION_AND_ABOVE, PartyOrgKind, PoliticalStatus, UnitKind
    from vanguard.org.models import PartyOrg, Person, Unit

    if kind == SubjectKind.MEMBER:
        members = [PoliticalStatus.MEMBER, PoliticalStatus.PROBATIONARY]
        return "person_id", list(Person.objects.filter(political_status__in=members).values_list("pk", flat=True))
    if kind == SubjectKind.WORKER:
        return "person_id", list(Person.objects.filter(is_active=True).values_list("pk", flat=True)[:12_000])
    if kind == SubjectKind.CADRE:
        return "person_id", list(Person.objects.filter(cadre_level__in=SECTION_AND_ABOVE).values_list("pk", flat=True))
    if kind == SubjectKind.BRANCH:
        return "party_org_id", list(PartyOrg.objects.filter(kind=PartyOrgKind.BRANCH).values_list("pk", flat=True))
    if kind == SubjectKind.LEADERSHIP:
        above = PartyOrg.objects.filter(kind__in=[PartyOrgKind.COMMITTEE, PartyOrgKind.GENERAL_BRANCH])
        return "party_org_id", list(above.values_list("pk", flat=True))
    return "unit_id", list(Unit.objects.filter(kind=UnitKind.TEAM).values_list("pk", flat=True))


def _round(kind, actor):
    """A round of this year over every subject of ``kind`` (rows written in bulk)."""
    import datetime

    from django.utils import timezone

    from vanguard.evaluations.models import EvaluationRound, EvaluationScheme, RoundSubject
    from vanguard.org.models import PartyOrg

    year = timezone.localdate().year
    scheme = EvaluationScheme.objects.create(code=f"bench-sources-{kind}", name=f"自动来源 {kind}", subject_kind=kind)
    round_ = EvaluationRound.objects.create(
        scheme=scheme, name=f"自动来源 {kind}", org=PartyOrg.objects.get_root_nodes().first(),
        period_start=datetime.date(year, 1, 1), period_end=datetime.date(year, 12, 31), created_by=actor,
    )  # fmt: skip
    field, ids = _things(kind)
    RoundSubject.objects.bulk_create((RoundSubject(round=round_, **{field: pk}) for pk in ids), batch_size=2000)
    return EvaluationRound.objects.select_related("scheme").get(pk=round_.pk)


def measure(actor):
    """[(code, kind, subjects, scored, seconds, queries)] of every source over a full round of each kind it
    serves; rolled back."""
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from vanguard.evaluations.choices import SubjectKind
    from vanguard.evaluations.sources import sources

    reverse("evaluation-sources")  # the resolver is loaded once per process, before any round is computed
    rows = []
    with transaction.atomic():
        rounds = {}
        for found in sources():
            for kind in SubjectKind.values:
                if kind not in found.subject_kinds:
                    continue
                if kind not in rounds:
                    rounds[kind] = (_round(kind, actor), None)
                    rounds[kind] = (rounds[kind][0], list(rounds[kind][0].subjects.all()))
                round_, subjects = rounds[kind]
                with CaptureQueriesContext(connection) as queries:
                    started = time.perf_counter()
                    result = found.compute(round_, subjects, {})
                    seconds = time.perf_counter() - started
                rows.append((found.code, kind, len(subjects), len(result), seconds, len(queries)))
        transaction.set_rollback(True)
    return rows


def job_sources(h):
    rows = measure(h.users["dangwei"])
    total = sum(r[4] for r in rows)
    slowest = max(rows, key=lambda r: r[4])
    return {
        "seconds": slowest[4],
        "total_seconds": round(total, 3),
        "slowest": f"{slowest[0]} × {slowest[1]}",
        "sources": {
            f"{c} × {k}": {"ms": round(s * 1000, 1), "queries": q, "subjects": n} for c, k, n, _r, s, q in rows
        },
    }


def register(Case, Job):
    cases = [Case("evaluation sources page", "/evaluations/sources/", budget={"median_ms": 100, "queries": 15})]
    return cases, [
        Job("evaluation sources, full rounds", job_sources, budget_s=SOURCE_BUDGET_S, scales=("small", "large"))
    ]


def main():
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vanguard.settings.test")
    import django

    django.setup()
    from vanguard.org.models import User

    rows = measure(User.objects.get(username="dangwei"))  # the cached companies are dated back from today
    print(f"{'source':22} {'kind':11} {'subjects':>8} {'scored':>7} {'ms':>8} {'queries':>7}")
    for code, kind, n, scored, seconds, queries in rows:
        print(f"{code:22} {kind:11} {n:8} {scored:7} {seconds * 1000:8.1f} {queries:7}")
    print(f"total {sum(r[4] for r in rows) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
