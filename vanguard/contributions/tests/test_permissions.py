"""Who may link a project to a target and see the links: personas × URLs × expected answer.

Whoever may change the project (the office, the branch's secretary, the leader) links and
unlinks it; a team member sees the links with the project but may not change them; the
outsider sees nothing (404). A suggestion is linked and unlinked by the office and the secretary over
its unit; its proposer sees it but not the forms (404).
"""

import pytest

from vanguard.contributions import services
from vanguard.core.access import system_actor
from vanguard.core.testing import Case, check, expand, expect, uncovered
from vanguard.voices.tests.participation_kit import submit

CHANGES = {"admin": 302, "dangwei": 302, "shuji": 302, "dangyuan": 302}


def link(c):
    """The project's link to dangyuan's target (made once per test; URLs may be resolved twice)."""
    from vanguard.campaigns.models import TargetContribution

    existing = TargetContribution.objects.filter(target=c.target, source_id=c.project.pk).first()
    return existing or services.project_target_link(actor=system_actor(), project=c.project, target=c.target)


def suggestion_link(c):
    """dangyuan's suggestion linked to his target by the office (made once per test)."""
    from vanguard.campaigns.models import TargetContribution

    existing = TargetContribution.objects.filter(target=c.target, source_id=c.suggestion.pk, source="voices.suggestion")
    return existing.first() or services.suggestion_target_link(
        actor=system_actor(), suggestion=c.suggestion, target=c.target
    )


# A suggestion's links: the office and the secretary over its unit; its proposer sees it but does not link it.
SUGGESTION_LINKERS = {"admin": 302, "dangwei": 302, "shuji": 302}

MATRIX = [
    Case(
        lambda c: f"/contributions/projects/{c.project.pk}/targets/",
        expect(404, **CHANGES),
        method="post",
        data=lambda c: {"target": c.target.pk},
        label="link",
    ),
    Case(lambda c: f"/contributions/{link(c).pk}/remove/", expect(404, **CHANGES), method="post", label="unlink"),
    Case("/api/v1/project-targets/", expect(200), api=True),
    Case(
        lambda c: f"/api/v1/project-targets/{link(c).pk}/",
        expect(404, admin=200, dangwei=200, shuji=200, dangyuan=200, zhigong=200),  # zhigong is on the team
        api=True,
        label="api link",
    ),
    Case(
        "/api/v1/project-targets/",
        expect(400, admin=201, dangwei=201, shuji=201, dangyuan=201),  # the others do not see the target or project
        api=True,
        method="post",
        data=lambda c: {"project": c.project.pk, "target": c.target.pk},
        label="api link create",
    ),
    Case(
        lambda c: f"/api/v1/project-targets/{link(c).pk}/",
        expect(404, admin=204, dangwei=204, shuji=204, dangyuan=204, zhigong=403),
        api=True,
        method="delete",
        label="api unlink",
    ),
    Case(
        lambda c: f"/contributions/suggestions/{c.suggestion.pk}/targets/",
        expect(404, **SUGGESTION_LINKERS),
        method="post",
        data=lambda c: {"target": c.target.pk},
        label="suggestion link",
    ),
    Case(
        lambda c: f"/contributions/suggestions/{suggestion_link(c).pk}/remove/",
        expect(404, **SUGGESTION_LINKERS),
        method="post",
        label="suggestion unlink",
    ),
]


@pytest.fixture
def company(company, running, targets):
    from vanguard.projects.services import project_member_add

    project_member_add(actor=system_actor(), project=running, person=company.users["zhigong"].person, role="core")
    company.project = running
    company.target = targets.own
    company.suggestion = submit(company.users["dangyuan"].person, status="adopted")
    return company


@pytest.mark.parametrize(("case", "persona", "expected"), expand(MATRIX))
def test_permission_matrix(client_as, company, case, persona, expected):
    check(client_as, company, case, persona, expected)


def test_every_route_is_in_the_matrix(company):
    from vanguard.contributions import urls
    from vanguard.contributions.api import urls as api_urls

    assert uncovered(MATRIX, company, [*urls.urlpatterns, *api_urls.urlpatterns]) == []
