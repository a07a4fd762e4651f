"""Benchmark cases of the orglife app, added to ``bench/run.py``'s lists by ``register(Case, Job)``.

At large scale the demo holds three years of meetings of 400 branches and 1,600 party groups
(about 90,000 meetings and 1.1 million attendance rows, above the 60,000 / 700,000 the budgets
were set for). Budgets: the company compliance matrix (400 branches × 12 months, read from the kept
counts, 50 branches a page with the totals of all) median ≤ 100 ms, and so its API; a member's yearly
hours ≤ 50 ms; the meeting list ≤ 100 ms.
"""

import statistics
import time

from django.utils import timezone

MATRIX = {"median_ms": 100, "queries": 15}
LIST = {"median_ms": 100, "queries": 20}
MEMBER = {"median_ms": 50, "queries": 20}
PAGE = {"median_ms": 300, "queries": 25}


def _facts(h):
    if not hasattr(h, "orglife_facts"):
        from vanguard.orglife.models import Attendance, Meeting

        h.orglife_facts = {"meetings": Meeting.objects.count(), "attendance": Attendance.objects.count()}
    return h.orglife_facts


def _general_rule():
    from vanguard.orglife.models import ComplianceRule

    return ComplianceRule.objects.get(subject="general", org_kind="branch").pk


def _last_year():
    return timezone.localdate().year - 1


def job_member_hours(h, repeat=50):
    """``selectors.person_hours`` (meetings joined with attendance, plus training) for 50 members."""
    from vanguard.org.models import PartyMembership
    from vanguard.orglife.selectors import person_hours

    people = list(PartyMembership.objects.order_by("person__employee_no").values_list("person_id", flat=True)[:repeat])
    times = []
    for pid in people:
        started = time.perf_counter()
        person_hours(person_id=pid, year=_last_year())
        times.append(time.perf_counter() - started)
    return {"seconds": statistics.median(times), "median_ms": round(statistics.median(times) * 1000, 2),
            "max_ms": round(max(times) * 1000, 2), **_facts(h)}  # fmt: skip


def job_matrix(h, repeat=10):
    """The company matrix computed without the page around it, every branch's row built (what a full export needs)."""
    from vanguard.orglife.compliance import compliance_matrix

    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        matrix = compliance_matrix(user=h.users["dangwei"], year=_last_year())
        times.append(time.perf_counter() - started)
    return {"seconds": statistics.median(times), "rows": len(matrix.rows), "columns": len(matrix.columns), **_facts(h)}


def job_ledger_export(h):
    """The whole meeting ledger as Excel (every meeting of three years): the build a background export runs."""
    from django.http import QueryDict

    from vanguard.core.exports import get_export, no_progress
    from vanguard.orglife.exports import MEETING_LEDGER

    started = time.perf_counter()
    content, _filename = get_export(MEETING_LEDGER).build(h.users["dangwei"], QueryDict(), no_progress)
    return {"seconds": time.perf_counter() - started, "bytes": len(content), **_facts(h)}


def register(Case, Job):
    cases = [
        Case("orglife compliance matrix", lambda h: f"/orglife/compliance/?year={_last_year()}", budget=MATRIX),
        Case("orglife compliance this year", "/orglife/compliance/", budget=MATRIX),
        Case(
            "orglife compliance one rule",
            lambda h: f"/orglife/compliance/?year={_last_year()}&rule={_general_rule()}",
            budget=MATRIX,
        ),
        Case("orglife compliance shuji", "/orglife/compliance/", persona="shuji", budget=MATRIX),
        Case("api compliance", lambda h: f"/api/v1/compliance/?year={_last_year()}", budget=MATRIX),
        Case("orglife meeting list", "/orglife/meetings/", budget=LIST),
        Case("orglife meeting list filtered", "/orglife/meetings/?kind=general&q=学习", budget=LIST),
        Case("orglife meeting list shuji", "/orglife/meetings/", persona="shuji", budget=LIST),
        Case("orglife meeting list dangyuan", "/orglife/meetings/", persona="dangyuan", budget=LIST),
        Case("orglife my year", lambda h: f"/orglife/my/?year={_last_year()}", persona="dangyuan", budget=MEMBER),
        Case("orglife calendar", "/orglife/", budget=PAGE),
        Case("orglife hours short", "/orglife/hours/", persona="shuji", budget=PAGE),
        Case("api meetings", "/api/v1/meetings/", budget=LIST),
    ]
    jobs = [
        Job("orglife member hours", job_member_hours, budget_s=0.05),
        Job("orglife company matrix", job_matrix, budget_s=0.3),
        Job("orglife ledger export", job_ledger_export, budget_s=60),
    ]
    return cases, jobs
