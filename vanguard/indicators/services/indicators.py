"""Writes of indicator definitions (the office keeps them as data)."""

from django.core.exceptions import ValidationError
from django.db import transaction

from vanguard.core.access import ensure_allowed
from vanguard.core.audit import audit, snapshot
from vanguard.core.choices import Action
from vanguard.core.services import check_version
from vanguard.org.models import User

from .. import events
from ..choices import Aggregation
from ..models import Indicator

INDICATOR_FIELDS = (
    "code", "name", "kind", "unit_of_measure", "direction", "aggregation", "weight_by", "decimals", "minimum",
    "maximum", "description", "active", "order",
)  # fmt: skip


def _check(indicator):
    if indicator.aggregation == Aggregation.WEIGHTED and indicator.weight_by_id is None:
        raise ValidationError({"weight_by": "按产量加权平均的指标须选择加权依据指标。"})
    if indicator.weight_by_id is not None and indicator.weight_by_id == indicator.pk:
        raise ValidationError({"weight_by": "指标不能以自身作权重。"})
    if indicator.minimum is not None and indicator.maximum is not None and indicator.minimum > indicator.maximum:
        raise ValidationError({"maximum": "最大值不能小于最小值。"})


@transaction.atomic
def indicator_save(*, actor: User, indicator: Indicator, data: dict, expected_version=None) -> Indicator:
    """Create or change an indicator as the office set it, audited. The code, once values were pushed by it,
    stays: other systems push by it."""
    data = {name: value for name, value in data.items() if name in INDICATOR_FIELDS}
    if indicator.pk is None:
        ensure_allowed(actor, Indicator, Action.ADD)
        before, stored = None, indicator
    else:
        ensure_allowed(actor, indicator, Action.CHANGE)
        stored = Indicator.objects.select_for_update().get(pk=indicator.pk)
        check_version(stored, expected_version)
        before = snapshot(stored)
        if "code" in data and data["code"] != stored.code and stored.values.exists():
            raise ValidationError({"code": "已有数值按此代码报送,指标代码不能再改。"})
    for name, value in data.items():
        setattr(stored, name, value)
    _check(stored)
    stored.full_clean()
    if before is not None:
        stored.version += 1
    stored.save()
    audit(actor=actor, action=events.INDICATOR_SAVE, obj=stored, before=before, after=snapshot(stored))
    return stored
