"""The demo company: exact sizes, one secretary per branch, a 党小组长 per group, the personas where the README says."""

from collections import Counter

import pytest

from vanguard.org.choices import PartyOrgKind, PartyPost, UnitKind
from vanguard.org.demo import SIZES, Builder
from vanguard.org.models import PartyMembership, PartyOrg, Person
from vanguard.org.validators import validate_id_card


def _plan(size):
    builder = Builder(size)
    builder.plan()
    builder.plan_teams()
    builder.decide_members()
    builder.assign_posts()
    return builder


@pytest.mark.parametrize("size", ["small", "large"])
def test_plan_has_the_sizes_promised(size):
    builder, wanted = _plan(size), SIZES[size]
    kinds = Counter(org.kind for org in builder.orgs)
    assert len(builder.slots) == wanted.people
    assert sum(slot.member for slot in builder.slots) == round(wanted.people * wanted.member_share)
    assert kinds[PartyOrgKind.BRANCH] == wanted.branches
    assert sum(org.groups for org in builder.orgs) == wanted.groups
    assert sum(1 for unit in builder.units if unit["kind"] == UnitKind.TEAM) == wanted.teams


def test_plan_is_the_same_every_time():
    first, second = _plan("small"), _plan("small")
    assert [(s.unit, s.position, s.member, s.post) for s in first.slots] == [
        (s.unit, s.position, s.member, s.post) for s in second.slots
    ]


def test_every_branch_has_one_secretary_and_every_group_a_leader(company):
    posts = Counter(PartyMembership.objects.values_list("party_org__kind", "party_org_id", "post"))
    for branch in PartyOrg.objects.filter(kind=PartyOrgKind.BRANCH):
        assert posts[(PartyOrgKind.BRANCH, branch.pk, PartyPost.SECRETARY)] == 1, branch.name
    for group in PartyOrg.objects.filter(kind=PartyOrgKind.GROUP, memberships__isnull=False).distinct():
        assert posts[(PartyOrgKind.GROUP, group.pk, PartyPost.GROUP_LEADER)] == 1, group.name


def test_id_cards_are_valid_and_unique(company):
    cards = list(Person.objects.values_list("id_card", flat=True))
    assert len(set(cards)) == len(cards)
    for card in cards:
        validate_id_card(card)


def test_personas_sit_where_the_readme_says(company):
    users = company.users
    assert company.branch.name == "轧管厂第一党支部"
    assert users["shuji"].person.membership.party_org == company.branch
    assert users["shuji"].person.membership.post == PartyPost.SECRETARY
    first_group = PartyOrg.objects.get_children(company.branch).first()
    assert users["dangyuan"].person.membership.party_org == first_group
    assert not hasattr(users["zhigong"].person, "membership")
    area = company.branch.units.get()
    assert users["zhigong"].person.unit.path.startswith(area.path)
    assert users["zhigong"].person.unit.kind == UnitKind.TEAM
    assert not users["outsider"].person.unit.path.startswith(area.path)
    assert not hasattr(users["outsider"].person, "membership")


def test_the_unit_personas_hold_their_roles_where_the_readme_says(company):
    from vanguard.org.choices import CadreLevel, Role
    from vanguard.org.demo import DEMO_LOGINS
    from vanguard.org.models import Unit

    users = company.users
    assert [name for name, _ in DEMO_LOGINS] == [
        "admin",
        "dangwei",
        "shuji",
        "dangyuan",
        "zhigong",
        "banzhang",
        "gonghui",
    ]
    leader = users["banzhang"].person
    assert leader.unit == company.team and leader.cadre_level == CadreLevel.TEAM_LEADER
    grant = users["banzhang"].role_assignments.get()
    assert (grant.role, grant.unit, grant.party_org) == (Role.TEAM_LEADER, company.team, None)
    plant = Unit.objects.get(depth=2, name="轧管厂")
    grant = users["gonghui"].role_assignments.get()
    assert (grant.role, grant.unit, grant.party_org) == (Role.UNION_CADRE, plant, None)
    assert users["gonghui"].person.unit.path.startswith(plant.path)
    assert company.team.path.startswith(plant.path)
    assert not users["outsider"].person.unit.path.startswith(plant.path)
