"""Training records (学时 outside meetings)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date as Date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from vanguard.core.access import ensure_allowed
from vanguard.core.audit import audit, audit_many, snapshot
from vanguard.core.choices import Action
from vanguard.core.dates import not_in_future
from vanguard.core.services import model_update
from vanguard.org.models import Person, User

from .. import events
from ..hours import parse_hours
from ..models import TrainingRecord
from ._common import _ensure_person


@transaction.atomic
def training_create(
    *, actor: User, person: Person, title: str, date: Date, hours: Decimal | str, category: str = "member",
    channel: str = "online", provider: str = "", note: str = "",
) -> TrainingRecord:  # fmt: skip
    """An external or online training; the hours add to those earned at meetings."""
    _ensure_person(actor, TrainingRecord, person)
    hours = parse_hours(hours)
    not_in_future(date, "培训日期", field="date", hint="请在培训结束后登记")
    if TrainingRecord.objects.filter(person=person, title=title.strip(), date=date).exists():
        raise ValidationError(f"{person.name} 在 {date:%Y-%m-%d} 已有“{title}”的培训记录,请勿重复登记。")
    record = TrainingRecord(
        person=person, title=title.strip(), date=date, hours=hours, category=category, channel=channel,
        provider=provider, note=note, created_by=actor,
    )  # fmt: skip
    record.full_clean(validate_constraints=False)
    record.save()
    audit(actor=actor, action=events.TRAINING_CREATE, obj=record, after=snapshot(record))
    return record


@transaction.atomic
def training_update(
    *, actor: User, record: TrainingRecord, data: Mapping[str, Any], expected_version: int | None = None
) -> TrainingRecord:
    ensure_allowed(actor, record, Action.CHANGE)
    data = {k: v for k, v in data.items() if k in ("title", "date", "hours", "category", "channel", "provider", "note")}
    if "hours" in data:
        data["hours"] = parse_hours(data["hours"])
    return model_update(
        obj=record, data=data, actor=actor, action=events.TRAINING_UPDATE, expected_version=expected_version
    )


@transaction.atomic
def training_bulk_create(*, actor: User, records: list[TrainingRecord]) -> list[TrainingRecord]:
    created = TrainingRecord.objects.bulk_create(records, batch_size=2000)
    audit_many(
        actor=actor, action=events.TRAINING_IMPORT,
        changes=((r, None, {"person": r.person_id, "hours": r.hours, "date": r.date}) for r in created),
    )  # fmt: skip
    return created
