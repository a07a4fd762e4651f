"""Benchmark cases of the contributions app: the pages that show a link both ways, and an acceptance
that counts a benefit into a target of the large tree (the leaf and its ancestors roll up)."""

import statistics
import time

PAGE = {"median_ms": 100, "queries": 25}
ACCEPT_BUDGET_S = 0.1  # the acceptance with its benefit counted into the tree


def _linked(h):
    """A counted link of the demo whose project is closed (the same steps offered at both sizes)."""
    from vanguard.campaigns.models import TargetContribution
    from vanguard.projects.models import Project

    if not hasattr(h, "linked_contribution"):
        closed = Project.objects.filter(status="closed").values("pk")
        h.linked_contribution = TargetContribution.objects.counted().filter(source_id__in=closed).order_by("id").first()
    return h.linked_contribution


def _projects_to_accept(h, n):
    """Projects applying for completion, not linked by the demo, each paired with its leader's saving target."""
    from vanguard.campaigns.choices import CampaignStatus
    from vanguard.campaigns.models import Target, TargetContribution
    from vanguard.projects.models import Project

    leaves = Target.objects.filter(
        numchild=0, owner_person__isnull=False, metric_unit="万元", campaign__status=CampaignStatus.ACTIVE
    )
    by_owner = {t.owner_person_id: t for t in leaves.order_by("path")}
    linked = TargetContribution.objects.values("source_id")
    projects = Project.objects.filter(status="completion_applied", leader_id__in=list(by_owner)).exclude(pk__in=linked)
    return [(p, by_owner[p.leader_id]) for p in projects.order_by("id")[:n]]


def job_accept_with_benefit(h, repeat=20):
    """验收 a project linked to a target: the project, the target, its branch and the overall target change."""
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from vanguard.contributions.services import project_target_link
    from vanguard.core.access import system_actor
    from vanguard.projects.services import project_transition

    office = h.users["dangwei"]
    times, counts = [], []
    for project, leaf in _projects_to_accept(h, repeat):
        with transaction.atomic():
            project_target_link(actor=system_actor(), project=project, target=leaf)
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                project_transition(
                    actor=office, project=project, action="accept", measured_benefit="50000", evidence="核算单"
                )
                times.append(time.perf_counter() - started)
            counts.append(len(queries))
            transaction.set_rollback(True)
    if not times:
        return {"seconds": 0.0, "skipped": "no project applying for completion"}
    return {
        "seconds": statistics.median(times),
        "median_ms": round(statistics.median(times) * 1000, 1),
        "max_ms": round(max(times) * 1000, 1),
        # The first acceptance also reads the office's scope and name, once per request in a page.
        "queries": sorted(set(counts[1:] or counts)),
    }


def register(Case, Job):
    cases = [
        Case("project page linked", lambda h: f"/projects/{_linked(h).source_id}/", budget=PAGE),
        Case("target page with results", lambda h: f"/campaigns/targets/{_linked(h).target_id}/", budget=PAGE),
        Case("api project targets", "/api/v1/project-targets/", budget=PAGE),
    ]
    jobs = [Job("projects accept with benefit", job_accept_with_benefit, budget_s=ACCEPT_BUDGET_S)]
    return cases, jobs
