"""Benchmark cases of the suggestion workflow (合理化建议), added to ``bench/run.py``'s lists by ``register``.

At large scale the demo holds 30,000 suggestions in every state with their review history. The
pages page their ids from an index and read a unit's suggestions through a subquery of its unit ids
(``voices.access.in_units``); the queue orders what waits for the user by its deadline. Budgets
(issue 14): the ledger's first page ≤ 100 ms; query counts constant in the data size.
"""

LEDGER = {"median_ms": 100, "queries": 20}
PAGE = {"median_ms": 100, "queries": 25}


def _rewarded(h):
    from vanguard.voices.models import Suggestion

    return f"/voices/suggestions/{Suggestion.objects.filter(status='rewarded').order_by('id').first().pk}/"


def register(Case, Job):
    cases = [
        Case("suggestions ledger", "/voices/suggestions/", budget=LEDGER),
        Case(
            "suggestions ledger filtered", "/voices/suggestions/?category=cost&status=rewarded&year=2025", budget=LEDGER
        ),
        Case("suggestions ledger overdue", "/voices/suggestions/?overdue=on", budget=LEDGER),
        Case("suggestions ledger search", "/voices/suggestions/?q=加热炉", budget=LEDGER),
        Case("suggestions ledger shuji", "/voices/suggestions/", persona="shuji", budget=LEDGER),
        Case("suggestions queue", "/voices/suggestions/queue/", budget=LEDGER),
        Case("suggestions queue gonghui", "/voices/suggestions/queue/", persona="gonghui", budget=LEDGER),
        Case("suggestions mine", "/voices/suggestions/mine/", persona="zhigong", budget=PAGE),
        Case("suggestion detail", _rewarded, budget=PAGE),
        Case("api suggestions", "/api/v1/suggestions/", budget=LEDGER),
    ]
    return cases, []
