"""The demo campaigns on the tiny company (seeded once), dangyuan's merit project from the projects tests,
and the targets it may serve."""

from dataclasses import dataclass

import pytest

from vanguard.projects.tests.conftest import project, proposal, running  # noqa: F401  (shared fixtures)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from vanguard.campaigns.demo import build_demo_campaigns
    from vanguard.campaigns.models import Campaign

    with django_db_blocker.unblock():
        if not Campaign.objects.exists():
            build_demo_campaigns("tiny")


@dataclass
class Targets:
    own: object  # dangyuan's saving target in the cost campaign (万元)
    root: object  # the cost campaign's overall saving target above it
    other_branch: object  # a member's target in another branch
    milestone: object  # shuji's branch's share of the project milestone target (no amounts)


@pytest.fixture
def targets(company):
    from vanguard.campaigns.choices import Theme
    from vanguard.campaigns.models import Campaign, Target

    cost = Campaign.objects.get(theme=Theme.COST)
    root = Target.objects.get(campaign=cost, depth=1, metric_name="降本增效额")
    branch = Target.objects.get(path__startswith=root.path, depth=2, owner_org=company.branch)
    return Targets(
        own=Target.objects.get(path__startswith=branch.path, owner_person=company.users["dangyuan"].person),
        root=root,
        other_branch=Target.objects.filter(path__startswith=root.path, depth=3)
        .exclude(owner_org=company.branch)
        .first(),
        milestone=Target.objects.get(campaign=cost, depth=2, metric_name="项目进度", owner_org=company.branch),
    )


def fresh(obj):
    return type(obj).objects.get(pk=obj.pk)
