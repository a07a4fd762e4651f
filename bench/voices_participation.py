"""Benchmark cases of the suggestions' participation statistics: the statistics page at the company, a
plant and a month (kept rows of the units shown, never the suggestions), its Excel report, and a
suggestion's write correcting the kept figures of its unit and every unit above it."""

import statistics
import time

PAGE = {"median_ms": 100, "queries": 15}
REFRESH_BUDGET_S = 0.1  # one write's correction of the kept figures (in the workflow's transaction)


def job_figures_refresh(h, repeat=20):
    """A suggestion moved to another month and given a co-proposer: its old and new scopes corrected."""
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from vanguard.core.dates import add_months, month_number, month_start
    from vanguard.org.models import Person
    from vanguard.voices.models import CoProposer, Suggestion
    from vanguard.voices.summaries import suggestion_figures_refresh

    suggestions = list(Suggestion.objects.order_by("id")[:repeat])
    if not suggestions:
        return {"seconds": 0.0, "skipped": "no suggestion in the demo"}
    person = Person.objects.active().order_by("id").first()
    times, counts = [], []
    for s in suggestions:
        with transaction.atomic():
            before = {"unit_id": s.unit_id, "month": s.month, "category": s.category}
            s.submitted_on = add_months(month_start(s.submitted_on), -1)
            s.month = month_number(s.submitted_on)
            s.save(update_fields=["submitted_on", "month"])
            CoProposer.objects.get_or_create(suggestion=s, person=person)
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                suggestion_figures_refresh(s, before=before)
                times.append(time.perf_counter() - started)
            counts.append(len(queries))
            transaction.set_rollback(True)
    return {
        "seconds": statistics.median(times),
        "median_ms": round(statistics.median(times) * 1000, 1),
        "max_ms": round(max(times) * 1000, 1),
        "queries": sorted(set(counts)),
    }


def register(Case, Job):
    cases = [
        Case("suggestion statistics", "/voices/suggestions/statistics/", budget=PAGE),
        Case("suggestion statistics month", "/voices/suggestions/statistics/?month=3", budget=PAGE),
        Case(
            "suggestion statistics plant", lambda h: f"/voices/suggestions/statistics/?unit={h.plant.pk}", budget=PAGE
        ),
        Case("suggestion statistics xlsx", "/voices/suggestions/statistics/export/", budget={"queries": 15}),
    ]
    jobs = [Job("suggestion figures refresh", job_figures_refresh, budget_s=REFRESH_BUDGET_S)]
    return cases, jobs
