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
from pathlib import Path

SOURCE_BUDGET_S = 2.0


def measure(actor):
    """[(code, kind, subjects, scored, seconds, queries)] of every source over a full round of each kind."""
    from vanguard.evaluations.providers.check import check_sources

    found = check_sources(actor)
    failed = [c for c in found if c.error]
    if failed:
        raise RuntimeError("; ".join(f"{c.code} × {c.kind}: {c.error}" for c in failed))
    return [(c.code, c.kind, c.subjects, c.scored, c.seconds, c.queries) for c in found]


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
