"""The office's settings: compliance rules and exemptions."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date as Date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from vanguard.core.access import ensure_allowed
from vanguard.core.audit import audit, snapshot
from vanguard.core.choices import Action
from vanguard.core.services import model_update
from vanguard.org.models import PartyOrg, User

from .. import events
from ..models import ComplianceExemption, ComplianceRule
from ..summaries import refresh_marks, refresh_rule
from ._common import _ensure_may_add


@transaction.atomic
def rule_create(
    *, actor: User, subject: str, org_kind: str, period: str, minimum: int = 1, basis: str = "", is_active: bool = True
) -> ComplianceRule:
    _ensure_may_add(actor, ComplianceRule, "只有党委管理员可以设置组织生活规则。")
    if ComplianceRule.objects.filter(subject=subject, org_kind=org_kind).exists():
        raise ValidationError("该组织类型的这一事项已有规则,请直接修改。")
    rule = ComplianceRule(
        subject=subject, org_kind=org_kind, period=period, minimum=minimum, basis=basis, is_active=is_active
    )
    rule.full_clean(validate_constraints=False)
    rule.save()
    audit(actor=actor, action=events.RULE_CREATE, obj=rule, after=snapshot(rule))
    refresh_rule(rule)
    return rule


@transaction.atomic
def rule_update(
    *, actor: User, rule: ComplianceRule, data: Mapping[str, Any], expected_version: int | None = None
) -> ComplianceRule:
    ensure_allowed(actor, rule, Action.CHANGE)
    data = {k: v for k, v in data.items() if k in ("period", "minimum", "basis", "is_active")}
    if "minimum" in data and (data["minimum"] is None or int(data["minimum"]) < 1):
        raise ValidationError({"minimum": "最少次数至少为 1。"})
    rule = model_update(obj=rule, data=data, actor=actor, action=events.RULE_UPDATE, expected_version=expected_version)
    refresh_rule(rule)
    return rule


@transaction.atomic
def exemption_create(
    *, actor: User, org: PartyOrg, starts_on: Date, ends_on: Date, reason: str, rule: ComplianceRule | None = None
) -> ComplianceExemption:
    _ensure_may_add(actor, ComplianceExemption, "只有党委管理员可以设置免于考核。")
    if ends_on < starts_on:
        raise ValidationError({"ends_on": "截止日期不能早于起始日期。"})
    if not (reason or "").strip():
        raise ValidationError({"reason": "请填写免于考核的原因。"})
    exemption = ComplianceExemption.objects.create(
        org=org, rule=rule, starts_on=starts_on, ends_on=ends_on, reason=reason.strip()
    )
    audit(actor=actor, action=events.EXEMPTION_CREATE, obj=exemption, after=snapshot(exemption))
    refresh_marks([org.pk])
    return exemption
