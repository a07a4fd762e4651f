"""Record once: an adopted suggestion carried on as a project (its fields, its people, linked both ways) or as
a finding raised from it; a suggestion not adopted, or already carried on, or a user who may not, changes nothing."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from vanguard.core.exceptions import ScopeError
from vanguard.core.models import AuditEvent
from vanguard.core.testing import database_fingerprint
from vanguard.projects.choices import ProjectKind, ProjectStatus
from vanguard.voices.models import CoProposer, Finding
from vanguard.voices.services.carry_on import suggestion_project_create

pytestmark = pytest.mark.django_db
END = timezone.localdate() + timedelta(days=180)


def _carry_on(company, suggestion, actor="dangwei", kind=ProjectKind.INNOVATION):
    return suggestion_project_create(
        actor=company.users[actor], suggestion=suggestion, kind=kind, branch=company.branch, end_date=END
    )


def test_an_adopted_suggestion_becomes_a_project_led_by_its_proposer(company, adopted):
    CoProposer.objects.create(suggestion=adopted, person=company.users["banzhang"].person)
    project = _carry_on(company, adopted)
    adopted.refresh_from_db()
    assert adopted.project == project
    assert (project.title, project.problem, project.expected_benefit) == (
        adopted.title, adopted.content, adopted.expected_benefit,
    )  # fmt: skip
    assert project.leader == adopted.proposer and project.status == ProjectStatus.PROPOSED
    assert set(project.members.values_list("person__user__username", flat=True)) == {"zhigong", "banzhang"}
    assert AuditEvent.objects.filter(action="suggestion.project", object_id=str(adopted.pk)).count() == 1


@pytest.mark.parametrize("persona", ["zhigong", "shuji"])
def test_who_may_not_carry_it_on_changes_nothing(company, adopted, persona):
    before = database_fingerprint()
    with pytest.raises((ScopeError, ValidationError)):
        _carry_on(company, adopted, actor=persona)
    assert database_fingerprint() == before


def test_a_suggestion_not_adopted_is_refused(company, submitted):
    before = database_fingerprint()
    with pytest.raises(ValidationError, match="已采纳"):
        _carry_on(company, submitted)
    assert database_fingerprint() == before


def test_a_suggestion_already_a_project_is_refused(company, adopted):
    _carry_on(company, adopted)
    before = database_fingerprint()
    with pytest.raises(ValidationError, match="已转为项目"):
        _carry_on(company, adopted)
    assert database_fingerprint() == before


def test_a_merit_project_needs_a_party_member_to_lead_it(company, adopted):
    before = database_fingerprint()
    with pytest.raises(ValidationError, match="党员"):
        _carry_on(company, adopted, kind=ProjectKind.MERIT)  # zhigong is not a member
    assert database_fingerprint() == before


def test_the_page_shows_what_the_suggestion_became_and_the_ways_on(client_as, company, adopted):
    client = client_as("dangwei")
    page = client.get(f"/voices/suggestions/{adopted.pk}/").content.decode()
    assert 'data-testid="form-project"' in page and f"/voices/findings/new/?suggestion={adopted.pk}" in page
    response = client.post(
        f"/voices/suggestions/{adopted.pk}/project/",
        {"kind": ProjectKind.INNOVATION, "branch": company.branch.pk, "end_date": END.isoformat()},
    )
    adopted.refresh_from_db()
    assert response.status_code == 302 and response.url == f"/projects/{adopted.project_id}/"
    page = client.get(f"/voices/suggestions/{adopted.pk}/").content.decode()
    assert 'data-testid="suggestion-project"' in page and 'data-testid="form-project"' not in page


def test_a_finding_raised_from_the_suggestion_is_listed_on_its_page(client_as, company, adopted, raised):
    from vanguard.voices.services.findings import finding_create

    assert client_as("shuji").get(f"/voices/findings/new/?suggestion={adopted.pk}").status_code == 200
    finding = finding_create(
        actor=company.users["shuji"], **{**raised, "source_kind": "suggestion", "suggestion": adopted}
    )
    page = client_as("dangwei").get(f"/voices/suggestions/{adopted.pk}/").content.decode()
    assert 'data-testid="suggestion-finding"' in page and finding.title in page
    assert Finding.objects.get(pk=finding.pk).suggestion == adopted


def test_the_proposer_sees_the_project_but_no_form(client_as, company, adopted):
    _carry_on(company, adopted)
    page = client_as("zhigong").get(f"/voices/suggestions/{adopted.pk}/").content.decode()
    assert 'data-testid="suggestion-project"' in page  # he leads it
    assert 'data-testid="form-project"' not in page
