"""People and their party membership."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from vanguard.core.access import ensure_allowed, ensure_may
from vanguard.core.audit import audit, snapshot
from vanguard.core.choices import Action
from vanguard.core.dates import not_in_future
from vanguard.core.limits import clean_name
from vanguard.core.services import check_version, model_update

from .. import events
from ..access import EDIT_ROSTER
from ..choices import PartyPost, PoliticalStatus
from ..headcounts import headcounts_refresh
from ..models import MembershipTransfer, PartyMembership, PartyOrg, Person, Unit, User
from ..search import search_keys

PERSON_FIELDS = (
    "name",
    "employee_no",
    "gender",
    "birth_date",
    "ethnicity",
    "education",
    "id_card",
    "position",
    "cadre_level",
    "channel",
    "unit",
    "phone",
    "political_status",
    "is_active",
)


def _check_unit(actor, unit):
    """A person may be put in a unit the actor may change (a form field's message, not a refusal)."""
    if not Unit.objects.restrict(actor, Action.CHANGE).filter(pk=unit.pk).exists():
        raise ValidationError({"unit": "所选单位不在您的管理范围内。"})


@transaction.atomic
def person_create(*, actor: User, membership: dict | None = None, **fields) -> Person:
    """Add a person (``fields``: ``PERSON_FIELDS``); ``membership`` (dict) makes them a member of a party org."""
    ensure_may(actor, EDIT_ROSTER)
    _check_unit(actor, fields["unit"])
    not_in_future(fields.get("birth_date"), "出生日期", field="birth_date")
    person = Person(**fields)
    person.name = clean_name(person.name)
    if person.id_card:
        person.id_card = person.id_card.upper()
    for key, value in search_keys(person.name).items():
        setattr(person, key, value)
    person.full_clean()
    person.save()
    audit(actor=actor, action=events.PERSON_CREATE, obj=person, after=snapshot(person))
    headcounts_refresh(unit_ids=[person.unit_id])
    if membership:
        membership_set(actor=actor, person=person, **membership)
    return person


@transaction.atomic
def person_update(*, actor: User, person: Person, data: dict, expected_version: int | None = None) -> Person:
    ensure_allowed(actor, person, Action.CHANGE)
    data = {k: v for k, v in data.items() if k in PERSON_FIELDS}
    not_in_future(data.get("birth_date"), "出生日期", field="birth_date")
    if "unit" in data and data["unit"].pk != person.unit_id:
        _check_unit(actor, data["unit"])
    if data.get("id_card"):
        data["id_card"] = data["id_card"].upper()
    if "name" in data:
        data["name"] = clean_name(data["name"])
        data.update(search_keys(data["name"]))
    old_unit_id = person.unit_id
    person = model_update(
        obj=person, data=data, actor=actor, action=events.PERSON_UPDATE, expected_version=expected_version
    )
    headcounts_refresh(unit_ids=[old_unit_id, person.unit_id])
    if not person.is_member and hasattr(person, "membership"):
        membership_end(actor=actor, person=person)
    return person


@transaction.atomic
def membership_set(
    *,
    actor: User,
    person: Person,
    party_org: PartyOrg,
    status: str,
    joined_on: date | None = None,
    regularised_on: date | None = None,
    post: str = PartyPost.MEMBER,
    moved_on: date | None = None,
    note: str = "",
    expected_version: int | None = None,
) -> PartyMembership:
    """Create or change a person's membership; a change of party org is recorded as a transfer."""
    ensure_allowed(actor, person, Action.CHANGE)
    ensure_allowed(actor, party_org, Action.CHANGE)
    _validate_membership_dates(status=status, joined_on=joined_on, regularised_on=regularised_on, moved_on=moved_on)
    current = PartyMembership.objects.select_for_update().filter(person=person).first()
    if current is not None:
        check_version(current, expected_version)
    before = snapshot(current)
    if current is None:
        current = PartyMembership(person=person)
    elif current.party_org_id != party_org.pk:
        ensure_allowed(actor, current.party_org, Action.CHANGE)
    if current.pk is None or current.party_org_id != party_org.pk:
        MembershipTransfer.objects.create(
            person=person,
            from_org_id=current.party_org_id,
            to_org=party_org,
            moved_on=moved_on or date.today(),
            note=note,
        )
    old_org_id = current.party_org_id
    current.party_org, current.status, current.post = party_org, status, post
    current.joined_on, current.regularised_on = joined_on, regularised_on
    current.version = (current.version or 0) + 1 if current.pk else 1
    current.save()
    political = PoliticalStatus.PROBATIONARY if status == "probationary" else PoliticalStatus.MEMBER
    if person.political_status != political:
        Person.objects.filter(pk=person.pk).update(political_status=political)
        person.political_status = political
    headcounts_refresh(unit_ids=[person.unit_id], party_org_ids=[old_org_id, party_org.pk])
    audit(actor=actor, action=events.MEMBERSHIP_SET, obj=current, before=before, after=snapshot(current))
    return current


def _validate_membership_dates(*, status, joined_on, regularised_on, moved_on=None):
    errors = {}
    for field, label, value in (
        ("joined_on", "入党日期", joined_on),
        ("regularised_on", "转正日期", regularised_on),
        ("moved_on", "转接日期", moved_on),
    ):
        try:
            not_in_future(value, label)
        except ValidationError as exc:
            errors[field] = exc.messages[0]
    if status == "probationary" and regularised_on:
        errors["regularised_on"] = "预备党员不应有转正日期。"
    if joined_on and regularised_on and regularised_on < joined_on:
        errors["regularised_on"] = "转正日期不能早于入党日期。"
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def membership_end(*, actor: User, person: Person) -> None:
    """Remove a membership (the person is no longer a member); history stays in the audit trail."""
    ensure_allowed(actor, person, Action.CHANGE)
    current = PartyMembership.objects.filter(person=person).first()
    if current is None:
        return
    before = snapshot(current)
    current.delete()
    headcounts_refresh(party_org_ids=[current.party_org_id])
    audit(
        actor=actor, action=events.MEMBERSHIP_END, obj=("org.partymembership", before["id"], str(person)), before=before
    )
