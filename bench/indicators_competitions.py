"""Benchmark cases of competitions (劳动竞赛 and the others), added to ``bench/run.py``'s lists by ``register``.

At large scale the company-wide labour competition ranks all 1,500 teams every month. Its standings are kept
as rows (``CompetitionStanding``) written in the value write's transaction, so a board reads one page of an
index whatever the number of teams. Budgets (issue 15): the board ≤ 100 ms over all teams, large/small ≤ 1.5;
the breakdown and the screen are pages like any other; a month of values for every team (12,000) written
with the standings recomputed ≤ 5 s.
"""

PAGE = {"median_ms": 100, "queries": 15}
MONTH_UPSERT_S = 5.0


def _labour(h):
    from vanguard.indicators.models import Competition

    return Competition.objects.filter(kind="labour", unit__depth=1).order_by("pk").first()


def _last_month(competition):
    """The board's last closed-out month: the month before the current one, or December of a past year."""
    from django.utils import timezone

    from vanguard.indicators.periods import month_number

    month = min(month_number(timezone.localdate()) - 1, competition.year * 12 + 11)
    return f"{month}-{month}"


def _board(h, page=1):
    competition = _labour(h)
    return f"/indicators/competitions/{competition.pk}/?period={_last_month(competition)}&page={page}"


def _breakdown(h):
    """The breakdown of zhigong's team (banzhang leads it)."""
    competition = _labour(h)
    entry = competition.entries.get(unit=h.team)
    return f"/indicators/competitions/entries/{entry.pk}/?period={_last_month(competition)}"


def _screen(h):
    return f"/indicators/screen/{_labour(h).screen_token}/"


def job_month_upsert(h):
    """A month of every indicator for every team through the one value write (standings recomputed in its
    transaction), rolled back after."""
    import random
    import time
    from decimal import Decimal

    from django.db import transaction
    from django.utils import timezone

    from vanguard.indicators.models import Indicator
    from vanguard.indicators.periods import month_number
    from vanguard.indicators.services.values import ValueRow, indicator_values_upsert
    from vanguard.org.choices import UnitKind
    from vanguard.org.models import Unit

    month, rng = month_number(timezone.localdate()), random.Random(15)
    teams, indicators = list(Unit.objects.filter(kind=UnitKind.TEAM)), list(Indicator.objects.filter(active=True))
    # 80–100: within every indicator's range (the rates stop at 100 %).
    rows = [ValueRow(i, t, month, Decimal(rng.randint(80, 100))) for i in indicators for t in teams]

    class Rollback(Exception):
        pass

    started = time.perf_counter()
    try:
        with transaction.atomic():
            indicator_values_upsert(actor=h.users["dangwei"], rows=rows)
            seconds = time.perf_counter() - started
            raise Rollback
    except Rollback:
        pass
    return {"seconds": seconds, "values": len(rows)}


def register(Case, Job):
    cases = [
        Case("competition list", "/indicators/competitions/", budget=PAGE),
        Case("competition board all teams", _board, budget=PAGE),
        Case("competition board page 12", lambda h: _board(h, 12), budget=PAGE),
        Case("competition board zhigong", _board, persona="zhigong", budget=PAGE),
        Case("competition breakdown", _breakdown, budget=PAGE),
        Case("competition breakdown banzhang", _breakdown, persona="banzhang", budget=PAGE),
        Case("competition screen", _screen, budget=PAGE),
        Case("api competitions", "/api/v1/competitions/", budget=PAGE),
    ]
    jobs = [Job("competition month of values upsert", job_month_upsert, budget_s=MONTH_UPSERT_S)]
    return cases, jobs
