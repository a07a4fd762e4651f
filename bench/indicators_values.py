"""Benchmark cases of indicator values (指标数值), added to ``bench/run.py``'s lists by ``register``.

At large scale the demo holds 1,500 teams × 8 indicators × 36 months (≈ 430,000 values) and the roll-ups of
every unit above the teams. A unit's board reads its 12-month trend of every indicator from the roll-up (one
query) and its children's month (a page of 50) from the roll-up or the team values; a team's board reads its
own values. Budgets (issue 15): a unit's trend ≤ 100 ms; the bulk upsert of one month for every team (12,000
values, with the roll-up refresh) ≤ 5 s.
"""

import time

PAGE = {"median_ms": 100, "queries": 20}


def _team(h):
    return f"/indicators/?unit={h.team.pk}"


def job_month_upsert(h):
    """One month of every team's eight indicators pushed at once (as the API does), changed from what is kept,
    with the roll-up refresh; rolled back, so the cached database stays as it was."""
    from decimal import Decimal

    from django.db import transaction
    from django.utils import timezone

    from vanguard.indicators.choices import ValueSource
    from vanguard.indicators.models import Indicator
    from vanguard.indicators.periods import month_number
    from vanguard.indicators.services.values import ValueRow, indicator_values_upsert
    from vanguard.org.choices import UnitKind
    from vanguard.org.models import Unit

    month = month_number(timezone.localdate()) - 1
    indicators = list(Indicator.objects.filter(active=True))
    teams = list(Unit.objects.filter(kind=UnitKind.TEAM))
    rows = [
        ValueRow(i, t, month, Decimal(n % 97 + 1)) for n, (t, i) in enumerate((t, i) for t in teams for i in indicators)
    ]
    with transaction.atomic():
        started = time.perf_counter()
        result = indicator_values_upsert(actor=h.users["dangwei"], rows=rows, source=ValueSource.API)
        seconds = time.perf_counter() - started
        transaction.set_rollback(True)
    return {"seconds": seconds, "values": len(rows), "created": result.created, "updated": result.updated}


def register(Case, Job):
    cases = [
        Case("indicators trend company", lambda h: f"/indicators/?unit={h.company.pk}", budget=PAGE),
        Case("indicators trend plant", lambda h: f"/indicators/?unit={h.plant.pk}", budget=PAGE),
        Case("indicators team board zhigong", "/indicators/", persona="zhigong", budget=PAGE),
        Case("indicators team board office", _team, budget=PAGE),
        Case("indicators entry banzhang", "/indicators/entry/", persona="banzhang", budget=PAGE),
        Case("indicators values list", "/indicators/values/", budget=PAGE),
        Case("indicators pledges", "/indicators/pledges/", budget=PAGE),
        Case("indicators targets", "/indicators/targets/", budget=PAGE),
        Case("api indicator-values", "/api/v1/indicator-values/", budget=PAGE),
    ]
    return cases, [Job("indicators month upsert 12k", job_month_upsert, budget_s=5)]
