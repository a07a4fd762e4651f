"""The demo: every state, logs with some missed months, numbers unique, the secretary sees his branch."""

from vanguard.projects.choices import ProjectStatus
from vanguard.projects.demo import build_demo_projects
from vanguard.projects.models import Project, ProjectLog
from vanguard.projects.selectors import flagged_projects, project_summary


def test_demo_covers_every_state(company):
    build_demo_projects("tiny")
    states = set(Project.objects.values_list("status", flat=True))
    assert states == set(ProjectStatus.values)
    assert Project.objects.count() >= 200
    assert ProjectLog.objects.count() > Project.objects.count()
    assert flagged_projects(Project.objects.all()).exists()
    numbers = list(Project.objects.exclude(number="").values_list("number", flat=True))
    assert len(numbers) == len(set(numbers))
    _rows, summary = project_summary(user=company.users["dangwei"])
    assert summary["total"] == Project.objects.count() and summary["accepted_benefit"] > 0
    assert summary["missing_months"] > 0
    # the secretary sees only his branch's projects
    assert 0 < project_summary(user=company.users["shuji"])[1]["total"] < summary["total"]
