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
