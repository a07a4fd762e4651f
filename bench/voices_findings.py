"""Benchmark cases of exchange visits and findings (交流走访, 问题清单), added to ``bench/run.py``'s lists by ``register``.

At large scale the demo holds 2,000 visits and 30,000 findings in every state. The board pages each
column from an index and reads the scope as subqueries of unit ids (``voices.access.in_units``); the
colours are stored dates compared with today. Budgets (issue 14): the board's first page ≤ 100 ms;
query counts constant in the data size.
"""

BOARD = {"median_ms": 100, "queries": 20}
PAGE = {"median_ms": 100, "queries": 20}


def _finding(h):
    from vanguard.voices.models import Finding

    return f"/voices/findings/{Finding.objects.order_by('id').values_list('pk', flat=True).first()}/"


def register(Case, Job):
    cases = [
        Case("findings board", "/voices/findings/", budget=BOARD),
        Case("findings board shuji", "/voices/findings/", persona="shuji", budget=BOARD),
        Case("findings board zhigong", "/voices/findings/", persona="zhigong", budget=BOARD),
        Case("findings board red", "/voices/findings/?colour=red", budget=BOARD),
        Case("findings board text", "/voices/findings/?q=冷床", budget=BOARD),
        Case("findings overdue", "/voices/findings/overdue/", budget=PAGE),
        Case("findings overdue led", "/voices/findings/overdue/?role=led", persona="shuji", budget=PAGE),
        Case("findings rates", "/voices/findings/rates/", budget=PAGE),
        Case("finding detail", _finding, budget=PAGE),
        Case("visits list", "/voices/visits/", budget=PAGE),
        Case("api findings", "/api/v1/findings/", budget=PAGE),
        Case("api visits", "/api/v1/visits/", budget=PAGE),
    ]
    return cases, []
