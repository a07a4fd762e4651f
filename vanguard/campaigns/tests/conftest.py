"""Handles on the demo campaigns of the tiny demo company (seeded once for the suite by the root conftest)."""

from dataclasses import dataclass

import pytest


@dataclass
class DemoCampaigns:
    cost: object
    autonomy: object
    saving: object  # the overall amount target of the cost campaign
    branch_target: object  # shuji's branch's share of it
    dangyuan_target: object  # dangyuan's own share below that
    other_branch_target: object


@pytest.fixture
def demo(company):
    from vanguard.campaigns.choices import Theme
    from vanguard.campaigns.models import Campaign, Target

    cost = Campaign.objects.get(theme=Theme.COST)
    saving = Target.objects.get(campaign=cost, depth=1, metric_name="降本增效额")
    branch_target = Target.objects.get(path__startswith=saving.path, depth=2, owner_org=company.branch)
    dangyuan = company.users["dangyuan"].person
    other = Target.objects.filter(path__startswith=saving.path, depth=2).exclude(owner_org=company.branch).first()
    return DemoCampaigns(
        cost=cost,
        autonomy=Campaign.objects.get(theme=Theme.AUTONOMY),
        saving=saving,
        branch_target=branch_target,
        dangyuan_target=Target.objects.get(path__startswith=branch_target.path, owner_person=dangyuan),
        other_branch_target=other,
    )
