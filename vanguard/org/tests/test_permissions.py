"""Who may open which page and call which endpoint: personas × URLs × expected answer.

The rules the matrix holds:

- Anonymous: every page redirects to the login page; every API endpoint answers 401.
- Out of scope answers 404, the same as "does not exist".
- Roster pages (trees, person list, create, edit, import/export) are for roles with
  roster access (系统管理员, 党委管理员, 支部书记 …). A member or a worker sees only their
  own record, so for them the roster list pages answer 404 rather than a list of one.
- API list endpoints answer 200 for every logged-in persona, with only what is in
  scope (a member gets a list holding their own record).
- An object the user may see but not change: pages answer 404 on the edit form (its
  queryset is the ``change`` scope); the API answers 403 on a write. Creating without
  any role that may create answers 403 in the API.

A new page or endpoint gets one line here; ``test_every_route_is_in_the_matrix`` fails
until it has one.
"""

import pytest

from vanguard.core.models import AuditEvent, TaskRun
from vanguard.core.testing import Case, check, expand, expect, stray_choices, uncovered
from vanguard.org.choices import PartyOrgKind, UnitKind
from vanguard.org.demo import DEMO_PASSWORD
from vanguard.org.models import PartyOrg, Unit

ROSTER = {"admin": 200, "dangwei": 200, "shuji": 200}
COMMITTEE = {"admin": 200, "dangwei": 200}


def person(name):
    def url(c):
        return c.users[name].person

    return url


def zhigong_url(suffix=""):
    return lambda c: f"/org/people/{c.users['zhigong'].person.pk}/{suffix}"


def shuji_task(c):
    task, _ = TaskRun.objects.get_or_create(name="matrix", owner=c.users["shuji"], defaults={"label": "权限矩阵"})
    return task


def shuji_export(c):
    """A finished export of shuji's, its file on disk: his to open and download, 404 to everyone else."""
    from vanguard.core.exports import EXPORT_TASK, export_dir

    folder = export_dir(c.users["shuji"])
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "matrix.xlsx").write_bytes(b"PK")
    result = {"file": "matrix.xlsx", "filename": "台账.xlsx"}
    run, _ = TaskRun.objects.get_or_create(
        name=EXPORT_TASK, owner=c.users["shuji"], defaults={"label": "导出", "status": "done", "result": result}
    )
    return run


def shuji_assignment(c):
    return c.users["shuji"].role_assignments.get()


def groups(c):
    return list(PartyOrg.objects.filter(path__startswith=c.branch.path, kind=PartyOrgKind.GROUP).order_by("path"))


def version_of(model, pk):
    return model.objects.values_list("version", flat=True).get(pk=pk)


def area_of(team):
    return Unit.objects.get(path=team.path[: -2 * Unit.steplen])


PAGES = [
    Case("/", expect(200)),
    Case("/org/overview/", expect(404, **ROSTER)),
    Case("/org/party-orgs/", expect(404, **ROSTER)),
    Case("/org/party-orgs/new/", expect(404, **ROSTER)),
    Case(lambda c: f"/org/party-orgs/{c.branch.pk}/", expect(404, **ROSTER), label="branch"),
    Case(lambda c: f"/org/party-orgs/{c.other_branch.pk}/", expect(404, **COMMITTEE), label="other branch"),
    Case(lambda c: f"/org/party-orgs/{c.branch.pk}/edit/", expect(404, **ROSTER), label="branch edit"),
    Case(lambda c: f"/org/party-orgs/{c.committee.pk}/edit/", expect(404, **COMMITTEE), label="committee edit"),
    Case(lambda c: f"/org/party-orgs/{c.branch.pk}/move/", expect(404, **ROSTER), label="branch move"),
    Case("/org/units/", expect(404, **ROSTER)),
    Case("/org/units/new/", expect(404, **ROSTER)),
    Case(lambda c: f"/org/units/{c.team.pk}/", expect(404, **ROSTER), label="team"),
    Case(lambda c: f"/org/units/{c.other_team.pk}/", expect(404, **COMMITTEE), label="other team"),
    Case(lambda c: f"/org/units/{c.team.pk}/edit/", expect(404, **ROSTER), label="team edit"),
    Case(lambda c: f"/org/units/{c.team.pk}/move/", expect(404, **ROSTER), label="team move"),
    Case("/org/people/", expect(404, **ROSTER)),
    Case("/org/people/export/", expect(404, **ROSTER)),
    Case("/org/people/import/", expect(404, **ROSTER)),
    Case("/org/people/import/template/", expect(404, **ROSTER)),
    Case("/org/people/new/", expect(404, **ROSTER)),
    Case(zhigong_url(), expect(404, **ROSTER, zhigong=200), label="zhigong's record"),
    Case(
        lambda c: f"/org/people/{c.users['outsider'].person.pk}/",
        expect(404, **COMMITTEE, outsider=200),
        label="outsider's record",
    ),
    Case(zhigong_url("edit/"), expect(404, **ROSTER), label="zhigong edit"),
    Case(zhigong_url("membership/"), expect(404, **ROSTER), label="zhigong membership"),
    Case("/org/me/", expect(302, admin=404)),
    Case("/org/roles/", expect(404, **COMMITTEE)),
    Case("/org/roles/new/", expect(404, **COMMITTEE)),
    Case(
        lambda c: f"/org/roles/{shuji_assignment(c).pk}/revoke/",
        expect(404, admin=302, dangwei=302),
        method="post",
        label="revoke shuji's role",
    ),
    # core
    Case("/accounts/login/", expect(302, anonymous=200)),
    Case("/accounts/logout/", expect(302), method="post"),
    Case("/accounts/password/", expect(200)),
    Case("/audit/", expect(404, admin=200)),
    Case(
        lambda c: f"/audit/org.person/{c.users['zhigong'].person.pk}/",
        expect(404, **ROSTER, zhigong=200),
        label="zhigong's history",
    ),
    Case(lambda c: f"/tasks/{shuji_task(c).pk}/", expect(404, admin=200, shuji=200), label="shuji's task"),
    Case("/healthz", expect(200, anonymous=200)),
    Case(lambda c: f"/exports/{shuji_export(c).pk}/", expect(404, admin=200, shuji=200), label="shuji's export"),
    Case(
        lambda c: f"/exports/{shuji_export(c).pk}/download/",
        expect(404, admin=200, shuji=200),
        label="shuji's export file",
    ),
    Case("/ping/", expect(200), label="the cheapest signed-in page"),
    # The test client calls from loopback; other addresses are refused (core/tests/test_metrics.py).
    Case("/metrics", expect(200, anonymous=200)),
    # A picker's search answers everyone logged in, with only what the source lets him choose.
    Case("/picker/campaigns.target_owner/?q=a", expect(200), label="picker search"),
    Case("/picker/campaigns.commitment_person/?q=a", expect(200), label="commitment picker search"),
    Case("/picker/no.such.source/?q=a", expect(404), label="picker unknown source"),
    Case("/favicon.ico", expect(301, anonymous=301), label="old default icon"),
]

ALL = expect(200)
CREATED = expect(403, admin=201, dangwei=201, shuji=201)
CHANGED = expect(404, **ROSTER)


def api(url, expected, **kwargs):
    return Case(url, expected, api=True, **kwargs)


API = [
    api("/api/v1/", expect(302, anonymous=302)),
    api(
        "/api/v1/auth/token/",
        expect(200, anonymous=200),
        method="post",
        data={"username": "zhigong", "password": DEMO_PASSWORD},
    ),
    api("/api/v1/schema/", expect(200, anonymous=200)),
    api("/api/v1/docs/", expect(200, anonymous=200)),
    # party orgs
    api("/api/v1/party-orgs/", ALL),
    api(lambda c: f"/api/v1/party-orgs/{c.branch.pk}/", expect(404, **ROSTER), label="api branch"),
    api(lambda c: f"/api/v1/party-orgs/{c.other_branch.pk}/", expect(404, **COMMITTEE), label="api other branch"),
    api(
        "/api/v1/party-orgs/",
        CREATED,
        method="post",
        label="api party org create",
        data=lambda c: {"name": "第九党小组", "kind": PartyOrgKind.GROUP, "parent": c.branch.pk},
    ),
    api(
        lambda c: f"/api/v1/party-orgs/{c.branch.pk}/",
        CHANGED,
        method="patch",
        label="api branch update",
        data=lambda c: {"code": "B1", "version": version_of(PartyOrg, c.branch.pk)},
    ),
    api(
        lambda c: f"/api/v1/party-orgs/{groups(c)[1].pk}/move/",
        CHANGED,
        method="post",
        label="api group move",
        data=lambda c: {"parent": groups(c)[0].pk},
    ),
    # units
    api("/api/v1/units/", ALL),
    api(lambda c: f"/api/v1/units/{c.team.pk}/", expect(404, **ROSTER), label="api team"),
    api(lambda c: f"/api/v1/units/{c.other_team.pk}/", expect(404, **COMMITTEE), label="api other team"),
    api(
        "/api/v1/units/",
        CREATED,
        method="post",
        label="api unit create",
        data=lambda c: {"name": "丁班", "kind": UnitKind.TEAM, "parent": area_of(c.team).pk},
    ),
    api(
        lambda c: f"/api/v1/units/{c.team.pk}/",
        CHANGED,
        method="patch",
        label="api team update",
        data=lambda c: {"code": "T1", "version": version_of(Unit, c.team.pk)},
    ),
    api(
        lambda c: f"/api/v1/units/{c.team.pk}/move/",
        CHANGED,
        method="post",
        label="api team move",
        data=lambda c: {"parent": area_of(c.team).pk},
    ),
    # people
    api("/api/v1/people/", ALL),
    api(
        lambda c: f"/api/v1/people/{c.users['zhigong'].person.pk}/",
        expect(404, **ROSTER, zhigong=200),
        label="api zhigong",
    ),
    api(
        lambda c: f"/api/v1/people/{c.users['outsider'].person.pk}/",
        expect(404, **COMMITTEE, outsider=200),
        label="api outsider",
    ),
    api(
        "/api/v1/people/import/",
        expect(403, admin=400, dangwei=400, shuji=400),
        method="post",
        format="multipart",
        data={"dry_run": "true"},
        label="api roster import without a file",
    ),
    api(
        "/api/v1/people/",
        CREATED,
        method="post",
        label="api person create",
        data=lambda c: {"name": "新员工", "employee_no": "N900001", "gender": "M", "unit": c.team.pk},
    ),
    api(
        lambda c: f"/api/v1/people/{c.users['zhigong'].person.pk}/",
        expect(404, **ROSTER, zhigong=403),
        method="patch",
        label="api zhigong update",
        data=lambda c: {"position": "班长", "version": c.users["zhigong"].person.version},
    ),
    api(
        lambda c: f"/api/v1/people/{c.users['zhigong'].person.pk}/",
        expect(405),
        method="delete",
        label="api person delete (never: people leave by is_active)",
    ),
    # memberships
    api("/api/v1/memberships/", ALL),
    api(
        lambda c: f"/api/v1/memberships/{c.users['dangyuan'].person.membership.pk}/",
        expect(404, **ROSTER, dangyuan=200),
        label="api dangyuan membership",
    ),
    api(
        "/api/v1/memberships/",
        CREATED,
        method="post",
        label="api membership create",
        data=lambda c: {
            "person": c.users["zhigong"].person.pk,
            "party_org": c.branch.pk,
            "status": "probationary",
            "joined_on": "2024-07-01",
        },
    ),
    api(
        lambda c: f"/api/v1/memberships/{c.users['dangyuan'].person.membership.pk}/",
        expect(404, **ROSTER, dangyuan=403),
        method="patch",
        label="api dangyuan membership update",
        data=lambda c: {"post": "group_leader", "version": c.users["dangyuan"].person.membership.version},
    ),
    # role assignments
    api("/api/v1/role-assignments/", ALL),
    api(
        lambda c: f"/api/v1/role-assignments/{shuji_assignment(c).pk}/", expect(404, **ROSTER), label="api shuji's role"
    ),
    api(
        "/api/v1/role-assignments/",
        expect(403, admin=201, dangwei=201),
        method="post",
        label="api role assign",
        data=lambda c: {"user": c.users["zhigong"].pk, "role": "team_leader", "unit": c.team.pk},
    ),
    api(
        lambda c: f"/api/v1/role-assignments/{shuji_assignment(c).pk}/",
        expect(404, admin=204, dangwei=204, shuji=403),
        method="delete",
        label="api role revoke",
    ),
    # audit and tasks
    api("/api/v1/audit-events/", ALL),
    api(
        lambda c: f"/api/v1/audit-events/{AuditEvent.objects.order_by('id').first().pk}/",
        expect(404, admin=200),
        label="api audit event",
    ),
    api("/api/v1/tasks/", ALL),
    api(lambda c: f"/api/v1/tasks/{shuji_task(c).pk}/", expect(404, admin=200, shuji=200), label="api shuji's task"),
]

MATRIX = PAGES + API


@pytest.mark.parametrize(("case", "persona", "expected"), expand(MATRIX))
def test_permission_matrix(client_as, company, case, persona, expected):
    check(client_as, company, case, persona, expected)


def test_every_route_is_in_the_matrix(company):
    """Pages of org and core, the org and core API, and the API's own schema and docs routes."""
    from django.urls import URLPattern

    from vanguard import api_urls
    from vanguard.core import urls as core_urls
    from vanguard.core.api import urls as core_api_urls
    from vanguard.org import urls as org_urls
    from vanguard.org.api import urls as org_api_urls

    api_own = [p for p in api_urls.urlpatterns if isinstance(p, URLPattern)]  # schema, docs
    routes = [
        *org_urls.urlpatterns,
        *core_urls.urlpatterns,
        *core_api_urls.urlpatterns,
        *org_api_urls.urlpatterns,
        *api_own,
    ]
    assert uncovered(MATRIX, company, routes) == []


def test_api_lists_hold_only_what_is_in_scope(api_as, company):
    """A member's person list holds exactly their own record; the secretary's never the outsider."""
    dangyuan = api_as("dangyuan").get("/api/v1/people/").json()
    assert [row["id"] for row in dangyuan["results"]] == [company.users["dangyuan"].person.pk]
    shuji_ids = {row["id"] for row in api_as("shuji").get("/api/v1/people/?page_size=500").json()["results"]}
    assert company.users["zhigong"].person.pk in shuji_ids
    assert company.users["outsider"].person.pk not in shuji_ids
    assert api_as("zhigong").get("/api/v1/party-orgs/").json()["count"] == 0


def test_no_form_or_filter_offers_a_secretary_another_branch(client_as, company):
    assert stray_choices(client_as, company, PAGES) == []
