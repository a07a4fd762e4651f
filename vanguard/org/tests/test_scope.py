"""Each persona sees exactly its part of the organisation."""

from vanguard.org.models import PartyOrg, Person, Unit


def test_branch_secretary_sees_branch_members_and_covered_teams(company):
    shuji = company.users["shuji"]
    people = Person.objects.restrict(shuji)
    assert people.filter(pk=company.users["zhigong"].person.pk).exists()
    assert people.filter(pk=company.users["dangyuan"].person.pk).exists()
    assert not people.filter(pk=company.users["outsider"].person.pk).exists()
    assert not people.filter(pk=company.users["dangwei"].person.pk).exists()
    orgs = PartyOrg.objects.restrict(shuji)
    assert set(orgs.values_list("pk", flat=True)) == set(
        PartyOrg.objects.filter(path__startswith=company.branch.path).values_list("pk", flat=True)
    )


def test_committee_admin_sees_everyone(company):
    dangwei = company.users["dangwei"]
    assert Person.objects.restrict(dangwei).count() == Person.objects.count()
    assert Unit.objects.restrict(dangwei).count() == Unit.objects.count()


def test_member_and_worker_see_only_themselves(company):
    for name in ("dangyuan", "zhigong"):
        user = company.users[name]
        assert list(Person.objects.restrict(user)) == [user.person]
        assert not PartyOrg.objects.restrict(user).exists()
        assert not Person.objects.restrict(user, "change").exists()


def test_anonymous_sees_nothing(company):
    from django.contrib.auth.models import AnonymousUser

    assert not Person.objects.restrict(AnonymousUser()).exists()


def test_the_units_a_grant_covers_are_those_linked_to_its_orgs_whichever_way_they_are_read(company):
    """The granted org's own links come with the grant, the links below are read once (leaving out what the own
    links cover for a user of one role): the covered units are still every unit linked to an org under the grant."""
    from vanguard.org.choices import Role
    from vanguard.org.models import RoleAssignment, User
    from vanguard.org.scope import _collapse, build_scope

    def expected(user, role):
        paths = set()
        for grant in RoleAssignment.objects.filter(user=user, role=role, party_org__isnull=False):
            orgs = (
                PartyOrg.objects.filter(path__startswith=grant.party_org.path)
                if grant.include_descendants
                else [grant.party_org]
            )
            paths |= {(u.path, True) for org in orgs for u in org.units.all()}
        return _collapse(paths)

    for name, role in (("dangwei", Role.COMMITTEE_ADMIN), ("shuji", Role.BRANCH_SECRETARY)):
        user = company.users[name]
        assert build_scope(user).unit_paths({role}) == expected(user, role), name
    # Two roles: the links below are read whole, each role covering its own.
    mixed = User.objects.create(username="two-roles")
    RoleAssignment.objects.create(user=mixed, role=Role.BRANCH_SECRETARY, party_org=company.branch)
    RoleAssignment.objects.create(user=mixed, role=Role.COMMITTEE_ADMIN, party_org=company.committee)
    scope = build_scope(mixed)
    assert scope.unit_paths({Role.BRANCH_SECRETARY}) == expected(mixed, Role.BRANCH_SECRETARY)
    assert scope.unit_paths({Role.COMMITTEE_ADMIN}) == expected(mixed, Role.COMMITTEE_ADMIN)
    assert scope.unit_paths({Role.BRANCH_SECRETARY}) != scope.unit_paths({Role.COMMITTEE_ADMIN})
