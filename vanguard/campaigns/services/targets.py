"""Targets: the target tree, its decomposition and stage targets."""

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F

from vanguard.core import access
from vanguard.core.access import ensure_allowed
from vanguard.core.audit import audit, audit_many, snapshot
from vanguard.core.choices import Action
from vanguard.core.exceptions import ScopeError
from vanguard.core.numbers import parse_decimal
from vanguard.core.services import check_version, model_update
from vanguard.org.models import Person, User

from .. import events, rollup, summaries
from ..allocation import AllocationCheck, allocation_check, proposed_title
from ..choices import TARGET_FIELDS
from ..models import Campaign, Target, TargetStage
from ._common import _check_open


def _clean_target_fields(fields):
    for name, label in (("baseline", "基准值"), ("target_value", "目标值"), ("weight", "权重")):
        if name in fields:
            fields[name] = parse_decimal(fields[name], label=label, field=name)
    if fields.get("weight") is None and "weight" in fields:
        fields["weight"] = Decimal(1)
    if fields.get("weight") is not None and fields["weight"] < 0:
        raise ValidationError({"weight": "权重不能为负数。"})
    return fields


def _check_owners_in_scope(actor, nodes):
    """Every owner org and person of ``nodes`` is one the actor may give a target to (two queries for any number)."""
    org_ids = {n.owner_org_id for n in nodes if n.owner_org_id}
    person_ids = {n.owner_person_id for n in nodes if n.owner_person_id}
    if org_ids:
        orgs = access.choices(actor, Target, "owner_org", Action.VIEW)
        seen = set(orgs.filter(pk__in=org_ids).values_list("pk", flat=True))
        if org_ids - seen:
            raise ValidationError({"owner_org": "责任组织不在您的管理范围内。"})
    if person_ids:
        seen = set(Person.objects.restrict(actor).filter(pk__in=person_ids).values_list("pk", flat=True))
        if person_ids - seen:
            raise ValidationError({"owner_person": "责任人不在您的管理范围内。"})


# Owners are checked against the actor's scope in one query; the model's own check would cost three per node.
NODE_CLEAN_EXCLUDE = ["path", "depth", "numchild", "campaign", "owner_person", "owner_org"]


def _check_owner(fields):
    if not fields.get("owner_person") and not fields.get("owner_org"):
        raise ValidationError({"owner_person": "请指定责任人或责任组织。"})


def _check_target_dates(campaign, due_date, parent=None):
    if due_date and not campaign.starts_on <= due_date <= campaign.ends_on:
        raise ValidationError({"due_date": f"时间节点应在活动期间({campaign.starts_on} 至 {campaign.ends_on})内。"})
    if parent is not None and due_date and due_date > parent.due_date:
        raise ValidationError({"due_date": f"时间节点不能晚于上级目标的时间节点 {parent.due_date}。"})


def _inherit(parent, fields):
    """A child keeps its parent's metric unless told otherwise."""
    for name in ("metric_name", "metric_unit", "direction", "aggregation"):
        if not fields.get(name):
            fields[name] = getattr(parent, name)
    if fields.get("owner_person") and not fields.get("owner_org"):
        fields["owner_org"] = parent.owner_org  # a member's share stays under the branch that split it
    fields.setdefault("due_date", parent.due_date)
    if fields.get("due_date") is None:
        fields["due_date"] = parent.due_date
    return fields


@transaction.atomic
def target_create(
    *, actor: User, campaign: Campaign, parent: Target | None = None, **fields
) -> tuple[Target, AllocationCheck]:
    """A root target of ``campaign`` or a child of ``parent``. Returns ``(target, AllocationCheck)``.

    An overall target is set by whoever may change the campaign, a child by whoever may decompose its parent.
    """
    fields = _clean_target_fields({k: v for k, v in fields.items() if k in TARGET_FIELDS})
    if parent is not None:
        ensure_allowed(actor, parent, Action.DECOMPOSE)
        campaign = parent.campaign
        fields = _inherit(parent, fields)
    else:
        ensure_allowed(actor, campaign, Action.CHANGE)
    _check_open(campaign, "新增目标")
    _check_owner(fields)
    _check_target_dates(campaign, fields.get("due_date"), parent)
    node = Target(campaign=campaign, **fields)
    node.full_clean(exclude=NODE_CLEAN_EXCLUDE)
    _check_owners_in_scope(actor, [node])
    check = None
    if parent is not None:
        siblings = list(Target.objects.filter(path__startswith=parent.path, depth=parent.depth + 1))
        check = allocation_check(parent, [*siblings, node])
        if check.errors:
            raise ValidationError({"target_value": check.errors})
        was_leaf = not parent.numchild
        node = Target.objects.add_child(parent, instance=node)
    else:
        node = Target.objects.add_root(instance=node)
    audit(actor=actor, action=events.TARGET_CREATE, obj=node, after=snapshot(node))
    if parent is not None and was_leaf:  # after the audit event, as every summary write (its chain head first)
        summaries.target_split(target=parent)
    if parent is not None and parent.report_count:
        rollup.rollup_campaign(campaign)
    return node, check or AllocationCheck()


@transaction.atomic
def target_update(
    *, actor: User, target: Target, data: dict, expected_version: int | None = None
) -> tuple[Target, AllocationCheck]:
    """Edit a target; a stale ``expected_version`` raises ``ConcurrentEditError``. Returns ``(target, check)``.

    Whoever set a target edits it (``Action.CHANGE``: those who may decompose its parent, or change
    the campaign of an overall target). A branch splits its own target but does not change what it was given.
    """
    if not access.may(actor, Action.CHANGE, target):
        raise ScopeError("只有下达该目标的组织可以修改它;本组织可以分解它。")
    _check_open(target.campaign)
    data = _clean_target_fields({k: v for k, v in data.items() if k in TARGET_FIELDS})
    merged = {**{n: getattr(target, n) for n in ("owner_person", "owner_org", "due_date")}, **data}
    _check_owner(merged)
    if "owner_person" in data or "owner_org" in data:
        _check_owners_in_scope(actor, [Target(owner_person=merged["owner_person"], owner_org=merged["owner_org"])])
    parent = Target.objects.get_parent(target) if target.depth > 1 else None
    _check_target_dates(target.campaign, merged["due_date"], parent)
    check_version(target, expected_version)
    check = AllocationCheck()
    if parent is not None and "target_value" in data:
        siblings = [
            s for s in Target.objects.filter(path__startswith=parent.path, depth=parent.depth + 1) if s.pk != target.pk
        ]
        check = allocation_check(
            parent, [*siblings, {"target_value": data["target_value"], "weight": data.get("weight", target.weight)}]
        )
        if check.errors:
            raise ValidationError({"target_value": check.errors})
    target = model_update(
        obj=target, data=data, actor=actor, action=events.TARGET_UPDATE, expected_version=expected_version
    )
    rollup.rollup_campaign(target.campaign)
    target.refresh_from_db()
    return target, check


@transaction.atomic
def target_decompose(
    *, actor: User, parent: Target, rows: Iterable[dict], expected_version: int | None = None
) -> tuple[list[Target], AllocationCheck]:
    """Split ``parent`` among child orgs or people: ``rows`` are dicts of target fields (owner, value, weight…).

    All rows are checked first; one bad row writes nothing. The children's allocation is
    checked against the parent (amounts must not exceed it; a gap is a warning).
    Returns ``(children, AllocationCheck)``.
    """
    ensure_allowed(actor, parent, Action.DECOMPOSE)
    check_version(parent, expected_version)
    _check_open(parent.campaign, "分解目标")
    linked = parent.contributions.count()
    if linked:
        # Results count on leaves only, like reports: a split target's progress is its children's.
        raise ValidationError(
            f"该目标已关联 {linked} 项成果(如立功立项项目),不能再分解;请先在成果一方解除关联,或另设目标。"
        )
    campaign = parent.campaign
    errors, nodes = {}, []
    for index, raw in enumerate(rows, start=1):
        try:
            fields = _inherit(parent, _clean_target_fields({k: v for k, v in raw.items() if k in TARGET_FIELDS}))
            _check_owner(fields)
            if not (fields.get("title") or "").strip():
                fields["title"] = proposed_title(parent, owner=_owner_name(fields), value=fields.get("target_value"))
            _check_target_dates(campaign, fields["due_date"], parent)
            node = Target(campaign=campaign, **fields)
            node.full_clean(exclude=NODE_CLEAN_EXCLUDE)
        except ValidationError as exc:
            errors[index] = exc
            continue
        nodes.append(node)
    if errors:
        raise ValidationError([f"第 {i} 行:{'; '.join(e.messages)}" for i, e in errors.items()])
    if not nodes:
        raise ValidationError("请至少填写一行分解目标。")
    _check_owners_in_scope(actor, nodes)
    existing = list(Target.objects.filter(path__startswith=parent.path, depth=parent.depth + 1))
    check = allocation_check(parent, [*existing, *nodes])
    if check.errors:
        raise ValidationError(check.errors)
    was_leaf = not parent.numchild
    created = _bulk_add_children(parent, nodes)
    audit_many(actor=actor, action=events.TARGET_CREATE, changes=[(n, None, snapshot(n)) for n in created])
    if was_leaf:
        summaries.target_split(target=parent)
    if parent.report_count:
        rollup.rollup_campaign(campaign)
    return created, check


def _owner_name(fields):
    person, org = fields.get("owner_person"), fields.get("owner_org")
    return person.name if person is not None else (org.name if org is not None else "")


def _bulk_add_children(parent, nodes):
    """Children under ``parent`` with their paths computed here: one insert, one numchild update."""
    last = (
        Target.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
        .order_by("-path")
        .values_list("path", flat=True)
        .first()
    )
    position = Target._str2int(last[-Target.steplen :]) if last else 0
    for offset, node in enumerate(nodes, start=1):
        node.depth = parent.depth + 1
        node.numchild = 0
        node.path = Target._get_path(parent.path, node.depth, position + offset)
    Target.objects.bulk_create(nodes, batch_size=1000)
    Target.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(nodes))
    parent.numchild += len(nodes)
    return nodes


@transaction.atomic
def target_stage_set(
    *,
    actor: User,
    target: Target,
    kind: str,
    label: str,
    ends_on: date,
    planned_value: Decimal | str | None = None,
    note: str = "",
) -> TargetStage:
    """Add or replace the stage target of ``target`` ending on ``ends_on`` (a part of decomposing it)."""
    ensure_allowed(actor, target, Action.DECOMPOSE)
    _check_open(target.campaign)
    planned_value = parse_decimal(planned_value, label="阶段目标值", field="planned_value")
    if not target.campaign.starts_on <= ends_on <= target.due_date:
        raise ValidationError({"ends_on": "阶段截止日期应在活动开始与该目标时间节点之间。"})
    stage = TargetStage.objects.filter(target=target, ends_on=ends_on).first()
    before = snapshot(stage)
    stage = stage or TargetStage(target=target, ends_on=ends_on)
    stage.kind, stage.label, stage.planned_value, stage.note = kind, label, planned_value, note
    stage.full_clean()
    stage.save()
    audit(actor=actor, action=events.TARGET_STAGE_SET, obj=stage, before=before, after=snapshot(stage))
    return stage
