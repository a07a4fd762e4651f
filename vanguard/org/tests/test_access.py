"""The org policy (``org/access.py``) read as a table against the demo personas, the roles granted
on units (班组长 on a team, 工会干部 on a plant) end to end, and the choice lists a branch
secretary is offered.
"""

import re

import pytest
from django.test import Client, RequestFactory

from vanguard.core import access
from vanguard.core.choices import Action
from vanguard.core.exceptions import ScopeError
from vanguard.core.models import AuditEvent
from vanguard.org import access as org_access
from vanguard.org import selectors, services
from vanguard.org.api.serializers import RoleAssignmentSerializer
from vanguard.org.choices import PartyOrgKind, Role, UnitKind
from vanguard.org.filters import PersonFilter
from vanguard.org.models import PartyMembership, PartyOrg, Person, RoleAssignment, Unit, User

pytestmark = pytest.mark.django_db

EVERYONE = ("admin", "dangwei", "shuji", "dangyuan", "zhigong", "outsider", "banzhang", "gonghui")
OFFICE = {"admin", "dangwei"}
BRANCH = OFFICE | {"shuji"}
ON_THE_TEAM = BRANCH | {"banzhang", "gonghui"}  # zhigong's team: its branch, its leader, its plant's union


def plant(c):
    return Unit.objects.get(depth=2, name="轧管厂")


ROWS = {
    "branch": lambda c: c.branch,
    "other branch": lambda c: c.other_branch,
    "committee": lambda c: c.committee,
    "team": lambda c: c.team,
    "other team": lambda c: c.other_team,
    "plant": plant,
    "zhigong": lambda c: c.users["zhigong"].person,
    "dangyuan": lambda c: c.users["dangyuan"].person,
    "outsider": lambda c: c.users["outsider"].person,
    "dangwei": lambda c: c.users["dangwei"].person,
    "dangyuan's membership": lambda c: c.users["dangyuan"].person.membership,
    "dangyuan's transfer": lambda c: c.users["dangyuan"].person.transfers.first(),
    "shuji's role": lambda c: c.users["shuji"].role_assignments.get(),
    "banzhang's role": lambda c: c.users["banzhang"].role_assignments.get(),
    "zhigong's account": lambda c: c.users["zhigong"],
    "outsider's account": lambda c: c.users["outsider"],
}

# Who may do what: (row, action, the personas who may). Everyone else may not.
TABLE = [
    ("branch", Action.VIEW, BRANCH),
    ("branch", Action.CHANGE, BRANCH),
    ("other branch", Action.VIEW, OFFICE),
    ("committee", Action.VIEW, OFFICE),
    ("committee", Action.CHANGE, OFFICE),
    ("team", Action.VIEW, ON_THE_TEAM),
    ("team", Action.CHANGE, BRANCH),
    ("other team", Action.VIEW, OFFICE),
    ("plant", Action.VIEW, OFFICE | {"gonghui"}),
    ("plant", Action.CHANGE, OFFICE),
    ("zhigong", Action.VIEW, ON_THE_TEAM | {"zhigong"}),
    ("zhigong", Action.CHANGE, BRANCH),
    ("dangyuan", Action.VIEW, ON_THE_TEAM | {"dangyuan"}),
    ("outsider", Action.VIEW, OFFICE | {"outsider"}),
    ("outsider", Action.CHANGE, OFFICE),
    ("dangwei", Action.VIEW, OFFICE),
    # A membership is read through the party org: the team leader and the union cadre do not reach it.
    ("dangyuan's membership", Action.VIEW, BRANCH | {"dangyuan"}),
    ("dangyuan's membership", Action.CHANGE, BRANCH),
    ("dangyuan's transfer", Action.VIEW, ON_THE_TEAM | {"dangyuan"}),
    ("shuji's role", Action.VIEW, BRANCH),
    ("shuji's role", Action.DELETE, OFFICE),
    ("banzhang's role", Action.VIEW, OFFICE | {"banzhang"}),
    ("banzhang's role", Action.DELETE, OFFICE),
    ("zhigong's account", Action.VIEW, ON_THE_TEAM | {"zhigong"}),
    ("outsider's account", Action.VIEW, OFFICE | {"outsider"}),
]

ABILITIES = [
    (org_access.SEE_ROSTER, BRANCH | {"banzhang", "gonghui"}),
    (org_access.EDIT_ROSTER, BRANCH),
    (org_access.SEE_ID_CARDS, OFFICE),
    (org_access.ASSIGN_ROLES, OFFICE),
    (org_access.ADD_TOP_NODES, {"admin"}),
    (org_access.GRANT_GLOBAL, {"admin"}),
]


def fresh(user):
    """The user loaded again: no scope or answers cached from an earlier check."""
    return User.objects.get(pk=user.pk)


@pytest.mark.parametrize(("row", "action", "allowed"), TABLE, ids=[f"{a} {r}" for r, a, _ in TABLE])
def test_who_may_do_what(company, row, action, allowed):
    obj = ROWS[row](company)
    answers = {name for name in EVERYONE if access.may(fresh(company.users[name]), action, obj)}
    assert answers == allowed


@pytest.mark.parametrize(("ability", "allowed"), ABILITIES, ids=[a.name for a, _ in ABILITIES])
def test_who_holds_each_ability(company, ability, allowed):
    assert {name for name in EVERYONE if access.may(fresh(company.users[name]), ability)} == allowed


def test_every_org_model_and_core_record_has_a_declared_policy():
    from vanguard.core.models import TaskRun
    from vanguard.org.models import MembershipTransfer

    models = (PartyOrg, Unit, Person, PartyMembership, MembershipTransfer, RoleAssignment, User, AuditEvent, TaskRun)
    assert all(access.policy_for(model) is not None for model in models)
    assert not any(hasattr(model, "scope_filter") for model in models)


# ---------------------------------------------------------------- roles granted on units


def test_a_team_leader_sees_the_people_of_the_team_and_nothing_else(company):
    leader = company.users["banzhang"]
    team_people = set(Person.objects.filter(unit__path__startswith=company.team.path))
    assert set(Person.objects.restrict(leader)) == team_people
    assert set(Unit.objects.restrict(leader)) == {company.team}
    assert not PartyOrg.objects.restrict(leader).exists()
    assert not Person.objects.restrict(leader, Action.CHANGE).exists()


def test_a_union_cadre_sees_the_people_of_the_plant_and_nothing_else(company):
    cadre, works = company.users["gonghui"], plant(company)
    people = set(Person.objects.restrict(cadre))
    assert people == set(Person.objects.filter(unit__path__startswith=works.path))
    assert company.users["zhigong"].person in people and company.users["outsider"].person not in people
    assert (
        len(people) > Person.objects.restrict(company.users["shuji"]).filter(unit__path__startswith=works.path).count()
    )
    assert set(Unit.objects.restrict(cadre)) == set(Unit.objects.filter(path__startswith=works.path))


def employee_numbers(page):
    return set(re.findall(r"<td[^>]*>(T\d{6})</td>", page))


def test_the_team_leader_s_pages(client_as, company):
    client = client_as("banzhang")
    team = set(Person.objects.filter(unit=company.team).values_list("employee_no", flat=True))
    assert employee_numbers(client.get("/org/people/").content.decode()) == team
    nav = client.get("/").content.decode()
    assert "人员花名册" in nav and "/org/people/import/" not in nav and "/org/roles/" not in nav
    assert client.get(f"/org/units/{company.team.pk}/").status_code == 200
    assert client.get(f"/org/units/{company.other_team.pk}/").status_code == 404
    assert client.get(f"/org/party-orgs/{company.branch.pk}/").status_code == 404
    zhigong = company.users["zhigong"].person
    assert client.get(f"/org/people/{zhigong.pk}/").status_code == 200
    assert client.get(f"/org/people/{zhigong.pk}/edit/").status_code == 404
    assert client.get(f"/org/people/{company.users['outsider'].person.pk}/").status_code == 404
    assert client.get("/org/people/new/").status_code == 404
    assert client.get("/org/people/export/").status_code == 200


def test_the_member_s_party_org_is_not_linked_for_a_team_leader(client_as, company):
    dangyuan = company.users["dangyuan"].person
    page = client_as("banzhang").get(f"/org/people/{dangyuan.pk}/").content.decode()
    assert dangyuan.membership.party_org.name in page
    assert f"/org/party-orgs/{dangyuan.membership.party_org_id}/" not in page
    assert f"/org/units/{dangyuan.unit_id}/" in page


def _grant_on_the_page(client, person, role, unit):
    response = client.post(
        "/org/roles/new/",
        {"employee_no": person.employee_no, "role": role, "unit": unit.pk, "include_descendants": "on",
         "password": "Pipe-mill-2026"},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()
    return User.objects.get(person=person)


@pytest.mark.parametrize(("role", "kind"), [(Role.TEAM_LEADER, UnitKind.TEAM), (Role.UNION_CADRE, UnitKind.PLANT)])
def test_the_office_grants_a_unit_role_on_the_page_and_the_roster_follows(client_as, company, role, kind):
    """The role page offers the units by full path; the new account's roster is that unit's people."""
    office = client_as("dangwei")
    form = office.get("/org/roles/new/").content.decode()
    unit = Unit.objects.filter(kind=kind).exclude(path__startswith=plant(company).path).order_by("path").last()
    assert f'<option value="{unit.pk}">' in form
    person = Person.objects.filter(unit__path__startswith=unit.path, user=None).order_by("employee_no").first()
    user = _grant_on_the_page(office, person, role, unit)
    assert RoleAssignment.objects.filter(user=user, role=role, unit=unit, party_org=None).exists()
    client = Client()
    client.force_login(user)
    listed = employee_numbers(client.get("/org/people/").content.decode())
    expected = set(Person.objects.filter(unit__path__startswith=unit.path).values_list("employee_no", flat=True))
    assert listed == expected or (len(listed) == 25 and listed < expected)
    assert set(Person.objects.restrict(user).values_list("employee_no", flat=True)) == expected
    roles = office.get(f"/org/roles/?role={role}").content.decode()
    place = selectors.path_labels(Unit, [unit])[unit.path]
    assert f">{place}</td>" in roles  # the place by its full path: teams share their names


# ---------------------------------------------------------------- what a branch secretary is offered


def options(page, name):
    select = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', page, re.S)
    assert select, f"no select {name}"
    return {int(v) for v in re.findall(r'<option value="(\d+)"', select.group(1))}


def test_every_form_and_filter_offers_the_secretary_only_his_orgs_units_and_people(client_as, company):
    shuji = company.users["shuji"]
    orgs = set(PartyOrg.objects.restrict(shuji).values_list("pk", flat=True))
    units = set(Unit.objects.restrict(shuji).values_list("pk", flat=True))
    zhigong, dangyuan = company.users["zhigong"].person, company.users["dangyuan"].person
    group = PartyOrg.objects.filter(path__startswith=company.branch.path, kind=PartyOrgKind.GROUP).first()
    pages = {
        "/org/people/": {"unit": units, "party_org": orgs},
        "/org/people/new/": {"unit": units},
        f"/org/people/{zhigong.pk}/edit/": {"unit": units},
        f"/org/people/{dangyuan.pk}/membership/": {"party_org": orgs},
        "/org/party-orgs/new/": {"parent": orgs, "units": units},
        f"/org/party-orgs/{company.branch.pk}/edit/": {"units": units},
        f"/org/party-orgs/{group.pk}/move/": {"new_parent": orgs},
        "/org/units/new/": {"parent": units},
        f"/org/units/{company.team.pk}/move/": {"new_parent": units},
    }
    client = client_as("shuji")
    for url, selects in pages.items():
        page = client.get(url).content.decode()
        for name, allowed in selects.items():
            offered = options(page, name)
            assert offered and offered <= allowed, (url, name, offered - allowed)
            assert company.other_branch.pk not in offered and company.other_team.pk not in offered


def test_the_api_filters_and_fields_offer_the_secretary_only_his_nodes_and_people(company):
    shuji = company.users["shuji"]
    request = RequestFactory().get("/api/v1/people/")
    request.user = shuji
    form = PersonFilter({}, queryset=Person.objects.none(), request=request).form
    assert set(form.fields["unit"].queryset) == set(Unit.objects.restrict(shuji))
    assert set(form.fields["party_org"].queryset) == set(PartyOrg.objects.restrict(shuji))
    field = RoleAssignmentSerializer(context={"request": request}).fields["user"]
    accounts = set(field.get_queryset())
    assert company.users["zhigong"] in accounts and company.users["outsider"] not in accounts


def test_an_out_of_scope_filter_value_answers_as_if_it_did_not_exist(api_as, company):
    assert api_as("shuji").get(f"/api/v1/people/?unit={company.other_team.pk}").status_code == 400
    assert api_as("shuji").get("/api/v1/people/?unit=999999").status_code == 400
    assert api_as("shuji").get(f"/api/v1/people/?unit={company.team.pk}").status_code == 200


def test_whoever_sees_an_org_sees_the_units_it_covers(company):
    """Why the API lists an org's units without a restricted prefetch."""
    for name in EVERYONE:
        user = company.users[name]
        covered = set(Unit.objects.filter(party_orgs__in=PartyOrg.objects.restrict(user)))
        assert covered <= set(Unit.objects.restrict(user)), name


# ---------------------------------------------------------------- the SQL and the services


def test_the_person_filter_reads_the_small_tables_in_subqueries(company):
    """No join of the people to the membership or unit tables: the database reads only the people in scope."""
    sql = str(Person.objects.restrict(company.users["shuji"]).order_by().query)
    assert '"org_person"."id" IN (SELECT' in sql and '"org_person"."unit_id" IN (SELECT' in sql
    assert "JOIN" not in sql.split("WHERE")[0]


def test_refused_services_change_nothing(company):
    shuji, zhigong = company.users["shuji"], company.users["zhigong"]
    events = AuditEvent.objects.count()
    with pytest.raises(ScopeError, match="只有系统管理员可以新建顶级节点"):
        services.unit_create(actor=shuji, name="新公司", kind=UnitKind.COMPANY)
    with pytest.raises(ScopeError):
        services.user_create(actor=shuji, username="by-shuji", password="x")
    with pytest.raises(ScopeError, match="只有系统管理员可以创建超级用户"):
        services.user_create(actor=company.users["dangwei"], username="root2", password="x", is_superuser=True)
    with pytest.raises(ScopeError):
        services.membership_end(actor=zhigong, person=company.users["dangyuan"].person)
    with pytest.raises(ScopeError, match="只有系统管理员可以分配全局角色"):
        services.role_assign(actor=company.users["dangwei"], user=zhigong, role=Role.WORKER)
    assert AuditEvent.objects.count() == events
    assert not User.objects.filter(username__in=["by-shuji", "root2"]).exists()
    assert not Unit.objects.filter(name="新公司").exists()
    assert PartyMembership.objects.filter(person=company.users["dangyuan"].person).exists()
