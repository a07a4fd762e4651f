"""Writes of indicator values: one upsert for every way a value arrives (a phone form, an import, a push
from MES or ERP through the API), and the closing of months.

A value is kept once per indicator, team or unit and month: a repeated push of the same figure changes
nothing, a different figure replaces it. In a closed month a value changes only as a correction with a
reason (``ValueCorrection``). A batch is written whole or not at all: any bad row refuses the batch with
every row's message, and nothing is written.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone

from vanguard.core.access import choices, ensure_may, is_system
from vanguard.core.audit import audit, audit_many
from vanguard.core.choices import Action
from vanguard.core.events import emit
from vanguard.core.exceptions import ScopeError
from vanguard.org.models import Unit, User

from .. import access, events
from ..choices import ValueSource
from ..models import Indicator, IndicatorPeriod, IndicatorValue, ValueCorrection
from ..periods import month_label, month_number
from ..summaries import indicator_rollups_refresh

MAX_BATCH = 50_000  # a month of every team and indicator of a large company is 12,000


@dataclass(frozen=True)
class ValueRow:
    """One value to write; ``line`` names it in messages (a file's row number, a list position)."""

    indicator: Indicator
    unit: Unit
    month: int
    value: object
    line: str = ""


@dataclass
class UpsertResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    corrected: int = 0
    months: set = field(default_factory=set)

    @property
    def written(self):
        return self.created + self.updated


class RowErrors(ValidationError):
    """A refused batch: ``rows`` is ``[(line, message), …]`` for the page or the API to list."""

    def __init__(self, rows):
        self.rows = rows
        super().__init__([f"{line}:{message}" if line else message for line, message in rows])


def closed_months(months) -> set[int]:
    return set(IndicatorPeriod.objects.filter(month__in=list(months)).values_list("month", flat=True))


def _decimal(indicator, raw):
    """The value as a Decimal within the indicator's range and precision, or the message saying why not."""
    if isinstance(raw, bool):
        return None, "数值必须是数字"
    try:
        value = raw if isinstance(raw, Decimal) else Decimal(str(raw).strip().replace(",", ""))
    except (InvalidOperation, ValueError):
        return None, f"“{str(raw)[:20]}”不是数字"
    if not value.is_finite():
        return None, "数值必须是有限的数字"
    if abs(value) >= Decimal(10) ** 14:
        return None, "数值超出范围"
    if indicator.minimum is not None and value < indicator.minimum:
        return None, f"{indicator.name}不能小于 {indicator.minimum.normalize():f}"
    if indicator.maximum is not None and value > indicator.maximum:
        return None, f"{indicator.name}不能大于 {indicator.maximum.normalize():f}"
    return value.quantize(Decimal(1).scaleb(-4)), None


def _allowed_units(actor, unit_ids) -> set[int]:
    """The units among ``unit_ids`` the actor may enter values for (one query)."""
    if is_system(actor):
        return set(unit_ids)
    units = choices(actor, IndicatorValue, "unit", Action.CHANGE)
    return set(units.filter(pk__in=unit_ids).values_list("pk", flat=True))


def _check(rows, actor, today_month, reason):
    """The rows' errors (line, message), and the rows as (row, Decimal)."""
    errors, checked, seen = [], [], {}
    allowed = _allowed_units(actor, {r.unit.pk for r in rows})
    closed = closed_months({r.month for r in rows})
    for row in rows:
        key = (row.indicator.pk, row.unit.pk, row.month)
        value, message = _decimal(row.indicator, row.value)
        if message is None and not row.indicator.active:
            message = f"指标“{row.indicator.name}”已停用"
        if message is None and row.unit.pk not in allowed:
            message = f"您无权填报“{row.unit.name}”的指标"
        if message is None and row.month > today_month:
            message = f"{month_label(row.month)}尚未到来,不能填报"
        if message is None and row.month in closed and not reason:
            message = f"{month_label(row.month)}已关账,更正须填写原因"
        if message is None and key in seen and seen[key][0] != value:
            message = f"与{seen[key][1] or '前面'}重复且数值不同"
        if message:
            errors.append((row.line, message))
            continue
        seen[key] = (value, row.line)
        checked.append((row, value))
    return errors, checked, closed


@transaction.atomic
def indicator_values_upsert(
    *, actor: User, rows: Iterable[ValueRow], source: str = ValueSource.MANUAL, reason: str = ""
) -> UpsertResult:
    """Write ``rows`` whole or not at all: new values are added, changed ones replaced (a correction with
    ``reason`` in a closed month), unchanged ones left as they are. Refused with every bad row named."""
    rows = list(rows)
    if not rows:
        raise ValidationError("没有要保存的数值。")
    if len(rows) > MAX_BATCH:
        raise ValidationError(f"一次最多保存 {MAX_BATCH} 个数值,请分批提交。")
    reason = (reason or "").strip()
    errors, checked, closed = _check(rows, actor, month_number(timezone.localdate()), reason)
    if errors:
        raise RowErrors(errors)
    return _write(actor, checked, closed, source, reason)


def _existing(checked):
    """{(indicator id, unit id, month): (value id, value)} of the kept values the rows name, locked; read as
    tuples (a month of a large company is 12,000 rows)."""
    months = {row.month for row, _ in checked}
    indicators = {row.indicator.pk for row, _ in checked}
    units = {row.unit.pk for row, _ in checked}
    found = IndicatorValue.objects.select_for_update().filter(month__in=months, indicator_id__in=indicators)
    if len(units) < 500:
        found = found.filter(unit_id__in=units)
    rows = found.values_list("indicator_id", "unit_id", "month", "pk", "value")
    return {(indicator, unit, month): (pk, value) for indicator, unit, month, pk, value in rows}


@dataclass(frozen=True)
class _Change:
    row: ValueRow
    pk: int
    before: Decimal
    after: Decimal


def _write(actor, checked, closed, source, reason):
    result, existing, now = UpsertResult(), _existing(checked), timezone.now()
    new, changed = [], []
    for row, value in checked:
        kept = existing.get((row.indicator.pk, row.unit.pk, row.month))
        result.months.add(row.month)
        if kept is None:
            new.append(IndicatorValue(indicator=row.indicator, unit=row.unit, month=row.month, value=value,
                                      source=source, entered_by=actor))  # fmt: skip
        elif kept[1] != value:
            changed.append(_Change(row, kept[0], kept[1], value))
        else:
            result.unchanged += 1
    corrections = [
        ValueCorrection(value_id=c.pk, old_value=c.before, new_value=c.after, reason=reason, actor=actor, at=now)
        for c in changed
        if c.row.month in closed
    ]
    IndicatorValue.objects.bulk_create(new, batch_size=2000)
    _update_values(changed, source, actor, now)
    ValueCorrection.objects.bulk_create(corrections, batch_size=2000)
    result.created, result.updated, result.corrected = len(new), len(changed), len(corrections)
    _audit(actor, new, changed, closed, reason, source)
    touched = [(v.indicator_id, v.unit_id, v.month) for v in new] + [
        (c.row.indicator.pk, c.row.unit.pk, c.row.month) for c in changed
    ]
    if touched:
        indicators, units, months = (frozenset(t[n] for t in touched) for n in range(3))
        change = events.ValuesChange(actor=actor, indicator_ids=indicators, unit_ids=units, months=months)
        # The roll-ups first, so a subscriber (a competition's standings) reads the units' new figures.
        indicator_rollups_refresh(unit_ids=units, months=months, indicator_ids=indicators)
        emit(events.INDICATOR_VALUES_CHANGED, change)
    return result


def _update_values(changed, source, actor, now):
    """The changed values written by primary key, one statement sent for all (``bulk_update`` builds a CASE per
    row and field: seconds for a month of a large company's values)."""
    if not changed:
        return
    table = IndicatorValue._meta.db_table
    sql = (f"UPDATE {table} SET value = %s, source = %s, entered_by_id = %s, updated_at = %s, "
           "version = version + 1 WHERE id = %s")  # fmt: skip
    at = connection.ops.adapt_datetimefield_value(now)
    user = actor.pk if actor else None
    params = [(connection.ops.adapt_decimalfield_value(c.after, 18, 4), str(source), user, at, c.pk) for c in changed]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


# Past this many changed values of open months a write is audited as one event listing them all.
AUDIT_EACH_UP_TO = 50


def _label(change):
    return f"{change.row.unit.name} {change.row.indicator.name} {month_label(change.row.month)}"


def _audit(actor, new, changed, closed, reason, source):
    """New values as one event (how many, which months); a correction of a closed month as its own event with
    the reason; other changed values each as their own event too, or, past ``AUDIT_EACH_UP_TO`` (an import, a
    push of a month), as one event listing every value's before and after."""
    if new:
        months = sorted({v.month for v in new})
        audit(
            actor=actor, action=events.INDICATOR_VALUES,
            obj=("indicators.indicatorvalue", "", f"{len(new)} 个指标数值"),
            after={"created": len(new), "source": str(source), "months": [month_label(m) for m in months]},
        )  # fmt: skip
    corrected = [c for c in changed if c.row.month in closed]
    updated = [c for c in changed if c.row.month not in closed]
    each = corrected + (updated if len(updated) <= AUDIT_EACH_UP_TO else [])
    for action, group in ((events.INDICATOR_CORRECT, [c for c in each if c.row.month in closed]),
                          (events.INDICATOR_VALUES, [c for c in each if c.row.month not in closed])):  # fmt: skip
        if group:
            audit_many(actor=actor, action=action, changes=[
                (("indicators.indicatorvalue", c.pk, _label(c)), {"value": c.before},
                 {"value": c.after, **({"reason": reason} if c.row.month in closed else {})})
                for c in group
            ])  # fmt: skip
    if len(updated) > AUDIT_EACH_UP_TO:
        audit(
            actor=actor, action=events.INDICATOR_VALUES,
            obj=("indicators.indicatorvalue", "", f"修改 {len(updated)} 个指标数值"),
            after={"updated": len(updated), "source": str(source),
                   "changes": [[c.pk, f"{c.before.normalize():f}", f"{c.after.normalize():f}"] for c in updated]},
        )  # fmt: skip


@transaction.atomic
def indicator_month_close(*, actor: User, month: int) -> IndicatorPeriod:
    """关账: from now on the month's values change only as corrections with a reason."""
    ensure_may(actor, access.CLOSE_MONTHS, "只有党委管理员可以关账。")
    if month > month_number(timezone.localdate()):
        raise ValidationError(f"{month_label(month)}尚未到来,不能关账。")
    period, created = IndicatorPeriod.objects.get_or_create(
        month=month, defaults={"closed_at": timezone.now(), "closed_by": actor}
    )
    if not created:
        raise ValidationError(f"{month_label(month)}已经关账。")
    audit(actor=actor, action=events.INDICATOR_CLOSE, obj=period, after={"month": month_label(month)})
    emit(events.INDICATOR_CLOSE, events.MonthClosed(actor=actor, month=month))
    return period


@transaction.atomic
def indicator_month_reopen(*, actor: User, month: int, reason: str) -> None:
    """取消关账, with the reason on record."""
    ensure_may(actor, access.CLOSE_MONTHS, "只有党委管理员可以取消关账。")
    if not (reason or "").strip():
        raise ValidationError("取消关账须填写原因。")
    period = IndicatorPeriod.objects.select_for_update().filter(month=month).first()
    if period is None:
        raise ValidationError(f"{month_label(month)}尚未关账。")
    audit(actor=actor, action=events.INDICATOR_REOPEN, obj=period, before={"month": month_label(month)},
          after={"reason": reason.strip()})  # fmt: skip
    period.delete()


def ensure_enters(actor: User, unit: Unit) -> None:
    """Refuse one who may not enter values for ``unit``."""
    if unit.pk not in _allowed_units(actor, {unit.pk}):
        raise ScopeError(f"您无权填报“{unit.name}”的指标。")
