"""Benchmark cases of 帮促 (support plans), added to ``bench/run.py``'s lists by ``register``.

At large scale the demo opens a plan for the 不合格 member of each published 民主评议党员 round (at most 40
branches), with a group of two, three measures and a review. The list reads one page of plan ids in the
user's scope, then those rows with their leader and review figures; the plan page reads its parts with a
fixed number of queries. Budgets: ≤ 100 ms and a query count that does not grow with the data.
"""

PAGE = {"median_ms": 100, "queries": 20}


def _plan(h, suffix=""):
    from vanguard.evaluations.models import SupportPlan

    pk = SupportPlan.objects.order_by("id").values_list("pk", flat=True).first()
    return f"/evaluations/support/{pk}/{suffix}" if pk else "/evaluations/support/"


def _api_plan(h):
    from vanguard.evaluations.models import SupportPlan

    pk = SupportPlan.objects.order_by("id").values_list("pk", flat=True).first()
    return f"/api/v1/support-plans/{pk}/" if pk else "/api/v1/support-plans/"


def register(Case, Job):
    cases = [
        Case("support plans", "/evaluations/support/", budget=PAGE),
        Case("support plans shuji", "/evaluations/support/", persona="shuji", budget=PAGE),
        Case("support plans due", "/evaluations/support/?status=open&due=month", budget=PAGE),
        Case("support plans search", "/evaluations/support/?q=王", budget=PAGE),
        Case("support plan", _plan, budget=PAGE),
        Case("support situations", "/evaluations/support/situations/", budget=PAGE),
        Case("api support plans", "/api/v1/support-plans/", budget=PAGE),
        Case("api support plan", _api_plan, budget=PAGE),
    ]
    return cases, []
