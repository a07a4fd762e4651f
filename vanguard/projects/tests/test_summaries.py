"""The kept figures of the projects (month numbers, the summary of the logs) stay equal to the facts.

A seeded series of submissions, edits, moves, steps, logs and deletions goes through the services;
after it the summary table equals its recomputation, and the summary page, the ledger's flag and
every project's count of months missing a log equal what the dates and the logs say.
"""

import random
from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from vanguard.core.choices import Action
from vanguard.core.dates import add_months, month_number, month_start
from vanguard.core.summaries import differences, get_summary
from vanguard.projects import selectors, services
from vanguard.projects.choices import ACTIVE_STATUSES, APPLIED_STATUSES, COMPLETED_STATUSES, ProjectStatus
from vanguard.projects.models import Project, ProjectLog

pytestmark = pytest.mark.django_db

STEPS = 120


def _missing(project, logged, today):
    """A project's months up to last month without a log, counted from its dates and its logs' dates."""
    if project.status not in ACTIVE_STATUSES:
        return 0
    cutoff = month_start(today) - timedelta(days=1)
    month, last, missing = month_start(project.start_date), min(project.end_date, cutoff), 0
    while month <= last:
        missing += month not in logged[project.pk]
        month = add_months(month, 1)
    return missing


def _from_facts(user, today):
    """The summary page's rows and totals, recomputed in Python from the projects and their logs."""
    projects = list(Project.objects.restrict(user, Action.VIEW).select_related("branch"))
    logged = defaultdict(set)
    for project_id, day in ProjectLog.objects.values_list("project_id", "date"):
        logged[project_id].add(day.replace(day=1))
    rows = defaultdict(lambda: {"total": 0, "active": 0, "completed": 0, "proposed": 0, "benefit": 0, "missing": 0})
    for p in projects:
        row = rows[p.branch_id]
        row["total"] += 1
        row["active"] += p.status in ACTIVE_STATUSES
        row["proposed"] += p.status in APPLIED_STATUSES
        if p.status in COMPLETED_STATUSES:
            row["completed"] += 1
            row["benefit"] += p.measured_benefit or 0
        row["missing"] += _missing(p, logged, today)
    return dict(rows), {p.pk: _missing(p, logged, today) for p in projects}


class Series:
    """Random writes through the services, as the branch, the committee's office and the leader make them."""

    def __init__(self, company, seed):
        self.rng = random.Random(seed)
        self.users = company.users
        self.branches = [company.branch, company.other_branch]
        self.today = timezone.localdate()
        self.n = 0

    def _pick(self, **filters):
        rows = list(Project.objects.filter(**filters).order_by("pk"))
        return self.rng.choice(rows) if rows else None

    def submit(self):
        self.n += 1
        start = add_months(month_start(self.today), -self.rng.randint(0, 14)) + timedelta(days=self.rng.randint(0, 20))
        end = add_months(start, self.rng.randint(1, 18)) - timedelta(days=1)
        services.project_create(
            actor=self.users["dangwei"], kind="task_force", title=f"攻关课题 {self.n}", start_date=start,
            end_date=end, branch=self.rng.choice(self.branches), leader=self.users["dangyuan"].person,
        )  # fmt: skip

    def edit(self):
        """New dates or another branch for an application not yet reviewed."""
        project = self._pick(status=ProjectStatus.PROPOSED)
        if project is None:
            return
        start = project.start_date + timedelta(days=self.rng.randint(-90, 90))
        data = {"start_date": start, "end_date": start + timedelta(days=self.rng.randint(20, 400))}
        if self.rng.random() < 0.5:
            data = {"branch": self.rng.choice(self.branches)}
        services.project_update(actor=self.users["dangwei"], project=project, data=data)

    def start(self):
        project = self._pick(status=ProjectStatus.PROPOSED)
        if project is None:
            return
        for action in ("review", "approve", "start"):
            project = services.project_transition(actor=self.users["dangwei"], project=project, action=action)

    def log(self):
        project = self._pick(status__in=ACTIVE_STATUSES, start_date__lte=self.today)
        if project is None:
            return
        last = min(project.end_date, self.today)
        day = project.start_date + timedelta(days=self.rng.randint(0, (last - project.start_date).days))
        services.project_log_create(actor=self.users["dangwei"], project=project, date=day, content="月度活动")

    def unlog(self):
        logs = list(ProjectLog.objects.filter(project__status__in=ACTIVE_STATUSES).order_by("pk"))
        if logs:
            services.project_log_delete(actor=self.users["dangwei"], log=self.rng.choice(logs))

    def finish(self):
        """Apply for completion; then be accepted with a benefit, or sent back to work."""
        project = self._pick(status__in=(ProjectStatus.UNDER_WAY, ProjectStatus.COMPLETION_APPLIED))
        if project is None:
            return
        office = self.users["dangwei"]
        if project.status == ProjectStatus.UNDER_WAY:
            services.project_transition(actor=office, project=project, action="apply_completion", summary="已完成")
        elif self.rng.random() < 0.3:
            services.project_transition(actor=office, project=project, action="return", reason="效益依据不足")
        else:
            benefit = Decimal(self.rng.randint(1, 900) * 100)
            services.project_transition(
                actor=office, project=project, action="accept", measured_benefit=benefit, evidence="财务核算"
            )

    def run(self, steps):
        moves = [self.submit] * 3 + [self.edit, self.start, self.start] + [self.log] * 5 + [self.unlog] * 2
        moves += [self.finish]
        for _ in range(steps):
            self.rng.choice(moves)()


@pytest.mark.parametrize("seed", [13, 2026])
def test_after_random_writes_every_kept_figure_equals_the_facts(company, client_as, seed):
    Series(company, seed).run(STEPS)
    assert ProjectLog.objects.exists() and Project.objects.filter(status__in=ACTIVE_STATUSES).exists()
    assert differences(get_summary("projects.log_months")) == []
    for p in Project.objects.all():
        assert (p.start_month, p.end_month) == (month_number(p.start_date), month_number(p.end_date))

    office = company.users["dangwei"]
    # Today, and later on: the month now under way becomes a closed month, its logs count then.
    for today in (timezone.localdate(), add_months(timezone.localdate(), 1), date(2030, 1, 1)):
        rows, per_project = _from_facts(office, today)
        kept_rows, totals = selectors.project_summary(user=office, today=today)
        assert {r["branch_id"]: {k: r[k] for k in rows[r["branch_id"]]} for r in kept_rows} == rows
        assert totals["missing_months"] == sum(r["missing"] for r in rows.values())
        annotated = selectors.with_missing_months(Project.objects.all(), today)
        counted = {p.pk: p.missing_months if p.status in ACTIVE_STATUSES else 0 for p in annotated}
        assert counted == per_project
        flagged = set(selectors.flagged_projects(Project.objects.all(), today).values_list("pk", flat=True))
        assert flagged == {pk for pk, n in per_project.items() if n}
        month = month_start(today)
        unlogged = set(selectors.without_log_this_month(Project.objects.all(), today).values_list("pk", flat=True))
        logged = set(ProjectLog.objects.filter(date__gte=month, date__lte=today).values_list("project_id", flat=True))
        running = Project.objects.filter(status__in=ACTIVE_STATUSES, start_date__lte=today, end_date__gte=month)
        assert unlogged == set(running.values_list("pk", flat=True)) - logged

    # The page shows the same figures, and its flag opens the same projects in the ledger.
    rows, per_project = _from_facts(office, timezone.localdate())
    page = client_as("dangwei").get("/projects/summary/")
    assert page.context["summary"]["missing_months"] == sum(r["missing"] for r in rows.values())
    assert page.context["summary"]["total"] == sum(r["total"] for r in rows.values())
    ledger = client_as("dangwei").get("/projects/?flagged=on")
    assert ledger.context["page_obj"].paginator.count == sum(1 for n in per_project.values() if n)


def test_the_summary_pages_its_branches_and_keeps_the_totals_of_them_all(client_as, company, monkeypatch):
    from vanguard.projects.views import pages

    monkeypatch.setattr(pages, "SUMMARY_PAGE", 2)
    rows, totals = selectors.project_summary(user=company.users["dangwei"])
    assert len(rows) > 2, "the demo's projects lie in more branches than a page shows"
    client = client_as("dangwei")
    first, second = client.get("/projects/summary/"), client.get("/projects/summary/?page=2")
    shown = [r["branch_id"] for r in first.context["rows"] + second.context["rows"]]
    assert shown == [r["branch_id"] for r in rows][:4]
    assert first.context["summary"] == second.context["summary"] == totals
    assert first.context["page_obj"].paginator.count == len(rows)
    assert 'href="?page=2"' in first.content.decode()
