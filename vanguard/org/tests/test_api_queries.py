"""API list endpoints cost the same number of queries however many rows they return."""

import pytest
from rest_framework.test import APIClient

from vanguard.core.access import system_actor
from vanguard.core.models import TaskRun
from vanguard.core.testing import assert_max_queries, page_queries
from vanguard.org import services
from vanguard.org.choices import MembershipStatus, PartyOrgKind, Role, UnitKind
from vanguard.org.models import PartyOrg, Unit, User

LISTS = [
    ("dangwei", "/api/v1/party-orgs/"),
    ("shuji", "/api/v1/party-orgs/"),
    ("dangwei", "/api/v1/units/"),
    ("shuji", "/api/v1/units/"),
    ("dangwei", "/api/v1/people/"),
    ("shuji", "/api/v1/people/"),
    ("shuji", "/api/v1/people/?is_member=true"),
    ("dangwei", "/api/v1/memberships/"),
    ("admin", "/api/v1/role-assignments/"),
    ("dangwei", "/api/v1/role-assignments/"),
    ("admin", "/api/v1/audit-events/"),
    ("shuji", "/api/v1/tasks/"),
]
MAX_QUERIES = 10


def request(username, url):
    """(rows listed, queries run) for one request by a freshly loaded user (no cached scope).

    Rows listed is the list's count: a list longer than one page (the audit trail of the demo)
    still grows, and its page is serialised in full both times."""
    client = APIClient()
    client.force_authenticate(User.objects.get(username=username))
    separator = "&" if "?" in url else "?"
    queries, response = page_queries(client, f"{url}{separator}page_size=500")
    return response.json()["count"], queries


def grow(company, n, start=0):
    """Add ``n`` of everything the lists show, inside the secretary's branch and team."""
    area = Unit.objects.get(path=company.team.path[: -2 * Unit.steplen])
    rows = []
    for i in range(start, start + n):
        unit = services.unit_create(actor=system_actor(), parent=area, name=f"新班{i}", kind=UnitKind.TEAM)
        services.party_org_create(
            actor=system_actor(), parent=company.branch, name=f"新党小组{i}", kind=PartyOrgKind.GROUP, units=[unit]
        )
        rows.append(
            {
                "name": f"新人{i}",
                "employee_no": f"G{i:05d}",
                "gender": "M",
                "unit_id": unit.pk,
                "political_status": "member",
                "membership": {
                    "party_org_id": company.branch.pk,
                    "status": MembershipStatus.FULL,
                    "joined_on": None,
                    "regularised_on": None,
                    "post": "member",
                },
            }
        )
    services.person_bulk_upsert(actor=system_actor(), rows=rows)
    team = Unit.objects.get(pk=company.team.pk)
    for i in range(start, start + n):
        user = services.user_create(actor=system_actor(), username=f"grow{i}", password="x")
        services.role_assign(actor=system_actor(), user=user, role=Role.TEAM_LEADER, unit=team)
        TaskRun.objects.create(name="grow", owner=company.users["shuji"])


@pytest.mark.parametrize(("username", "url"), LISTS)
def test_list_query_count_does_not_grow_with_rows(company, username, url):
    grow(company, 1)  # every list holds at least one row (an empty page skips its query)
    request(username, url)  # warm process-wide caches (content types, …)
    small_rows, small_queries = request(username, url)
    grow(company, 12, start=1)
    large_rows, large_queries = request(username, url)
    assert large_rows > small_rows, "the second measurement returns more rows"
    assert large_queries == small_queries <= MAX_QUERIES


def test_detail_costs_few_queries(company):
    client = APIClient()
    client.force_authenticate(User.objects.get(username="shuji"))
    with assert_max_queries(MAX_QUERIES):
        assert client.get(f"/api/v1/party-orgs/{company.branch.pk}/").status_code == 200
    assert PartyOrg.objects.filter(pk=company.branch.pk).exists()
