"""Pages the goal names that no app's case module measured yet, with the goal's budget.

The goal: every page it names ≤ 100 ms median at large scale with large/small ≤ ``RATIO_LIMIT``.
The others it names are measured by the apps' modules: the compliance matrix (``orglife compliance
matrix``, ``… this year``, ``api compliance``), ``orglife meeting list filtered``, ``campaign
dashboard``, ``campaign tree expand root``, ``projects summary company``, ``projects ledger
flagged`` and ``person-list q`` in ``run.py``.
"""

from django.utils import timezone

GOAL = {"median_ms": 100, "queries": 25}


def register(Case, Job):
    cases = [
        Case("orglife meeting list text", "/orglife/meetings/?q=学习", budget=GOAL),
        # Texts the search index narrows (学习 is in nearly every meeting; these in a few percent).
        Case("orglife meeting list text selective", "/orglife/meetings/?q=党课", budget=GOAL),
        Case("projects ledger text", "/projects/?q=矫直机", budget=GOAL),
        Case(
            "api compliance this year", lambda h: f"/api/v1/compliance/?year={timezone.localdate().year}", budget=GOAL
        ),
    ]
    return cases, []
