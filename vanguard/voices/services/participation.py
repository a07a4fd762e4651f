"""Writes of the participation targets (参与目标): set a unit's (or the company's default), remove a unit's.

Atomic and audited like every service; the statistics read the targets as they are on the day.
"""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction

from vanguard.core.access import ensure_allowed
from vanguard.core.audit import audit, snapshot
from vanguard.core.choices import Action
from vanguard.org.models import Unit, User

from .. import events
from ..models import ParticipationTarget

FIGURES = {
    "per_head": ("人均建议数", Decimal(0), Decimal(100)),
    "participation": ("参与率目标", Decimal(0), Decimal(100)),
    "implementation": ("实施率目标", Decimal(0), Decimal(100)),
}


def _figures(data):
    values, errors = {}, {}
    for name, (label, low, high) in FIGURES.items():
        try:
            value = Decimal(str(data.get(name))).quantize(Decimal("0.01"))
        except (InvalidOperation, ValueError):
            errors[name] = f"{label}应为数字。"
            continue
        if not low <= value <= high:
            errors[name] = f"{label}应在 {low} 到 {high} 之间。"
        values[name] = value
    if errors:
        raise ValidationError(errors)
    return values


@transaction.atomic
def participation_target_set(*, actor: User, unit: Unit | None, data) -> ParticipationTarget:
    """Set the targets of ``unit`` (None: the company's default): created, or changed where it exists."""
    values = _figures(data)
    target = ParticipationTarget.objects.select_for_update().filter(unit=unit).first()
    if target is None:
        ensure_allowed(actor, ParticipationTarget, Action.ADD)
        target = ParticipationTarget.objects.create(unit=unit, **values)
        audit(actor=actor, action=events.PARTICIPATION_TARGET_SET, obj=target, after=snapshot(target))
        return target
    ensure_allowed(actor, target, Action.CHANGE)
    before = snapshot(target)
    for name, value in values.items():
        setattr(target, name, value)
    target.version += 1
    target.save()
    audit(actor=actor, action=events.PARTICIPATION_TARGET_SET, obj=target, before=before, after=snapshot(target))
    return target


@transaction.atomic
def participation_target_delete(*, actor: User, target: ParticipationTarget) -> None:
    """Remove a unit's own targets (it answers to the nearest above it again); the default stays."""
    ensure_allowed(actor, target, Action.DELETE)
    if target.unit_id is None:
        raise ValidationError("全公司默认目标不能删除,可以修改。")
    audit(actor=actor, action=events.PARTICIPATION_TARGET_DELETE, obj=target, before=snapshot(target))
    target.delete()
