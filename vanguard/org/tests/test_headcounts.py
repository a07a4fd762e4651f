"""The trees' head counts are kept by the people services: after each write they equal the facts."""

import re

from vanguard.core.access import system_actor
from vanguard.core.summaries import differences
from vanguard.org import headcounts, services
from vanguard.org.choices import MembershipStatus, PoliticalStatus
from vanguard.org.models import Person, Unit


def _unchanged_from_facts():
    return differences(headcounts.UNITS) == [] and differences(headcounts.PARTY_ORGS) == []


def test_moves_joins_and_leaves_keep_the_counts_equal_to_the_facts(company):
    actor = system_actor()
    zhigong = Person.objects.get(pk=company.users["zhigong"].person.pk)
    services.person_update(actor=actor, person=zhigong, data={"unit": company.other_team})
    assert _unchanged_from_facts()
    services.person_update(actor=actor, person=Person.objects.get(pk=zhigong.pk), data={"is_active": False})
    assert _unchanged_from_facts()
    dangyuan = Person.objects.get(pk=company.users["dangyuan"].person.pk)
    services.membership_set(
        actor=actor, person=dangyuan, party_org=company.other_branch, status=MembershipStatus.PROBATIONARY
    )
    assert _unchanged_from_facts()
    services.person_update(
        actor=actor, person=Person.objects.get(pk=dangyuan.pk), data={"political_status": PoliticalStatus.MASSES}
    )
    assert _unchanged_from_facts()  # no longer a member: the membership ended with it
    created = services.person_create(
        actor=actor, name="沈新来", employee_no="N0001", gender="M", unit=company.team,
        political_status=PoliticalStatus.MEMBER,
        membership={"party_org": company.branch, "status": MembershipStatus.FULL},
    )  # fmt: skip
    assert created.membership.party_org == company.branch
    assert _unchanged_from_facts()
    services.person_bulk_upsert(
        actor=actor,
        rows=[{
            "name": "沈新来", "employee_no": "N0001", "gender": "M", "unit_id": company.other_team.pk,
            "political_status": PoliticalStatus.MEMBER,
            "membership": {"party_org_id": company.other_branch.pk, "status": MembershipStatus.FULL,
                           "joined_on": None, "regularised_on": None, "post": "member"},
        }],
    )  # fmt: skip
    assert _unchanged_from_facts()


def test_the_tree_shows_a_move_at_once(client_as, company):
    actor = system_actor()
    area = Unit.objects.get_parent(company.team)
    url = f"/org/units/?parent={area.pk}"
    before = int(re.search(rf'node-unit-{company.team.pk}".*?人员 <strong>(\d+)', client_as("dangwei").get(url)
                           .content.decode(), re.S).group(1))  # fmt: skip
    mover = Person.objects.active().exclude(unit=company.team).exclude(unit__path__startswith=company.team.path).first()
    services.person_update(actor=actor, person=mover, data={"unit": company.team})
    page = client_as("dangwei").get(url).content.decode()
    after = int(re.search(rf'node-unit-{company.team.pk}".*?人员 <strong>(\d+)', page, re.S).group(1))
    assert after == before + 1
