"""Cadres' half-days on site (深入现场)."""

from __future__ import annotations

from datetime import date as Date

from django.core.exceptions import ValidationError
from django.db import transaction

from vanguard.core.audit import audit, audit_many, snapshot
from vanguard.core.dates import not_in_future
from vanguard.org.models import Person, User

from .. import events
from ..access import FIELD_CADRES
from ..models import FieldDay
from ._common import _ensure_person


@transaction.atomic
def field_day_create(
    *, actor: User, person: Person, date: Date, half: str, place: str, problems_found: str = "",
    problems_solved: str = "",
) -> FieldDay:  # fmt: skip
    """Half a day on site by a cadre of section level or above (the cadre or their secretary records it)."""
    _ensure_person(actor, FieldDay, person)
    if not FIELD_CADRES.of_person(person):
        raise ValidationError({"person": f"{person.name} 不是科级及以上干部,无需登记深入现场。"})
    not_in_future(date, "深入现场日期", field="date", hint="请在到现场后登记")
    if not (place or "").strip():
        raise ValidationError({"place": "请填写到过的现场。"})
    if FieldDay.objects.filter(person=person, date=date, half=half).exists():
        raise ValidationError(f"{date:%Y-%m-%d} 的这个半天已经登记过,请勿重复登记。")
    entry = FieldDay(
        person=person, date=date, half=half, place=place.strip(), problems_found=problems_found,
        problems_solved=problems_solved,
    )  # fmt: skip
    entry.full_clean(validate_constraints=False)
    entry.save()
    audit(actor=actor, action=events.FIELD_DAY_CREATE, obj=entry, after=snapshot(entry))
    return entry


@transaction.atomic
def field_day_bulk_create(*, actor: User, entries: list[FieldDay]) -> list[FieldDay]:
    created = FieldDay.objects.bulk_create(entries, batch_size=5000)
    audit_many(
        actor=actor, action=events.FIELD_DAY_IMPORT,
        changes=((e, None, {"person": e.person_id, "date": e.date, "half": e.half}) for e in created),
    )  # fmt: skip
    return created
