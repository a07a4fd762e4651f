"""Writes of exchange visits (交流走访). Atomic and audited; bad input raises a Chinese ValidationError."""

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction

from vanguard.core.audit import audit, snapshot
from vanguard.core.choices import Action
from vanguard.core.dates import not_in_future
from vanguard.core.exceptions import ScopeError
from vanguard.core.services import check_version
from vanguard.org.choices import SECTION_AND_ABOVE
from vanguard.org.models import Person, Unit, User

from .. import events
from ..choices import VisitKind
from ..models import Visit

VISIT_FIELDS = ("kind", "title", "visiting_unit", "visited_unit", "customer", "leader", "date", "summary")


def _validate(visit: Visit) -> None:
    errors = {}
    if visit.kind not in VisitKind.values:
        errors["kind"] = "请选择走访类型(" + "、".join(VisitKind.labels) + ")。"
    if not (visit.title or "").strip():
        errors["title"] = "请填写走访主题。"
    if visit.kind == VisitKind.CUSTOMER:
        if not visit.visited_unit_id and not (visit.customer or "").strip():
            errors["customer"] = "走访客户须填写客户名称。"
    elif not visit.visited_unit_id:
        errors["visited_unit"] = "请选择被走访的单位。"
    elif visit.visited_unit_id == visit.visiting_unit_id:
        errors["visited_unit"] = "被走访单位不能与走访单位相同。"
    if visit.leader_id and not visit.leader.is_active:
        errors["leader"] = f"{visit.leader.name} 已不在职,不能带队。"
    elif visit.leader_id and visit.leader.cadre_level not in SECTION_AND_ABOVE:
        errors["leader"] = f"走访由部门负责人(科级及以上干部)带队,{visit.leader.name} 不是。"
    if errors:
        raise ValidationError(errors)
    not_in_future(visit.date, "走访日期", field="date", hint="请在走访后登记")


def _ensure_recorder(actor: User, visit: Visit) -> None:
    """On the saved row, in its transaction: the leader himself or a head of the visiting unit records it."""
    if not Visit.objects.restrict(actor, Action.ADD).filter(pk=visit.pk).exists():
        raise ScopeError("只有带队领导本人或走访单位的负责人可以登记这次走访。")


@transaction.atomic
def visit_create(
    *, actor: User, kind: str, title: str, visiting_unit: Unit, leader: Person, date: datetime.date,
    visited_unit: Unit | None = None, customer: str = "", summary: str = "", participants: Iterable[Person] = (),
) -> Visit:  # fmt: skip
    """登记 a visit with its participants (the leader is one of them)."""
    if not visiting_unit or not leader or not date:
        missing = [
            label
            for value, label in ((visiting_unit, "走访单位"), (leader, "带队领导"), (date, "走访日期"))
            if not value
        ]
        raise ValidationError("请填写" + "、".join(missing) + "。")
    visit = Visit(
        kind=kind, title=(title or "").strip(), visiting_unit=visiting_unit, visited_unit=visited_unit,
        customer=(customer or "").strip(), leader=leader, date=date, summary=(summary or "").strip(), created_by=actor,
    )  # fmt: skip
    _validate(visit)
    visit.full_clean()
    visit.save()
    _ensure_recorder(actor, visit)
    people = {leader.pk, *(p.pk for p in participants)}
    visit.participants.set(people)
    audit(actor=actor, action=events.VISIT_CREATE, obj=visit, after={**snapshot(visit), "participants": sorted(people)})
    return visit


@transaction.atomic
def visit_update(*, actor: User, visit: Visit, data: dict, expected_version: int | None = None) -> Visit:
    """Correct a visit's record (its summary above all); its leader or the visiting unit's heads."""
    visit = Visit.objects.select_for_update().get(pk=visit.pk)
    check_version(visit, expected_version)
    if not Visit.objects.restrict(actor, Action.CHANGE).filter(pk=visit.pk).exists():
        raise ScopeError("只有带队领导本人或走访单位的负责人可以修改这次走访。")
    before = snapshot(visit)
    participants = data.pop("participants", None)
    for name, value in data.items():
        if name in VISIT_FIELDS:
            setattr(visit, name, value.strip() if isinstance(value, str) else value)
    _validate(visit)
    visit.full_clean()
    visit.version += 1
    visit.save()
    _ensure_recorder(actor, visit)
    if participants is not None:
        visit.participants.set({visit.leader_id, *(p.pk for p in participants)})
    audit(actor=actor, action=events.VISIT_UPDATE, obj=visit, before=before, after=snapshot(visit))
    return visit
