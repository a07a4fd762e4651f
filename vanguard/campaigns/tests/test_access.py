"""The campaigns policy read as a table (persona × row × action), and the choice lists a secretary is offered.

``True`` in a row: the persona may do the action with that row of the demo. The office
(``admin``, ``dangwei``) runs everything but reports and acknowledges for nobody (the committee
office acknowledges an org's letter as a secretary over it would); the secretary (``shuji``)
works on his branch and its members; the member (``dangyuan``) reads, reports and acknowledges
her own; the worker and the outsider have nothing here.
"""

import re

import pytest
from django.utils import timezone

from vanguard.campaigns import selectors, services
from vanguard.campaigns.access import WATCHLIST
from vanguard.campaigns.models import (
    Campaign,
    Commitment,
    ProgressReport,
    ResponsibilityLetter,
    Target,
)
from vanguard.core.access import may, system_actor
from vanguard.core.choices import Action
from vanguard.core.testing import PERSONAS
from vanguard.org.models import PartyOrg, Person

from .factories import split

OFFICE = {"admin", "dangwei"}
BRANCH = OFFICE | {"shuji"}
MEMBER = BRANCH | {"dangyuan"}


def pending_report(c):
    return ProgressReport.objects.filter(target=c.demo.dangyuan_target, status="submitted").get()


def own_letter(c):
    return ResponsibilityLetter.objects.get(campaign=c.demo.cost, recipient_person=c.users["dangyuan"].person)


def branch_letter(c):
    return ResponsibilityLetter.objects.get(campaign=c.demo.cost, recipient_org=c.branch, recipient_person=None)


def own_commitment(c):
    return Commitment.objects.filter(campaign=c.demo.cost, person=c.users["dangyuan"].person).first()


TABLE = [
    # (what, action, who may)
    (lambda c: c.demo.cost, Action.VIEW, MEMBER),
    (lambda c: c.demo.cost, Action.CHANGE, OFFICE),
    (lambda c: Campaign, Action.ADD, OFFICE),
    (lambda c: c.demo.saving, Action.VIEW, OFFICE),
    (lambda c: c.demo.saving, Action.CHANGE, OFFICE),
    (lambda c: c.demo.branch_target, Action.VIEW, BRANCH),
    (lambda c: c.demo.branch_target, Action.DECOMPOSE, BRANCH),
    (lambda c: c.demo.branch_target, Action.CHANGE, OFFICE),  # set by the committee: the branch splits it only
    (lambda c: c.demo.branch_target, Action.REPORT, {"dangwei", "shuji"}),  # an org's target: its managers
    (lambda c: c.demo.other_branch_target, Action.VIEW, OFFICE),
    (lambda c: c.demo.other_branch_target, Action.DECOMPOSE, OFFICE),
    (lambda c: c.demo.dangyuan_target, Action.VIEW, MEMBER),
    (lambda c: c.demo.dangyuan_target, Action.DECOMPOSE, BRANCH),
    (lambda c: c.demo.dangyuan_target, Action.CHANGE, BRANCH),
    (lambda c: c.demo.dangyuan_target, Action.REPORT, {"dangyuan"}),
    (lambda c: pending_report(c), Action.VIEW, MEMBER),
    (lambda c: pending_report(c), Action.REVIEW, BRANCH),
    (lambda c: ProgressReport, Action.REVIEW, BRANCH),
    (lambda c: own_letter(c), Action.VIEW, MEMBER),
    (lambda c: own_letter(c), Action.ACKNOWLEDGE, {"dangyuan"}),
    (lambda c: branch_letter(c), Action.VIEW, BRANCH),
    (lambda c: branch_letter(c), Action.ACKNOWLEDGE, {"shuji"}),
    (lambda c: own_commitment(c), Action.VIEW, MEMBER),
    (lambda c: own_commitment(c), Action.CHANGE, BRANCH),
    (lambda c: own_commitment(c).checks.first(), Action.VIEW, MEMBER),
    (lambda c: own_commitment(c).checks.first(), Action.CHANGE, BRANCH),
    (lambda c: None, WATCHLIST, BRANCH),
]


@pytest.fixture
def company(company, demo):
    company.demo = demo
    return company


@pytest.mark.parametrize(
    ("what", "action", "allowed"),
    TABLE,
    ids=[f"{i}-{action}" for i, (_, action, _) in enumerate(TABLE)],
)
def test_the_policy_as_a_table(company, what, action, allowed):
    obj = what(company)
    answers = {persona: may(company.users[persona], action, obj) for persona in PERSONAS}
    assert {p for p, yes in answers.items() if yes} == allowed


def test_the_system_actor_does_what_people_did_elsewhere(company):
    """Seeding a demo, the system reports for an owner and acknowledges a letter as its recipient would."""
    system = system_actor()
    assert may(system, Action.REPORT, company.demo.dangyuan_target)
    assert may(system, Action.ACKNOWLEDGE, own_letter(company))


def test_nobody_reviews_a_report_on_their_own_target(company):
    shuji = company.users["shuji"]
    own = split(company, company.demo.branch_target, [{"owner_person": shuji.person, "target_value": "0"}], "shuji")[0]
    report = services.report_submit(actor=shuji, target=own, period=timezone.localdate(), value="1")
    assert not may(shuji, Action.REVIEW, report)
    assert report not in selectors.report_review_queue(user=shuji)
    assert may(company.users["dangwei"], Action.REVIEW, report)
    assert report in selectors.report_review_queue(user=company.users["dangwei"])


def test_the_administrator_acknowledges_nothing_on_the_recipients_behalf(company):
    admin = company.users["admin"]
    assert ResponsibilityLetter.objects.restrict(admin).count() == ResponsibilityLetter.objects.count()
    assert not ResponsibilityLetter.objects.restrict(admin, Action.ACKNOWLEDGE).exists()
    assert not Target.objects.restrict(admin, Action.REPORT).exists()


# ---------------------------------------------------------------- choice lists offered to the secretary

SELECT = re.compile(r"<select[^>]*\bname=\"(?P<name>[^\"]+)\"[^>]*>(?P<body>.*?)</select>", re.S)
OPTION = re.compile(r"<option[^>]*\bvalue=\"(?P<value>[^\"]*)\"")


def offered(html):
    """``{select name: [option values]}`` of a rendered page (empty values left out)."""
    return {m["name"]: [v for v in OPTION.findall(m["body"]) if v] for m in SELECT.finditer(html)}


def shuji_pages(c):
    d = c.demo
    return [
        f"/campaigns/{d.cost.pk}/targets/new/?parent={d.branch_target.pk}",
        f"/campaigns/targets/{d.dangyuan_target.pk}/edit/",
        f"/campaigns/targets/{d.branch_target.pk}/decompose/",
        f"/campaigns/{d.cost.pk}/commitments/",
        f"/campaigns/{d.cost.pk}/targets/import/",
        "/campaigns/letters/",
        "/campaigns/watch/?kind=overdue",
        "/campaigns/reviews/",
        # The browsable API: its forms and its list filters.
        *(
            f"/api/v1/{name}/"
            for name in ("campaigns", "targets", "progress-reports", "responsibility-letters", "commitments")
        ),
    ]


ORG_FIELDS = {"owner_org", "org", "recipient_org", "organiser", "participants"}
PERSON_FIELDS = {"owner_person", "person", "recipient_person"}


def _split_values(values):
    """Option values of org and person selects: plain ids, or ``org:1`` / ``person:2`` in the breakdown form."""
    orgs, people = set(), set()
    for value in values:
        kind, _, ident = value.rpartition(":")
        (orgs if kind == "org" else people).add(int(ident))
    return orgs, people


def test_every_form_and_filter_offers_the_secretary_only_his_branch_and_its_people(client_as, company):
    shuji = company.users["shuji"]
    client = client_as("shuji")
    his_orgs = set(PartyOrg.objects.filter(path__startswith=company.branch.path).values_list("pk", flat=True))
    his_people = set(Person.objects.restrict(shuji).values_list("pk", flat=True))
    his_campaigns = set(Campaign.objects.restrict(shuji).values_list("pk", flat=True))
    other_people = set(Person.objects.filter(membership__party_org=company.other_branch).values_list("pk", flat=True))
    seen_orgs, seen_people = set(), set()
    for url in shuji_pages(company):
        response = client.get(url, HTTP_ACCEPT="text/html")
        assert response.status_code == 200, url
        for name, values in offered(response.content.decode()).items():
            field = name.rpartition("-")[2]  # rows-0-owner → owner
            if field in ORG_FIELDS:
                orgs, people = {int(v) for v in values}, set()
            elif field in PERSON_FIELDS:
                orgs, people = set(), {int(v) for v in values}
            elif field == "owner":
                orgs, people = _split_values(values)
            elif field == "campaign":
                assert {int(v) for v in values} <= his_campaigns, url
                continue
            else:
                continue
            assert orgs <= his_orgs and company.other_branch.pk not in orgs, (url, name)
            assert people <= his_people and not people & other_people, (url, name)
            seen_orgs |= orgs
            seen_people |= people
    assert company.branch.pk in seen_orgs and shuji.person.pk in seen_people  # the lists were read at all


def test_campaign_forms_are_not_offered_to_the_secretary(client_as, company):
    client = client_as("shuji")
    assert client.get("/campaigns/new/").status_code == 404
    assert client.get(f"/campaigns/{company.demo.cost.pk}/edit/").status_code == 404


def test_the_dashboard_names_only_the_participants_the_user_may_see(client_as, company):
    campaign = Campaign.objects.get(pk=company.demo.cost.pk)
    campaign.participants.add(company.branch, company.other_branch)
    campaign.purpose = campaign.purpose or "降本增效"
    campaign.save(update_fields=["purpose"])
    html = client_as("shuji").get(f"/campaigns/{campaign.pk}/").content.decode()
    assert company.branch.name in html and company.other_branch.name not in html
    rows = client_as("shuji").get(f"/api/v1/campaigns/{campaign.pk}/")
    assert rows.json()["participants"] == [company.branch.pk]
