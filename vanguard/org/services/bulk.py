"""Bulk upsert of people and memberships by 工号 (roster import, demo data)."""

from collections.abc import Callable
from datetime import date

from django.db import transaction

from vanguard.core.access import ensure_may
from vanguard.core.audit import audit_many, snapshot
from vanguard.core.summaries import rebuild

from .. import events, headcounts
from ..access import EDIT_ROSTER
from ..models import MembershipTransfer, PartyMembership, PartyOrg, Person, User
from ..search import search_keys
from .people import PERSON_FIELDS

MEMBERSHIP_FIELDS = ("party_org_id", "status", "joined_on", "regularised_on", "post")
BULK_PERSON_FIELDS = tuple(f if f != "unit" else "unit_id" for f in PERSON_FIELDS) + ("name_initials", "name_pinyin")
CHUNK = 2000
REFRESH_ALL = 50  # touched nodes past which the head-count tables are recomputed whole (one query each)


def _chunks(items, size=CHUNK):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _person_values(row):
    values = {name: row[name] for name in BULK_PERSON_FIELDS if name in row}
    values.update(search_keys(values["name"]))
    if values.get("id_card"):
        values["id_card"] = values["id_card"].upper()
    return values


def _existing_people(numbers):
    found = {}
    for chunk in _chunks(numbers):
        found.update({p.employee_no: p for p in Person.objects.filter(employee_no__in=chunk)})
    return found


def _upsert_people(rows, existing):
    """Create new people and update changed ones; returns (people by 工号, audit changes, counts)."""
    created, updated, changes = [], [], []
    for row in rows:
        values = _person_values(row)
        person = existing.get(values["employee_no"])
        if person is None:
            person = Person(**values)
            created.append(person)
            continue
        if any(getattr(person, k) != v for k, v in values.items()):
            before = snapshot(person)
            for key, value in values.items():
                setattr(person, key, value)
            person.version += 1
            updated.append(person)
            changes.append((events.PERSON_UPDATE, person, before))
    Person.objects.bulk_create(created, batch_size=CHUNK)
    if created and created[0].pk is None:  # backends without RETURNING (none we support, but be safe)
        created = list(Person.objects.filter(employee_no__in=[p.employee_no for p in created]))
    Person.objects.bulk_update(updated, [*BULK_PERSON_FIELDS, "version"], batch_size=CHUNK)
    changes.extend((events.PERSON_CREATE, p, None) for p in created)
    people = {**existing, **{p.employee_no: p for p in created}}
    return people, changes, {"created": len(created), "updated": len(updated)}


def _upsert_memberships(rows, people, moved_on):
    """Bring memberships in line with the rows: create, change (with transfer) or end."""
    person_ids = [p.pk for p in people.values()]
    current = {}
    for chunk in _chunks(person_ids):
        current.update({m.person_id: m for m in PartyMembership.objects.filter(person_id__in=chunk)})
    to_create, to_update, to_end, transfers, changes = [], [], [], [], []
    for row in rows:
        person = people[row["employee_no"]]
        wanted = row.get("membership")
        have = current.get(person.pk)
        if wanted is None:
            if have is not None:
                to_end.append(have)
                changes.append((events.MEMBERSHIP_END, have, snapshot(have)))
            continue
        if have is None:
            have = PartyMembership(person_id=person.pk, **wanted)
            to_create.append(have)
            transfers.append(
                MembershipTransfer(
                    person_id=person.pk,
                    from_org_id=None,
                    to_org_id=wanted["party_org_id"],
                    moved_on=moved_on,
                    note="花名册导入",
                )
            )
            continue
        if any(getattr(have, k) != v for k, v in wanted.items()):
            before = snapshot(have)
            if have.party_org_id != wanted["party_org_id"]:
                transfers.append(
                    MembershipTransfer(
                        person_id=person.pk,
                        from_org_id=have.party_org_id,
                        to_org_id=wanted["party_org_id"],
                        moved_on=moved_on,
                        note="花名册导入",
                    )
                )
            for key, value in wanted.items():
                setattr(have, key, value)
            have.version += 1
            to_update.append(have)
            changes.append((events.MEMBERSHIP_SET, have, before))
    _attach_related([*to_create, *to_update, *to_end], people)
    PartyMembership.objects.bulk_create(to_create, batch_size=CHUNK)
    PartyMembership.objects.bulk_update(to_update, [*MEMBERSHIP_FIELDS, "version"], batch_size=CHUNK)
    for chunk in _chunks([m.pk for m in to_end]):
        PartyMembership.objects.filter(pk__in=chunk).delete()
    MembershipTransfer.objects.bulk_create(transfers, batch_size=CHUNK)
    changes.extend((events.MEMBERSHIP_SET, m, None) for m in to_create)
    return changes


def _attach_related(memberships, people):
    """Give each membership its person and party org, so audit texts need no query per row."""
    by_id = {p.pk: p for p in people.values()}
    orgs = PartyOrg.objects.in_bulk({m.party_org_id for m in memberships})
    for membership in memberships:
        membership.person = by_id[membership.person_id]
        membership.party_org = orgs[membership.party_org_id]


def _audit_changes(actor, changes):
    by_action = {}
    for action, obj, before in changes:
        after = None if action is events.MEMBERSHIP_END else snapshot(obj)
        target = obj if after is not None else (obj._meta.label_lower, before["id"], str(obj))
        by_action.setdefault(action, []).append((target, before, after))
    for action, items in by_action.items():
        audit_many(actor=actor, action=action, changes=items)


def _membership_orgs(person_ids):
    orgs = set()
    for chunk in _chunks(person_ids):
        orgs.update(PartyMembership.objects.filter(person_id__in=chunk).values_list("party_org_id", flat=True))
    return orgs


def _refresh_headcounts(units, orgs):
    """Recount the units and party orgs the rows left or joined; a load touching many recounts all."""
    if len(units) + len(orgs) > REFRESH_ALL:
        rebuild(headcounts.UNITS)
        rebuild(headcounts.PARTY_ORGS)
    else:
        headcounts.headcounts_refresh(unit_ids=units, party_org_ids=orgs)


@transaction.atomic
def person_bulk_upsert(
    *, actor: User, rows: list[dict], moved_on: date | None = None, progress: Callable[[int], None] | None = None
) -> dict:
    """Create or update people by 工号, with their memberships, all or nothing.

    ``rows`` are validated dicts: person fields (``unit_id``) and ``membership``, either
    None (not a member) or a dict of ``party_org_id, status, joined_on, regularised_on,
    post``. Used by the roster import and the demo company, so both take the same path.
    """
    ensure_may(actor, EDIT_ROSTER)
    moved_on = moved_on or date.today()
    existing = _existing_people([r["employee_no"] for r in rows])
    if progress:
        progress(len(rows) // 4)
    # The nodes the rows leave, read before the rows change: their counts are refreshed with the new ones.
    old_units = {p.unit_id for p in existing.values()}
    old_orgs = _membership_orgs([p.pk for p in existing.values()])
    people, person_changes, counts = _upsert_people(rows, existing)
    if progress:
        progress(len(rows) // 2)
    membership_changes = _upsert_memberships(rows, people, moved_on)
    _refresh_headcounts(
        old_units | {r["unit_id"] for r in rows},
        old_orgs | {r["membership"]["party_org_id"] for r in rows if r.get("membership")},
    )
    if progress:
        progress(len(rows) * 3 // 4)
    _audit_changes(actor, person_changes + membership_changes)
    return {**counts, "total": len(rows), "memberships_changed": len(membership_changes)}
