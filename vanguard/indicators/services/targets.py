"""Writes of targets (指标目标, 突破性指标) and pledges (指标承诺) with the union's follow-up."""

from django.core.exceptions import ValidationError
from django.db import transaction

from vanguard.core.access import choices, ensure_allowed, is_system
from vanguard.core.audit import audit, snapshot
from vanguard.core.choices import Action
from vanguard.core.exceptions import ScopeError
from vanguard.org.models import Person, Unit, User

from .. import events
from ..aggregation import better
from ..models import Indicator, IndicatorTarget, Pledge
from .values import _decimal


def _ensure_unit(actor, model, unit, message):
    """Refuse a new row for ``unit`` unless the model's policy lets the actor add one there."""
    if not is_system(actor) and not choices(actor, model, "unit", Action.ADD).filter(pk=unit.pk).exists():
        raise ScopeError(message)


def _figure(indicator, raw, field):
    value, message = _decimal(indicator, raw)
    if message:
        raise ValidationError({field: message})
    return value


def _period(first, last):
    if first is None or last is None or last < first:
        raise ValidationError({"last_month": "截止月份不能早于起始月份。"})


@transaction.atomic
def target_save(*, actor: User, indicator: Indicator, unit: Unit, first_month: int, last_month: int, target,
                breakthrough=None, note: str = "") -> IndicatorTarget:  # fmt: skip
    """Set the target (and breakthrough target) of an indicator for a unit and period; a second save for the
    same indicator, unit and period changes it. The breakthrough lies beyond the target in the better
    direction."""
    _period(first_month, last_month)
    value = _figure(indicator, target, "target")
    beyond = None if breakthrough in (None, "") else _figure(indicator, breakthrough, "breakthrough")
    if beyond is not None and not better(indicator.direction, beyond, value):
        raise ValidationError({"breakthrough": "突破性目标应优于目标值(按指标方向)。"})
    row = (
        IndicatorTarget.objects.select_for_update()
        .filter(indicator=indicator, unit=unit, first_month=first_month, last_month=last_month)
        .first()
    )
    data = {"target": value, "breakthrough": beyond, "note": (note or "").strip()}
    if row is None:
        row = IndicatorTarget(indicator=indicator, unit=unit, first_month=first_month, last_month=last_month, **data)
        _ensure_unit(actor, IndicatorTarget, unit, f"您无权为“{unit.name}”设定指标目标。")
        row.full_clean()
        row.save()
        audit(actor=actor, action=events.TARGET_SAVE, obj=row, after=snapshot(row))
        return row
    ensure_allowed(actor, row, Action.CHANGE)
    before = snapshot(row)
    for name, item in data.items():
        setattr(row, name, item)
    row.version += 1
    row.full_clean()
    row.save()
    audit(actor=actor, action=events.TARGET_SAVE, obj=row, before=before, after=snapshot(row))
    return row


@transaction.atomic
def target_delete(*, actor: User, target: IndicatorTarget) -> None:
    ensure_allowed(actor, target, Action.DELETE)
    audit(actor=actor, action=events.TARGET_DELETE, obj=target, before=snapshot(target))
    target.delete()


@transaction.atomic
def pledge_create(*, actor: User, indicator: Indicator, unit: Unit, first_month: int, last_month: int, value,
                  content: str = "", star_team: bool = False, pledger: Person | None = None) -> Pledge:  # fmt: skip
    """A team leader pledges a figure for his team and a period (the union or the office may record it for
    the team, naming the pledger)."""
    _period(first_month, last_month)
    pledger = pledger or getattr(actor, "person", None)
    if pledger is None:
        raise ValidationError({"pledger": "请选择承诺人。"})
    pledge = Pledge(indicator=indicator, unit=unit, pledger=pledger, first_month=first_month, last_month=last_month,
                    value=_figure(indicator, value, "value"), content=(content or "").strip(), star_team=star_team)  # fmt: skip
    _ensure_unit(actor, Pledge, unit, f"您无权为“{unit.name}”作出指标承诺。")
    pledge.full_clean()
    pledge.save()
    audit(actor=actor, action=events.PLEDGE_SAVE, obj=pledge, after=snapshot(pledge))
    return pledge


@transaction.atomic
def pledge_follow(*, actor: User, pledge: Pledge, note: str) -> Pledge:
    """The union's follow-up note on a pledge (跟踪), kept with who followed it."""
    ensure_allowed(actor, pledge, Action.REVIEW)
    note = (note or "").strip()
    if not note:
        raise ValidationError({"follow_up": "请填写跟踪情况。"})
    stored = Pledge.objects.select_for_update().get(pk=pledge.pk)
    before = snapshot(stored, fields=["follow_up", "follower"])
    stored.follow_up = note
    stored.follower = getattr(actor, "person", None) or stored.follower
    stored.version += 1
    stored.save(update_fields=["follow_up", "follower", "version", "updated_at"])
    audit(actor=actor, action=events.PLEDGE_FOLLOW, obj=stored, before=before,
          after=snapshot(stored, fields=["follow_up", "follower"]))  # fmt: skip
    return stored
