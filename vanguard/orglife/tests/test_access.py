"""The orglife policy read as a table (who may do what), and what a branch secretary is offered.

The demo personas: the office (admin, dangwei) reaches every org; the secretary (shuji) his branch
and its party groups; the member (dangyuan) her own records and the meetings she was at; the
worker (zhigong) and the outsider nothing but the rules everyone reads.
"""

from html.parser import HTMLParser

import pytest

from vanguard.conftest import PERSONAS
from vanguard.core import access
from vanguard.core.choices import Action
from vanguard.org.models import PartyOrg, Person
from vanguard.orglife import access as policy
from vanguard.orglife.models import (
    Attendance,
    ComplianceRule,
    FieldDay,
    Meeting,
    Review,
    ReviewGrade,
    StudyRule,
    TrainingRecord,
)

from .conftest import free_day, free_field_day

pytestmark = pytest.mark.django_db

EVERYONE = set(PERSONAS)
OFFICE = {"admin", "dangwei"}
BRANCH = OFFICE | {"shuji"}
MEMBER = BRANCH | {"dangyuan"}


def _own_attendance(c):
    return Attendance.objects.get(meeting=c.life.branch_meeting, person=c.life.dangyuan)


ROWS = [
    # (what, the row, action, who may)
    ("the branch's meeting", lambda c: c.life.branch_meeting, Action.VIEW, MEMBER),
    ("the branch's meeting", lambda c: c.life.branch_meeting, Action.CHANGE, BRANCH),
    ("another branch's meeting", lambda c: c.life.other_meeting, Action.VIEW, OFFICE),
    ("another branch's meeting", lambda c: c.life.other_meeting, Action.CHANGE, OFFICE),
    ("the member's attendance", _own_attendance, Action.VIEW, MEMBER),
    ("the member's attendance", _own_attendance, Action.CHANGE, BRANCH),
    ("the member's training", lambda c: TrainingRecord.objects.filter(person=c.life.dangyuan).first(), Action.VIEW,
     MEMBER),
    ("the member's training", lambda c: TrainingRecord.objects.filter(person=c.life.dangyuan).first(), Action.CHANGE,
     BRANCH),
    ("the member's review", lambda c: Review.objects.filter(person=c.life.dangyuan).first(), Action.VIEW, MEMBER),
    ("the member's review", lambda c: Review.objects.filter(person=c.life.dangyuan).first(), Action.CHANGE, BRANCH),
    ("the secretary's field day", lambda c: FieldDay.objects.filter(person=c.life.shuji).first(), Action.VIEW,
     BRANCH),
    ("a compliance rule", lambda c: c.life.general_rule, Action.VIEW, EVERYONE),
    ("a compliance rule", lambda c: c.life.general_rule, Action.CHANGE, OFFICE),
    ("a review grade", lambda c: ReviewGrade.objects.first(), Action.VIEW, EVERYONE),
    ("a review grade", lambda c: ReviewGrade.objects.first(), Action.CHANGE, OFFICE),
    ("a study rule", lambda c: StudyRule.objects.first(), Action.VIEW, EVERYONE),
    ("a study rule", lambda c: StudyRule.objects.first(), Action.CHANGE, OFFICE),
]  # fmt: skip

ADDS = [
    (Meeting, BRANCH),
    (Attendance, BRANCH),
    (TrainingRecord, BRANCH),
    (Review, BRANCH),
    (FieldDay, EVERYONE),  # a cadre logs his own (whether he is a cadre is the service's check)
    (ComplianceRule, OFFICE),
]

ABILITIES = [
    (policy.SEE_COMPLIANCE, BRANCH),
    (policy.SEE_HOURS, BRANCH),
    (policy.SEE_FIELD_DAYS, BRANCH),
    (policy.SEE_ATTENDANCE, BRANCH),
    (policy.IMPORT_TRAINING, BRANCH),
    (policy.SET_RULES, OFFICE),
]


@pytest.fixture
def company(company, life):
    company.life = life
    return company


@pytest.mark.parametrize(("what", "row", "action", "allowed"), ROWS, ids=[f"{r[0]}-{r[2]}" for r in ROWS])
def test_who_may_do_what_with_a_row(company, users, what, row, action, allowed):
    obj = row(company)
    assert obj is not None, what
    assert {p for p in PERSONAS if access.may(users[p], action, obj)} == allowed


@pytest.mark.parametrize(("model", "allowed"), ADDS, ids=[m.__name__ for m, _ in ADDS])
def test_who_may_record_new_rows(users, model, allowed):
    assert {p for p in PERSONAS if access.may(users[p], Action.ADD, model)} == allowed


@pytest.mark.parametrize(("ability", "allowed"), ABILITIES, ids=[a.name for a, _ in ABILITIES])
def test_who_holds_each_ability(users, ability, allowed):
    assert {p for p in PERSONAS if access.may(users[p], ability)} == allowed


def test_every_orglife_model_has_a_policy():
    from django.apps import apps

    assert [m.__name__ for m in apps.get_app_config("orglife").get_models() if access.policy_for(m) is None] == []


def test_field_days_reach_the_cadres_of_the_units_an_org_covers(company, users):
    """The secretary reads the field days of cadres working in the teams his branch covers, members or not."""
    worker = users["zhigong"].person  # in a team the branch covers, not a member
    entry = FieldDay.objects.create(person=worker, date=free_field_day(worker), half="am", place="现场")
    assert access.may(users["shuji"], Action.VIEW, entry)
    assert not access.may(users["dangyuan"], Action.VIEW, entry)


# ---------------------------------------------------------------- what the secretary is offered


class _Selects(HTMLParser):
    """The option values of every ``<select>`` of a page (as text), by the select's name."""

    def __init__(self):
        super().__init__()
        self.options, self._name = {}, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "select":
            self._name = attrs.get("name")
            self.options.setdefault(self._name, set())
        elif tag == "option" and self._name and attrs.get("value"):
            self.options[self._name].add(attrs["value"])

    def handle_endtag(self, tag):
        if tag == "select":
            self._name = None


def _org_options(response):
    assert response.status_code == 200
    parser = _Selects()
    parser.feed(response.content.decode())
    return {int(value) for value in parser.options["org"]}


ORG_PAGES = [
    "/orglife/meetings/new/",
    "/orglife/meetings/",  # the ledger's filter
    "/orglife/reviews/",
    "/orglife/reviews/?org={other}",  # another branch asked for: his own is shown
    "/orglife/hours/",
]


@pytest.mark.parametrize("url", ORG_PAGES)
def test_the_secretary_is_offered_only_his_orgs(client_as, company, url):
    inside = set(PartyOrg.objects.filter(path__startswith=company.branch.path).values_list("pk", flat=True))
    offered = _org_options(client_as("shuji").get(url.format(other=company.other_branch.pk)))
    assert company.branch.pk in offered and offered <= inside


def test_the_matrix_org_search_finds_only_his_branches(client_as, company):
    from django.urls import reverse

    inside = set(PartyOrg.objects.filter(path__startswith=company.branch.path).values_list("pk", flat=True))
    url = reverse("picker-search", args=["orglife.matrix_org"])
    found = {r["id"] for r in client_as("shuji").get(url, {"q": "支部"}).json()["results"]}
    assert company.branch.pk in found and found <= inside
    everyone = {r["id"] for r in client_as("dangwei").get(url, {"q": "支部"}).json()["results"]}
    assert company.other_branch.pk in everyone
    page = client_as("shuji").get(f"/orglife/compliance/?org={company.branch.pk}").content.decode()
    assert f'name="org" value="{company.branch.pk}"' in page and f'value="{company.branch}"' in page


def test_the_meeting_edit_form_offers_his_orgs_and_the_people_he_may_see(client_as, company, life):
    response = client_as("shuji").get(f"/orglife/meetings/{life.branch_meeting.pk}/edit/")
    inside = set(PartyOrg.objects.filter(path__startswith=company.branch.path).values_list("pk", flat=True))
    assert _org_options(response) <= inside
    form = response.context["form"]
    units = [u.path for u in company.branch.units.all()]
    for name in ("host", "recorder"):
        for person in form.fields[name].people.select_related("unit", "membership__party_org"):
            member = hasattr(person, "membership") and person.membership.party_org.path.startswith(company.branch.path)
            assert member or any(person.unit.path.startswith(p) for p in units), person


def test_the_training_form_offers_the_members_of_his_branch_only(client_as, company):
    form = client_as("shuji").get("/orglife/training/").context["form"]
    people = form.fields["person"].people
    assert people.exists()
    assert not people.exclude(membership__party_org__path__startswith=company.branch.path).exists()


def test_a_guest_from_outside_his_scope_is_unknown(client_as, company, life, users):
    outsider = users["outsider"].person
    rows = Attendance.objects.filter(meeting=life.branch_meeting).count()
    response = client_as("shuji").post(
        f"/orglife/meetings/{life.branch_meeting.pk}/attendance/", {"guest": outsider.employee_no}
    )
    assert response.status_code == 200 and "找不到工号" in response.content.decode()
    assert Attendance.objects.filter(meeting=life.branch_meeting).count() == rows


def test_the_api_refuses_another_branch_and_its_members(api_as, company, life):
    api = api_as("shuji")
    count = Meeting.objects.count()
    day = free_day(company.other_branch, "committee").isoformat()
    response = api.post(
        "/api/v1/meetings/",
        {"org": company.other_branch.pk, "kind": "committee", "title": "越权", "date": day},
        format="json",
    )
    assert response.status_code == 400 and "org" in response.json()
    assert Meeting.objects.count() == count
    stranger = Person.objects.filter(membership__party_org__path__startswith=company.other_branch.path).first()
    response = api.post(
        "/api/v1/training-records/",
        {"person": stranger.pk, "title": "网课", "date": day, "hours": "2"},
        format="json",
    )
    assert response.status_code == 400 and "person" in response.json()
    assert not TrainingRecord.objects.filter(person=stranger, title="网课").exists()
