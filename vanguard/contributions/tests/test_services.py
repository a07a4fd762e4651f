"""A merit project linked to its leader's saving target: the accepted benefit counts once, in 万元,
in that target and every target above it, in the same transaction as the acceptance."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from vanguard.campaigns.models import TargetContribution
from vanguard.contributions import services
from vanguard.core.dates import months_ago
from vanguard.core.exceptions import ScopeError
from vanguard.projects.services import project_log_create, project_transition

from .conftest import fresh

pytestmark = pytest.mark.django_db


def complete(company, project):
    users = company.users
    project_log_create(actor=users["dangyuan"], project=project, date=months_ago(1, 10), content="攻关会")
    return project_transition(actor=users["dangyuan"], project=project, action="apply_completion", summary="完成")


def test_an_accepted_benefit_counts_in_the_linked_target_and_above(company, running, targets):
    users = company.users
    own_before, root_before = fresh(targets.own), fresh(targets.root)
    link = services.project_target_link(actor=users["dangyuan"], project=running, target=targets.own)
    assert not link.counted and fresh(targets.own).actual_value == own_before.actual_value

    project = complete(company, running)
    project_transition(
        actor=users["dangwei"], project=project, action="accept", measured_benefit="72000", evidence="财务部核算单"
    )

    link.refresh_from_db()
    assert link.value == Decimal("7.2") and link.source_value == Decimal(72000) and link.label.startswith("2")
    own, root = fresh(targets.own), fresh(targets.root)
    assert own.actual_value == own_before.actual_value + Decimal("7.2")
    assert own.contributed_value == Decimal("7.2")
    assert root.actual_value == root_before.actual_value + Decimal("7.2")
    assert root.contributed_value == root_before.contributed_value + Decimal("7.2")


def test_a_refused_acceptance_counts_nothing(company, running, targets):
    services.project_target_link(actor=company.users["dangyuan"], project=running, target=targets.own)
    project = complete(company, running)
    before = fresh(targets.own).actual_value
    with pytest.raises(ValidationError, match="不能为负数"):
        project_transition(
            actor=company.users["dangwei"], project=project, action="accept", measured_benefit="-5", evidence="核算"
        )
    assert fresh(project).status == "completion_applied"
    assert not TargetContribution.objects.get(source_id=project.pk).counted
    assert fresh(targets.own).actual_value == before


def test_a_project_links_only_to_targets_of_its_branch_or_team(company, running, targets):
    with pytest.raises(ValidationError, match="只能关联本支部的目标"):
        services.project_target_link(actor=company.users["dangwei"], project=running, target=targets.other_branch)
    assert not TargetContribution.objects.filter(source_id=running.pk).exists()


def test_who_may_not_change_the_project_may_not_link_it(company, running, targets):
    for name in ("zhigong", "outsider"):
        with pytest.raises(ScopeError):
            services.project_target_link(actor=company.users[name], project=running, target=targets.own)


def test_a_project_already_accepted_counts_when_linked(company, running, targets):
    project = complete(company, running)
    project = project_transition(
        actor=company.users["dangwei"], project=project, action="accept", measured_benefit="30000", evidence="核算单"
    )
    before = fresh(targets.own).actual_value
    link = services.project_target_link(actor=company.users["shuji"], project=project, target=targets.own)
    assert link.counted and link.value == Decimal(3)
    assert fresh(targets.own).actual_value == before + 3


def test_a_milestone_target_is_linked_but_takes_no_amount(company, running, targets):
    link = services.project_target_link(actor=company.users["shuji"], project=running, target=targets.milestone)
    project = complete(company, running)
    project_transition(
        actor=company.users["dangwei"], project=project, action="accept", measured_benefit="30000", evidence="核算单"
    )
    link.refresh_from_db()
    assert link.value is None and "不计入数值" in link.note


def test_a_withdrawn_project_takes_no_link(company, project, targets):
    project = project_transition(actor=company.users["dangyuan"], project=project, action="withdraw", reason="调岗")
    with pytest.raises(ValidationError, match="已撤回"):
        services.project_target_link(actor=company.users["dangyuan"], project=project, target=targets.own)


def test_an_uncounted_link_is_removed_by_whoever_may_change_the_project(company, running, targets):
    link = services.project_target_link(actor=company.users["dangyuan"], project=running, target=targets.own)
    with pytest.raises(ScopeError):
        services.project_target_unlink(actor=company.users["zhigong"], contribution=link)
    services.project_target_unlink(actor=company.users["shuji"], contribution=link)
    assert not TargetContribution.objects.filter(pk=link.pk).exists()
