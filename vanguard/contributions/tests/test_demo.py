"""The demo links merit projects to members' saving targets; accepted ones are counted and explain the figures."""

import pytest
from django.db.models import Sum

from vanguard.campaigns.models import Target, TargetContribution
from vanguard.projects.models import Project

pytestmark = pytest.mark.django_db


def test_demo_links_and_counts_projects_leaving_dangyuans_target_to_her(company, targets):
    links = list(TargetContribution.objects.filter(source="projects.project"))  # seeded with the suite
    assert links, "the tiny demo links some projects"
    counted = [link for link in links if link.counted_on]
    assert counted and len(counted) < len(links)  # some accepted, some still under way
    assert not TargetContribution.objects.filter(target=targets.own).exists()
    root = Target.objects.get(pk=targets.root.pk)
    total = TargetContribution.objects.filter(target__path__startswith=root.path).aggregate(v=Sum("value"))["v"]
    assert root.contributed_value == total
    benefits = dict(Project.objects.filter(pk__in=[c.source_id for c in counted]).values_list("pk", "measured_benefit"))
    for link in counted:
        target = Target.objects.get(pk=link.target_id)
        assert link.source_value == benefits[link.source_id] and link.value == benefits[link.source_id] / 10_000
        assert target.contributed_value == link.value
