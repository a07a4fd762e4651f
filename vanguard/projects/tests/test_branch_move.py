"""An application cannot be moved to a branch its editor may not submit for: refused, and nothing changes."""

import pytest
from django.core.exceptions import ValidationError

from vanguard.core.testing import database_fingerprint, fingerprint_changes
from vanguard.org.choices import PartyOrgKind
from vanguard.org.models import PartyOrg
from vanguard.projects.models import Project

pytestmark = pytest.mark.django_db


def _other_branch(company):
    return PartyOrg.objects.filter(kind=PartyOrgKind.BRANCH).exclude(pk=company.branch.pk).order_by("pk").first()


@pytest.mark.parametrize("persona", ["dangyuan", "shuji"])
def test_the_api_refuses_to_move_a_project_to_another_branch(api_as, company, project, persona):
    client = api_as(persona)
    other = _other_branch(company)
    before, row = database_fingerprint(), Project.objects.filter(pk=project.pk).values().get()
    response = client.patch(
        f"/api/v1/projects/{project.pk}/", {"branch": other.pk, "version": project.version}, format="json"
    )
    assert response.status_code == 400 and "branch" in response.json(), response.content
    assert Project.objects.filter(pk=project.pk).values().get() == row
    assert fingerprint_changes(before, database_fingerprint()) == []


@pytest.mark.parametrize("persona", ["dangyuan", "shuji"])
def test_the_service_refuses_to_move_a_project_to_another_branch(company, project, persona):
    from vanguard.projects import services

    other = _other_branch(company)
    before, row = database_fingerprint(), Project.objects.filter(pk=project.pk).values().get()
    with pytest.raises(ValidationError):
        services.project_update(
            actor=company.users[persona], project=project, data={"branch": other}, expected_version=project.version
        )
    assert Project.objects.filter(pk=project.pk).values().get() == row
    assert fingerprint_changes(before, database_fingerprint()) == []


def test_the_committee_office_may_move_it(company, project):
    from vanguard.projects import services

    other = _other_branch(company)
    moved = services.project_update(
        actor=company.users["dangwei"], project=project, data={"branch": other}, expected_version=project.version
    )
    assert moved.branch_id == other.pk
