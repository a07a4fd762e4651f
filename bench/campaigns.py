"""Benchmark cases of the campaigns app, added to ``bench/run.py``'s lists by ``register(Case, Job)``.

At large scale the demo's 降成本降费用增效益 campaign holds a tree of about 5,600 targets
(overall → 400 branches → 4,400 members) and about 110,000 progress reports.
Budgets: tree page median ≤ 300 ms, "my targets" ≤ 100 ms, the dashboard ≤ 60 ms (its monthly
trend is read from the report summary tables), accepting a report (updating every ancestor and
the summary rows of its month) ≤ 50 ms with a constant query count.
"""

import statistics
import time

TREE = {"median_ms": 300, "queries": 15}
MY_TARGETS = {"median_ms": 100, "queries": 15}
PAGE = {"median_ms": 300, "queries": 25}
DASHBOARD = {"median_ms": 60, "queries": 25}
HTMX = {"HTTP_HX_REQUEST": "true"}


def _campaign(h):
    if not hasattr(h, "cost_campaign"):
        from vanguard.campaigns.choices import Theme
        from vanguard.campaigns.models import Campaign, ProgressReport, Target

        h.cost_campaign = Campaign.objects.get(theme=Theme.COST)
        h.saving = Target.objects.get(campaign=h.cost_campaign, depth=1, metric_name="降本增效额")
        h.branch_target = Target.objects.get(path__startswith=h.saving.path, depth=2, owner_org=h.branch)
        h.campaign_facts = {
            "targets": Target.objects.filter(campaign=h.cost_campaign).count(),
            "reports": ProgressReport.objects.filter(target__campaign=h.cost_campaign).count(),
        }
    return h.cost_campaign


def _leaves(h, n):
    from vanguard.campaigns.models import Target

    _campaign(h)
    reviewer = h.users["dangwei"].person  # nobody reviews their own target
    leaves = Target.objects.filter(path__startswith=h.saving.path, numchild=0, depth=3).exclude(owner_person=reviewer)
    return list(leaves.order_by("path")[:n])


def _month_reports(h):
    """The reports behind last month's figures of the dashboard's trend."""
    from django.utils import timezone

    from vanguard.core.dates import add_months

    month = add_months(timezone.localdate().replace(day=1), -1)
    return f"/campaigns/{_campaign(h).pk}/reports/?month={month:%Y-%m}&status=accepted"


def job_accept(h, repeat=30):
    """Accept a fresh report on a member's target: the leaf, the branch and the overall target are updated."""
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from vanguard.campaigns import services
    from vanguard.core.access import system_actor

    reviewer = h.users["dangwei"]
    times, counts = [], []
    period = min(timezone.localdate(), _campaign(h).ends_on)
    for leaf in _leaves(h, repeat):
        with transaction.atomic():
            report = services.report_submit(actor=system_actor(), target=leaf, period=period, value="1.5")
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                services.report_accept(actor=reviewer, report=report)
                times.append(time.perf_counter() - started)
            counts.append(len(queries))
            transaction.set_rollback(True)
    return {
        "seconds": statistics.median(times),
        "median_ms": round(statistics.median(times) * 1000, 1),
        "max_ms": round(max(times) * 1000, 1),
        "queries": sorted(set(counts)),
        **h.campaign_facts,
    }


def job_rollup(h):
    """Recompute the whole tree (after an import, or the nightly status refresh)."""
    from django.db import transaction

    from vanguard.campaigns.rollup import rollup_campaign

    campaign = _campaign(h)
    with transaction.atomic():
        started = time.perf_counter()
        nodes = rollup_campaign(campaign)
        seconds = time.perf_counter() - started
        transaction.set_rollback(True)
    return {"seconds": seconds, "nodes": len(nodes)}


def register(Case, Job):
    cases = [
        Case("campaign tree", lambda h: f"/campaigns/{_campaign(h).pk}/tree/", budget=TREE),
        Case(
            "campaign tree expand root",
            lambda h: f"/campaigns/{_campaign(h).pk}/tree/?parent={h.saving.pk}",
            headers=HTMX,
            budget=TREE,
        ),
        Case("campaign tree shuji", lambda h: f"/campaigns/{_campaign(h).pk}/tree/", persona="shuji", budget=TREE),
        Case("campaign dashboard", lambda h: f"/campaigns/{_campaign(h).pk}/", budget=DASHBOARD),
        Case("campaign dashboard shuji", lambda h: f"/campaigns/{_campaign(h).pk}/", persona="shuji", budget=DASHBOARD),
        Case("campaign month reports", _month_reports, budget=PAGE),
        Case("campaign month reports shuji", _month_reports, persona="shuji", budget=PAGE),
        Case("campaign my targets", "/campaigns/my/", persona="dangyuan", budget=MY_TARGETS),
        Case(
            "campaign target detail",
            lambda h: f"/campaigns/targets/{(_campaign(h), h.branch_target)[1].pk}/",
            persona="shuji",
            budget=PAGE,
        ),
        Case(
            "campaign reports behind root",
            lambda h: f"/campaigns/targets/{(_campaign(h), h.saving)[1].pk}/reports/",
            budget=PAGE,
        ),
        Case("campaign watch at risk", "/campaigns/watch/?kind=at_risk", budget=PAGE),
        Case("campaign review queue", "/campaigns/reviews/", persona="shuji", budget=PAGE),
        Case("api targets", lambda h: f"/api/v1/targets/?campaign={_campaign(h).pk}", budget=PAGE),
    ]
    jobs = [
        Job("campaign accept report", job_accept, budget_s=0.05),
        Job("campaign full roll-up", job_rollup, budget_s=10),
    ]
    return cases, jobs
