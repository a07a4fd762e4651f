"""Benchmark cases of the projects app, added to ``bench/run.py``'s lists by ``register(Case, Job)``.

At large scale the demo holds 8,000 projects of 400 branches with about 80,000 monthly logs. The
pages read each project's stored month numbers and the kept tally of its logs (summary
``projects.log_months``), never the logs: the ledger pages its ids from an index, the summary pages
its branches and keeps the totals of them all. Budgets (issue 13): every page ≤ 100 ms with
large/small ≤ 1.5; query counts constant in the data size.
"""

import statistics
import time

LEDGER = {"median_ms": 100, "queries": 20}
BRANCH = {"median_ms": 100, "queries": 20}
COMPANY = {"median_ms": 100, "queries": 20}


def _facts(h):
    if not hasattr(h, "projects_facts"):
        from vanguard.projects.models import Project, ProjectLog

        h.projects_facts = {"projects": Project.objects.count(), "logs": ProjectLog.objects.count()}
    return h.projects_facts


def job_missing_months(h, repeat=10):
    """Every active project's months without a log, counted in SQL for the whole company from kept figures."""
    from vanguard.projects.models import Project
    from vanguard.projects.selectors import flagged_projects

    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        flagged = flagged_projects(Project.objects.all()).count()
        times.append(time.perf_counter() - started)
    return {"seconds": statistics.median(times), "flagged": flagged, **_facts(h)}


def register(Case, Job):
    cases = [
        Case("projects ledger", "/projects/", budget=LEDGER),
        Case("projects ledger filtered", "/projects/?kind=merit&status=under_way", budget=LEDGER),
        Case("projects ledger flagged", "/projects/?flagged=on", budget=LEDGER),
        Case("projects ledger shuji", "/projects/", persona="shuji", budget=LEDGER),
        Case("projects summary company", "/projects/summary/", budget=COMPANY),
        Case("projects summary branch", "/projects/summary/", persona="shuji", budget=BRANCH),
        Case("projects summary one branch", lambda h: f"/projects/summary/?branch={h.branch.pk}", budget=BRANCH),
        Case("projects my", "/projects/my/", persona="dangyuan", budget=LEDGER),
        Case("api projects", "/api/v1/projects/", budget=LEDGER),
    ]
    jobs = [Job("projects missing months", job_missing_months, budget_s=0.3)]
    return cases, jobs
