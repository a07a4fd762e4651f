"""The contributions policy read as a table, the link's referential integrity (``ProjectContribution``),
and the project page's target list offering a secretary only targets in his scope."""

import re

import pytest
from django.apps import apps
from django.db.models import ProtectedError

from vanguard.campaigns.models import Target, TargetContribution
from vanguard.contributions import services
from vanguard.contributions.models import ProjectContribution
from vanguard.core.access import may, system_actor
from vanguard.core.choices import Action
from vanguard.core.models import AuditEvent
from vanguard.projects.models import Project
from vanguard.projects.services import project_member_add, project_transition

pytestmark = pytest.mark.django_db
PERSONAS = ("admin", "dangwei", "shuji", "dangyuan", "zhigong", "outsider")

# The link of dangyuan's project (zhigong on its team) to her saving target.
TABLE = {
    Action.VIEW: {"admin", "dangwei", "shuji", "dangyuan", "zhigong"},  # with the project
    Action.DELETE: {"admin", "dangwei", "shuji", "dangyuan"},  # whoever may change the project
}


@pytest.fixture
def link(company, running, targets):
    project_member_add(actor=system_actor(), project=running, person=company.users["zhigong"].person)
    return services.project_target_link(actor=company.users["dangyuan"], project=running, target=targets.own)


@pytest.mark.parametrize("action", list(TABLE))
def test_who_may_see_and_remove_a_projects_link(users, link, action):
    row = ProjectContribution.objects.get(pk=link.pk)
    assert {name for name in PERSONAS if may(users[name], action, row)} == TABLE[action]


def test_a_link_is_listed_with_its_project_or_its_target(users, link):
    from vanguard.contributions.selectors import project_target_visible

    seen = {name for name in PERSONAS if project_target_visible(user=users[name]).filter(pk=link.pk).exists()}
    assert seen == TABLE[Action.VIEW]


def test_removing_a_link_out_of_reach_answers_404_and_removes_nothing(client_as, link):
    assert client_as("zhigong").post(f"/contributions/{link.pk}/remove/").status_code == 404
    assert client_as("outsider").post(f"/contributions/{link.pk}/remove/").status_code == 404
    assert TargetContribution.objects.filter(pk=link.pk).exists()


def test_the_link_keeps_its_project_and_goes_with_its_contribution(company, link):
    row = ProjectContribution.objects.get(pk=link.pk)
    assert row.project_id == link.source_id
    with pytest.raises(ProtectedError):
        Project.objects.filter(pk=link.source_id).delete()  # the admin's delete, say
    assert Project.objects.filter(pk=link.source_id).exists()
    services.project_target_unlink(actor=company.users["shuji"], contribution=link)
    assert not ProjectContribution.objects.filter(pk=link.pk).exists()


@pytest.mark.parametrize(("action", "actor"), [("withdraw", "dangyuan"), ("reject", "dangwei")])
def test_a_project_withdrawn_or_rejected_serves_no_target(company, project, targets, action, actor):
    link = services.project_target_link(actor=company.users["dangyuan"], project=project, target=targets.own)
    project_transition(actor=company.users[actor], project=project, action=action, reason="调岗")
    assert not TargetContribution.objects.filter(pk=link.pk).exists()
    assert not ProjectContribution.objects.filter(pk=link.pk).exists()
    assert AuditEvent.objects.filter(action="target_contribution.unlink", object_id=str(link.pk)).exists()


def test_every_demo_link_has_its_project_row(company):
    links = TargetContribution.objects.filter(source="projects.project")
    assert links.exists()
    pairs = set(links.values_list("pk", "source_id"))
    assert set(ProjectContribution.objects.values_list("contribution_id", "project_id")) == pairs


def test_the_migration_gives_each_existing_link_its_row(company):
    from importlib import import_module

    migration = import_module("vanguard.contributions.migrations.0001_initial")
    ProjectContribution.objects.all().delete()
    migration.link_existing(apps, None)
    pairs = set(TargetContribution.objects.filter(source="projects.project").values_list("pk", "source_id"))
    assert set(ProjectContribution.objects.values_list("contribution_id", "project_id")) == pairs


def test_the_secretary_is_offered_only_targets_he_sees(client_as, company, running, targets):
    body = client_as("shuji").get(f"/projects/{running.pk}/").content.decode()
    form = re.search(r'data-testid="link-target-form".*?</select>', body, re.S).group(0)
    offered = {int(v) for v in re.findall(r'<option value="(\d+)"', form)}
    assert offered and targets.other_branch.pk not in offered
    assert offered <= set(Target.objects.restrict(company.users["shuji"]).values_list("pk", flat=True))
