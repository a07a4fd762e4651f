"""The access policy kit: declared rules, the administrator's bypass per model, abilities, the system actor."""

import pytest
from django.template import Context, Template

from vanguard.core import access
from vanguard.core.access import Ability, InOrg, Own, Policy
from vanguard.core.choices import Action
from vanguard.core.exceptions import ScopeError
from vanguard.org.choices import Role
from vanguard.org.models import Person, RoleAssignment

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed_people():
    """Person closed to every role but its owner, the administrator included (as ballots will be)."""
    saved = access.policy_for(Person)
    access.declare(Policy(Person, {Action.VIEW: (Own("", user=False),)}, admin=False))
    yield
    if saved is not None:
        access.declare(saved)
    else:
        access._policies.pop(Person, None)


def test_a_model_can_be_closed_to_the_administrator(users, closed_people):
    admin = users["admin"]
    assert Person.objects.count() > 10
    assert Person.objects.restrict(admin).count() == 0
    person = Person.objects.first()
    assert not access.may(admin, Action.VIEW, person)
    with pytest.raises(ScopeError):
        access.ensure_allowed(admin, person, Action.VIEW)


def test_an_open_model_is_read_whole_by_the_administrator(users):
    assert Person.objects.restrict(users["admin"]).count() == Person.objects.count()


def test_an_action_without_rules_is_refused_to_all_but_the_administrator(users):
    person = Person.objects.get(user=users["dangyuan"])
    assert access.may(users["dangyuan"], Action.VIEW, person)
    assert not access.may(users["dangyuan"], "no-such-action", person)
    assert access.may(users["admin"], "no-such-action", person)


def test_may_on_a_model_asks_whether_any_rule_reaches_the_user(users):
    policy = Policy(RoleAssignment, {Action.CHANGE: (InOrg("party_org", frozenset({Role.BRANCH_SECRETARY})),)})
    scope_shuji = access.get_scope(users["shuji"])
    scope_member = access.get_scope(users["dangyuan"])
    assert policy.reaches(scope_shuji, Action.CHANGE)
    assert not policy.reaches(scope_member, Action.CHANGE)


def test_an_ability_is_held_through_a_role_anywhere(users):
    ability = Ability("tests.matrix", "矩阵", frozenset({Role.BRANCH_SECRETARY}))
    assert access.may(users["shuji"], ability)
    assert not access.may(users["dangyuan"], ability)
    assert access.may(users["admin"], ability)
    with pytest.raises(ScopeError, match="无权"):
        access.ensure_may(users["dangyuan"], ability, "无权打开矩阵。")


def test_the_may_tag_reads_the_policy(users):
    person = Person.objects.get(user=users["dangyuan"])
    other = Person.objects.exclude(pk=person.pk).exclude(user=users["shuji"]).filter(user__isnull=True).first()
    tpl = Template('{% load access %}{% may "view" p %}yes{% else %}no{% endmay %}')
    assert tpl.render(Context({"user": users["dangyuan"], "p": person})) == "yes"
    outsider = users["outsider"]
    assert tpl.render(Context({"user": outsider, "p": other})) == "no"


def test_the_system_actor_cannot_log_in_and_may_do_what_the_administrator_may(client):
    system = access.system_actor()
    assert access.is_system(system) and not system.is_active and not system.has_usable_password()
    assert access.system_actor().pk == system.pk
    assert Person.objects.restrict(system).count() == Person.objects.count()
    assert not client.login(username=access.SYSTEM_USERNAME, password="")


def test_everyone_in_a_unit_reads_what_is_addressed_to_it_or_above(users):
    """A row addressed to a unit reaches every employee of it and below, and nobody else."""
    from vanguard.org.models import Unit

    worker = Person.objects.select_related("unit").get(user=users["zhigong"])
    rule = access.Addressed("")
    scope = access.get_scope(users["zhigong"])
    reached = set(Unit.objects.filter(rule.q(scope, Action.VIEW)).values_list("pk", flat=True))
    assert reached == set(worker.unit.get_ancestors().values_list("pk", flat=True)) | {worker.unit.pk}
    sibling = Unit.objects.filter(depth=worker.unit.depth).exclude(pk=worker.unit.pk).first()
    assert sibling is None or sibling.pk not in reached


def test_a_rule_of_no_role_says_whom_it_serves(users):
    """``Where(..., serves=…)``: a rule for people with a party membership is not offered to a worker."""
    members_only = access.Where(
        lambda scope, action: access.NOTHING, "党员本人", serves=lambda s: bool(s.party_org_path)
    )
    everyone = access.Where(lambda scope, action: access.NOTHING, "任何人")
    member, worker = access.get_scope(users["dangyuan"]), access.get_scope(users["zhigong"])
    assert members_only.reaches(member) and not members_only.reaches(worker)
    assert everyone.reaches(worker)


@pytest.fixture
def membership_policy():
    """A policy reaching memberships through their person: the member's own, and those of a branch led."""
    from vanguard.org.models import PartyMembership

    saved = access.policy_for(PartyMembership)
    roles = frozenset({Role.BRANCH_SECRETARY})
    access.declare(
        Policy(PartyMembership, {Action.ADD: (Own("person"), InOrg("person__membership__party_org", roles))})
    )
    yield
    if saved is not None:
        access.declare(saved)
    else:
        access._policies.pop(PartyMembership, None)


def test_choices_follow_the_rules_that_reach_rows_through_the_field(company, users, membership_policy):
    """People offered for a person field: the user's own person, and the members of the branch he leads."""
    from vanguard.org.models import PartyMembership

    def members(org):
        return set(Person.objects.filter(membership__party_org__path__startswith=org.path).values_list("pk", flat=True))

    def offered(username):
        return set(access.choices(users[username], PartyMembership, "person").values_list("pk", flat=True))

    assert offered("shuji") == members(company.branch) | {users["shuji"].person.pk}
    assert not offered("shuji") & members(company.other_branch)
    assert offered("dangyuan") == {users["dangyuan"].person.pk}
    assert len(offered("admin")) == Person.objects.count()


@pytest.fixture
def acknowledged_by_holders():
    """Role assignments the administrator reads whole but, like anyone, acknowledges only as a holder."""
    secretary = frozenset({Role.BRANCH_SECRETARY})
    rules = {
        Action.VIEW: (InOrg("party_org", secretary),),
        Action.ACKNOWLEDGE: (Own("user", user=True), InOrg("party_org", secretary)),
    }
    saved = access.policy_for(RoleAssignment)
    access.declare(Policy(RoleAssignment, rules, admin=frozenset({Action.VIEW})))
    yield
    if saved is not None:
        access.declare(saved)
    else:
        access._policies.pop(RoleAssignment, None)


def test_the_administrators_bypass_can_leave_out_an_action(users, acknowledged_by_holders):
    """For an action the bypass leaves out, the administrator is judged by their own grants (none on the tree)."""
    admin, shuji = users["admin"], users["shuji"]
    everything = RoleAssignment.objects.count()
    assert RoleAssignment.objects.restrict(admin).count() == everything
    own = RoleAssignment.objects.filter(user=admin)
    assert set(RoleAssignment.objects.restrict(admin, Action.ACKNOWLEDGE)) == set(own)
    shujis = RoleAssignment.objects.get(user=shuji)
    assert access.may(shuji, Action.ACKNOWLEDGE, shujis)
    assert not access.may(admin, Action.ACKNOWLEDGE, shujis)
    assert access.may(admin, Action.ACKNOWLEDGE, RoleAssignment)  # through the own-account rule
    assert access.choices(admin, RoleAssignment, "party_org", Action.ACKNOWLEDGE).count() == 0


def test_the_system_actor_does_what_the_bypass_leaves_out_but_not_a_closed_model(users, acknowledged_by_holders):
    system = access.system_actor()
    assert RoleAssignment.objects.restrict(system, Action.ACKNOWLEDGE).count() == RoleAssignment.objects.count()
    assert access.may(system, Action.ACKNOWLEDGE, RoleAssignment.objects.get(user=users["shuji"]))
    access.declare(Policy(RoleAssignment, {Action.VIEW: (Own("user", user=True),)}, admin=False))
    assert RoleAssignment.objects.restrict(system).count() == 0
