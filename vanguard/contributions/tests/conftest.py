"""The demo campaigns on the tiny company (seeded once, as for the campaigns tests), dangyuan's merit
project from the projects tests, and the targets it may serve."""

from dataclasses import dataclass

import pytest

from vanguard.campaigns.tests.conftest import demo  # noqa: F401  (shared fixtures)
from vanguard.projects.tests.conftest import project, proposal, running  # noqa: F401  (shared fixtures)


@dataclass
class Targets:
    own: object  # dangyuan's saving target in the cost campaign (万元)
    root: object  # the cost campaign's overall saving target above it
    other_branch: object  # a member's target in another branch
    milestone: object  # shuji's branch's share of the project milestone target (no amounts)


@pytest.fixture
def targets(company, demo):  # noqa: F811  (the imported fixture)
    from vanguard.campaigns.models import Target

    return Targets(
        own=demo.dangyuan_target,
        root=demo.saving,
        other_branch=Target.objects.filter(path__startswith=demo.other_branch_target.path, numchild=0).first(),
        milestone=Target.objects.get(campaign=demo.cost, depth=2, metric_name="项目进度", owner_org=company.branch),
    )


def fresh(obj):
    return type(obj).objects.get(pk=obj.pk)
