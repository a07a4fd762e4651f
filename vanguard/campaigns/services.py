"""Writes of the campaigns app. Every function is atomic and audited; bad input raises a Chinese ValidationError."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from vanguard.core.audit import audit, audit_many, snapshot
from vanguard.core.exceptions import ConcurrentEditError, ScopeError
from vanguard.core.numbers import parse_decimal
from vanguard.core.scope import get_scope
from vanguard.core.services import check_version, ensure_allowed, model_update, require_role
from vanguard.core.uploads import check_upload
from vanguard.org.models import PartyOrg, Person

from . import rollup
from .choices import (
    CREATE_ROLES,
    MANAGE_ROLES,
    REVIEW_ROLES,
    VIEW_ROLES,
    Aggregation,
    CampaignStatus,
    Direction,
    LetterStatus,
    ReportStatus,
)
from .models import (
    Campaign,
    Commitment,
    CommitmentCheck,
    Evidence,
    ProgressReport,
    ResponsibilityLetter,
    Target,
    TargetContribution,
    TargetStage,
)

CAMPAIGN_FIELDS = ("title", "theme", "purpose", "starts_on", "ends_on", "organiser", "participants", "cadence")
TARGET_FIELDS = (
    "title",
    "metric_name",
    "metric_unit",
    "baseline",
    "target_value",
    "direction",
    "aggregation",
    "weight",
    "owner_person",
    "owner_org",
    "due_date",
    "standard",
    "outcome",
)


def _check_open(campaign, doing="修改"):
    if campaign.status == CampaignStatus.CLOSED:
        raise ValidationError(f"活动“{campaign.title}”已结束,不能再{doing}。")


# ---------------------------------------------------------------- campaigns


def _check_organiser(actor, organiser):
    if actor is None:
        return
    allowed = PartyOrg.objects.filter(get_scope(actor).party_org_q("", CREATE_ROLES))
    if not allowed.filter(pk=organiser.pk).exists():
        raise ValidationError({"organiser": "只能以您管理的党委组织活动。"})


def _check_period(starts_on, ends_on):
    if starts_on and ends_on and ends_on < starts_on:
        raise ValidationError({"ends_on": "结束日期不能早于开始日期。"})


@transaction.atomic
def campaign_create(
    *, actor, title, starts_on, ends_on, organiser, theme="cost", purpose="", participants=(), cadence="monthly"
):
    """A new campaign in draft; only the party-committee office (党委管理员) creates campaigns."""
    require_role(actor, CREATE_ROLES, "只有党委管理员可以创建主题实践活动。")
    _check_organiser(actor, organiser)
    _check_period(starts_on, ends_on)
    campaign = Campaign(
        title=title,
        theme=theme,
        purpose=purpose,
        starts_on=starts_on,
        ends_on=ends_on,
        organiser=organiser,
        cadence=cadence,
        created_by=actor,
    )
    campaign.full_clean()
    campaign.save()
    if participants:
        campaign.participants.set(participants)
    audit(actor=actor, action="campaign.create", obj=campaign, after=snapshot(campaign))
    return campaign


@transaction.atomic
def campaign_update(*, actor, campaign, data, expected_version=None):
    ensure_allowed(actor, campaign, "change")
    _check_open(campaign)
    data = {k: v for k, v in data.items() if k in CAMPAIGN_FIELDS}
    if "organiser" in data and data["organiser"].pk != campaign.organiser_id:
        _check_organiser(actor, data["organiser"])
    _check_period(data.get("starts_on", campaign.starts_on), data.get("ends_on", campaign.ends_on))
    return model_update(
        obj=campaign, data=data, actor=actor, action="campaign.update", expected_version=expected_version
    )


def _transition(actor, campaign, allowed_from, to, action, expected_version):
    ensure_allowed(actor, campaign, "change")
    if campaign.status not in allowed_from:
        raise ValidationError(f"活动当前为“{campaign.get_status_display()}”,不能执行此操作。")
    return model_update(
        obj=campaign, data={"status": to}, actor=actor, action=action, expected_version=expected_version
    )


@transaction.atomic
def campaign_activate(*, actor, campaign, expected_version=None):
    """Draft → active: owners can now report."""
    return _transition(
        actor, campaign, {CampaignStatus.DRAFT}, CampaignStatus.ACTIVE, "campaign.activate", expected_version
    )


@transaction.atomic
def campaign_close(*, actor, campaign, expected_version=None):
    """Active → closed: no more reports or changes; the figures stay as they are."""
    return _transition(
        actor, campaign, {CampaignStatus.ACTIVE}, CampaignStatus.CLOSED, "campaign.close", expected_version
    )


# ---------------------------------------------------------------- targets


@dataclass
class AllocationCheck:
    """Children's allocation against their parent: errors stop the write, warnings are shown."""

    total: Decimal | None = None
    errors: list = field(default_factory=list)
    warnings: list = field(default_factory=list)


def allocation_check(parent, children):
    """Do ``children`` (dicts or targets with ``target_value`` and ``weight``) cover ``parent``?

    Amounts (``sum``): their sum should equal the parent's target; above it is an error.
    Rates (``mean``): their weighted mean should be at least as good as the parent's.
    """
    result = AllocationCheck()
    values = [(_get(c, "target_value"), Decimal(_get(c, "weight") or 0)) for c in children]
    if parent.direction == Direction.MILESTONE or parent.target_value is None or not values:
        return result
    numbers = [(v, w) for v, w in values if v is not None]
    if len(numbers) < len(values):
        result.warnings.append(f"有 {len(values) - len(numbers)} 项下级目标未填目标值,无法核对是否覆盖上级目标。")
    if not numbers:
        return result
    unit = parent.metric_unit
    if parent.aggregation == Aggregation.SUM:
        total = sum(v for v, _ in numbers)
        result.total = total
        if total > parent.target_value:
            result.errors.append(
                f"分解合计 {_fmt(total)}{unit} 超过上级目标 {_fmt(parent.target_value)}{unit},请调整分解值。"
            )
        elif total < parent.target_value:
            result.warnings.append(
                f"分解合计 {_fmt(total)}{unit} 未覆盖上级目标 {_fmt(parent.target_value)}{unit}"
                f"(差 {_fmt(parent.target_value - total)}{unit})。"
            )
        return result
    weight = sum(w for _, w in numbers)
    mean = sum(v * w for v, w in numbers) / weight if weight else None
    result.total = mean
    if mean is not None:
        worse = mean < parent.target_value if parent.direction == Direction.HIGHER else mean > parent.target_value
        if worse:
            result.warnings.append(
                f"下级目标加权平均 {_fmt(mean)}{unit} 达不到上级目标 {_fmt(parent.target_value)}{unit}。"
            )
    return result


def _get(obj, name):
    return obj.get(name) if isinstance(obj, dict) else getattr(obj, name)


def _fmt(value):
    return f"{Decimal(value).quantize(Decimal('0.01')).normalize():f}"


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
    """Every owner org and person of ``nodes`` is one the actor may see (two queries for any number)."""
    if actor is None:
        return
    scope = get_scope(actor)
    org_ids = {n.owner_org_id for n in nodes if n.owner_org_id}
    person_ids = {n.owner_person_id for n in nodes if n.owner_person_id}
    if org_ids:
        seen = set(
            PartyOrg.objects.filter(scope.party_org_q("", VIEW_ROLES), pk__in=org_ids).values_list("pk", flat=True)
        )
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
def target_create(*, actor, campaign, parent=None, **fields):
    """A root target of ``campaign`` or a child of ``parent``. Returns ``(target, AllocationCheck)``."""
    fields = _clean_target_fields({k: v for k, v in fields.items() if k in TARGET_FIELDS})
    if parent is not None:
        ensure_allowed(actor, parent, "change")
        campaign = parent.campaign
        fields = _inherit(parent, fields)
    else:
        ensure_allowed(actor, campaign, "change")
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
        node = Target.objects.add_child(parent, instance=node)
    else:
        node = Target.objects.add_root(instance=node)
    audit(actor=actor, action="target.create", obj=node, after=snapshot(node))
    if parent is not None and parent.report_count:
        rollup.rollup_campaign(campaign)
    return node, check or AllocationCheck()


def may_edit_target(user, target):
    if target.depth == 1:
        return Campaign.objects.restrict(user, "change").filter(pk=target.campaign_id).exists()
    parent_path = target.path[: -Target.steplen]
    return Target.objects.restrict(user, "change").filter(path=parent_path).exists()


@transaction.atomic
def target_update(*, actor, target, data, expected_version=None):
    """Edit a target; a stale ``expected_version`` raises ``ConcurrentEditError``. Returns ``(target, check)``.

    Whoever set a target edits it: the managers of its parent (of the campaign for an overall
    target). A branch splits its own target but does not change what it was given.
    """
    if actor is not None and not may_edit_target(actor, target):
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
    target = model_update(obj=target, data=data, actor=actor, action="target.update", expected_version=expected_version)
    rollup.rollup_campaign(target.campaign)
    target.refresh_from_db()
    return target, check


@transaction.atomic
def target_decompose(*, actor, parent, rows, expected_version=None):
    """Split ``parent`` among child orgs or people: ``rows`` are dicts of target fields (owner, value, weight…).

    All rows are checked first; one bad row writes nothing. The children's allocation is
    checked against the parent (amounts must not exceed it; a gap is a warning).
    Returns ``(children, AllocationCheck)``.
    """
    ensure_allowed(actor, parent, "change")
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
            fields.setdefault("title", parent.title)
            if not fields.get("title"):
                fields["title"] = parent.title
            _check_owner(fields)
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
    created = _bulk_add_children(parent, nodes)
    audit_many(actor=actor, action="target.create", changes=[(n, None, snapshot(n)) for n in created])
    if parent.report_count:
        rollup.rollup_campaign(campaign)
    return created, check


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
def target_stage_set(*, actor, target, kind, label, ends_on, planned_value=None, note=""):
    """Add or replace the stage target of ``target`` ending on ``ends_on``."""
    ensure_allowed(actor, target, "change")
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
    audit(actor=actor, action="target_stage.set", obj=stage, before=before, after=snapshot(stage))
    return stage


# ---------------------------------------------------------------- progress


def may_report(user, target):
    """The owner reports: the person, or for an org's target a manager of that org."""
    scope = get_scope(user)
    if scope is None:
        return False
    if target.owner_person_id:
        return scope.person_id == target.owner_person_id
    return PartyOrg.objects.filter(scope.party_org_q("", MANAGE_ROLES), pk=target.owner_org_id).exists()


@transaction.atomic
def report_submit(*, actor, target, period, value=None, narrative="", files=()):
    """An owner's actual value for a period, with evidence; waits for the branch to accept it."""
    target = Target.objects.select_related("campaign").get(pk=target.pk)
    if actor is not None and not may_report(actor, target):
        raise ScopeError("只有该目标的责任人可以填报进展。")
    campaign = target.campaign
    if campaign.status != CampaignStatus.ACTIVE:
        raise ValidationError(f"活动“{campaign.title}”{campaign.get_status_display()},不能填报进展。")
    if target.numchild:
        raise ValidationError("该目标已分解到下级,进度由下级目标汇总,请在下级目标上填报。")
    if not campaign.starts_on <= period <= campaign.ends_on:
        raise ValidationError({"period": f"填报期应在活动期间({campaign.starts_on} 至 {campaign.ends_on})内。"})
    if period > timezone.localdate():
        raise ValidationError({"period": "不能填报未来期间的进展。"})
    value = parse_decimal(value, label="实际值", field="value")
    if value is None and not narrative:
        raise ValidationError({"value": "请填写实际值或工作进展。"})
    if target.is_milestone and value is not None and not Decimal(0) <= value <= Decimal(100):
        raise ValidationError({"value": "里程碑目标请填写完成百分比(0–100)。"})
    report = ProgressReport(target=target, period=period, value=value, narrative=narrative, submitted_by=actor)
    report.full_clean()
    report.save()
    for upload in files:
        check_upload(upload, field="files")
        Evidence.objects.create(report=report, file=upload, name=upload.name[:200], size=upload.size)
    audit(actor=actor, action="progress_report.submit", obj=report, after=snapshot(report))
    return report


def _check_not_own(actor, report):
    scope = get_scope(actor) if actor is not None else None
    if scope is not None and scope.person_id and report.target.owner_person_id == scope.person_id:
        raise ScopeError("不能审核本人目标的填报,请由上级组织审核。")


def _lock_submitted(report, expected_status=ReportStatus.SUBMITTED):
    fresh = ProgressReport.objects.select_for_update().select_related("target__campaign").get(pk=report.pk)
    if fresh.status != expected_status:
        raise ConcurrentEditError(f"该填报已被他人审核(当前:{fresh.get_status_display()}),请刷新页面。")
    return fresh


@transaction.atomic
def report_accept(*, actor, report, note=""):
    """The branch accepts a report: the target and every ancestor are recomputed (constant queries)."""
    ensure_allowed(actor, report, "review")
    report = _lock_submitted(report)
    _check_not_own(actor, report)
    _check_open(report.target.campaign, "审核填报")
    now = timezone.now()
    ProgressReport.objects.filter(pk=report.pk).update(
        status=ReportStatus.ACCEPTED, reviewer=actor, reviewed_at=now, review_note=note, version=F("version") + 1
    )
    report.status, report.reviewer, report.reviewed_at, report.review_note = ReportStatus.ACCEPTED, actor, now, note
    # The audit event first: every audited write takes the chain head, then the targets it rolls
    # up, in that order (a project's acceptance does the same), so concurrent ones never deadlock.
    audit(
        actor=actor,
        action="progress_report.accept",
        obj=report,
        before={"status": ReportStatus.SUBMITTED},
        after={"status": ReportStatus.ACCEPTED, "review_note": note},
    )
    rollup.rollup_leaf(report.target)
    return report


@transaction.atomic
def report_return(*, actor, report, note):
    """The branch returns a report with a reason; the owner submits a new one, this one stays in the history."""
    ensure_allowed(actor, report, "review")
    if not (note or "").strip():
        raise ValidationError({"review_note": "退回时请写明原因。"})
    report = _lock_submitted(report)
    _check_not_own(actor, report)
    now = timezone.now()
    ProgressReport.objects.filter(pk=report.pk).update(
        status=ReportStatus.RETURNED, reviewer=actor, reviewed_at=now, review_note=note, version=F("version") + 1
    )
    report.status, report.reviewer, report.reviewed_at, report.review_note = ReportStatus.RETURNED, actor, now, note
    audit(
        actor=actor,
        action="progress_report.return",
        obj=report,
        before={"status": ReportStatus.SUBMITTED},
        after={"status": ReportStatus.RETURNED, "review_note": note},
    )
    return report


# ---------------------------------------------------------------- responsibility letters


def letter_content(targets):
    """The target table of a letter, as issued."""
    return [
        {
            "title": t.title,
            "metric": t.metric_name,
            "unit": t.metric_unit,
            "baseline": None if t.baseline is None else str(t.baseline),
            "target": None if t.target_value is None else str(t.target_value),
            "direction": t.get_direction_display(),
            "due_date": t.due_date.isoformat(),
            "standard": t.standard,
            "outcome": t.outcome,
            "weight": str(t.weight),
        }
        for t in targets
    ]


def _issuer_for(target, parents, campaign):
    parent = parents.get(target.path[: -Target.steplen]) if target.depth > 1 else None
    return (parent.owner_org_id if parent is not None and parent.owner_org_id else None) or campaign.organiser_id


@transaction.atomic
def letter_bulk_issue(*, actor, campaign, under=None):
    """A letter for every owner of targets the actor manages in ``campaign`` (or below ``under``) who has none yet.

    An owner is a person, or an org for targets without a person. Returns the new letters.
    """
    _check_open(campaign, "下达责任书")
    # The overall targets belong to the organiser itself: nobody issues a letter to themselves.
    targets = (
        Target.objects.restrict(actor, "change")
        .filter(campaign=campaign, depth__gt=1)
        .select_related("owner_person", "owner_org")
    )
    if under is not None:
        ensure_allowed(actor, under, "change")
        targets = targets.filter(path__startswith=under.path).exclude(pk=under.pk)
    targets = list(targets.order_by("path"))
    if actor is not None and not targets:
        raise ScopeError("您管理的范围内没有可下达责任书的目标。")
    parent_paths = {t.path[: -Target.steplen] for t in targets if t.depth > 1}
    parents = {p.path: p for p in Target.objects.filter(path__in=parent_paths)}
    by_owner = {}
    for t in targets:
        key = ("person", t.owner_person_id) if t.owner_person_id else ("org", t.owner_org_id)
        by_owner.setdefault(key, []).append(t)
    existing = set(
        ResponsibilityLetter.objects.filter(campaign=campaign).values_list("recipient_person_id", "recipient_org_id")
    )
    have_person = {p for p, _ in existing if p}
    have_org = {o for p, o in existing if not p}
    now = timezone.now()
    letters = []
    for (kind, owner_id), owned in by_owner.items():
        if (kind == "person" and owner_id in have_person) or (kind == "org" and owner_id in have_org):
            continue
        letters.append(
            ResponsibilityLetter(
                campaign=campaign,
                issuer_org_id=_issuer_for(owned[0], parents, campaign),
                recipient_person=owned[0].owner_person if kind == "person" else None,
                recipient_org=owned[0].owner_org,
                content=letter_content(owned),
                issued_by=actor,
                issued_at=now,
            )
        )
    ResponsibilityLetter.objects.bulk_create(letters)
    if letters:
        audit_many(actor=actor, action="letter.issue", changes=[(letter, None, snapshot(letter)) for letter in letters])
    return letters


def may_acknowledge(user, letter):
    """The recipient person, or for an org's letter its secretary; never an administrator on their behalf."""
    scope = get_scope(user)
    if scope is None:
        return False
    if letter.recipient_person_id:
        return scope.person_id == letter.recipient_person_id
    allowed = PartyOrg.objects.filter(scope.party_org_q("", REVIEW_ROLES))
    return allowed.filter(pk=letter.recipient_org_id).exists()


@transaction.atomic
def letter_acknowledge(*, actor, letter):
    """The recipient confirms the letter online: issued → acknowledged, with the time."""
    if actor is not None and not may_acknowledge(actor, letter):
        raise ScopeError("只有责任书的乙方可以确认。")
    fresh = ResponsibilityLetter.objects.select_for_update().get(pk=letter.pk)
    if fresh.status == LetterStatus.ACKNOWLEDGED:
        raise ValidationError(f"该责任书已于 {timezone.localtime(fresh.acknowledged_at):%Y-%m-%d %H:%M} 确认。")
    return model_update(
        obj=fresh,
        data={"status": LetterStatus.ACKNOWLEDGED, "acknowledged_at": timezone.now(), "acknowledged_by": actor},
        actor=actor,
        action="letter.acknowledge",
    )


# ---------------------------------------------------------------- commitments


@transaction.atomic
def commitment_create(*, actor, campaign, content, due_date, measure="", person=None, org=None):
    """A member (for themselves) or a branch manager (for a member or the branch) records a commitment."""
    if not person and not org:
        raise ValidationError({"person": "请指定承诺人或承诺组织。"})
    _check_open(campaign, "新增承诺")
    ensure_allowed(actor, campaign, "view")
    commitment = Commitment(
        campaign=campaign, person=person, org=org, content=content, measure=measure, due_date=due_date
    )
    commitment.full_clean()
    scope = get_scope(actor) if actor is not None else None
    own = scope is not None and person is not None and scope.person_id == person.pk
    if scope is not None and not own:
        commitment.save()
        if not Commitment.objects.restrict(actor, "change").filter(pk=commitment.pk).exists():
            raise ScopeError("只能为本人或您管理的组织及其党员登记承诺。")
    else:
        commitment.save()
    audit(actor=actor, action="commitment.create", obj=commitment, after=snapshot(commitment))
    return commitment


def half_year_start(day):
    return date(day.year, 1 if day.month <= 6 else 7, 1)


@transaction.atomic
def commitment_check_record(*, actor, commitment, period, result, rating, remarks="", expected_version=None):
    """The half-yearly check of a commitment; one per half year (a second one edits the first)."""
    ensure_allowed(actor, commitment, "change")
    period = half_year_start(period)
    check = CommitmentCheck.objects.filter(commitment=commitment, period=period).first()
    data = {
        "result": result,
        "rating": rating,
        "remarks": remarks,
        "checked_by": actor,
        "checked_on": timezone.localdate(),
    }
    if check is not None:
        return model_update(
            obj=check, data=data, actor=actor, action="commitment_check.update", expected_version=expected_version
        )
    check = CommitmentCheck(commitment=commitment, period=period, **data)
    check.full_clean()
    check.save()
    audit(actor=actor, action="commitment_check.create", obj=check, after=snapshot(check))
    return check


@transaction.atomic
def report_bulk_import(*, actor, campaign, rows):
    """Load a history of reviewed reports at once (a campaign's past months, a migration from Excel).

    ``rows``: dicts with ``target``, ``period``, ``value``, ``narrative``, ``status`` (accepted or
    submitted) and ``reviewer``. One insert, one audit event per target (listing its reports),
    one roll-up of the tree.
    """
    ensure_allowed(actor, campaign, "change")
    now = timezone.now()
    reports = []
    for row in rows:
        status = row.get("status", ReportStatus.ACCEPTED)
        reports.append(
            ProgressReport(
                target=row["target"],
                period=row["period"],
                value=parse_decimal(row.get("value"), field="value"),
                narrative=row.get("narrative", ""),
                status=status,
                submitted_by=row.get("submitted_by"),
                submitted_at=row.get("submitted_at", now),
                reviewer=row.get("reviewer") if status != ReportStatus.SUBMITTED else None,
                reviewed_at=row.get("reviewed_at", now) if status != ReportStatus.SUBMITTED else None,
            )
        )
    ProgressReport.objects.bulk_create(reports, batch_size=2000)
    # One event per target, listing its reports: a history of 100,000 reports is 5,000 events, not 100,000.
    by_target = {}
    for r in reports:
        by_target.setdefault(r.target_id, (r.target, []))[1].append(
            {"id": r.pk, "period": r.period, "value": r.value, "status": r.status}
        )
    audit_many(
        actor=actor,
        action="progress_report.import",
        changes=[(target, None, {"reports": rows}) for target, rows in by_target.values()],
    )
    rollup.rollup_campaign(campaign)
    return reports


@transaction.atomic
def campaign_refresh(*, actor, campaign):
    """Recompute every target's figures and status (statuses move with the calendar)."""
    if actor is not None:
        ensure_allowed(actor, campaign, "change")
    nodes = rollup.rollup_campaign(campaign)
    audit(actor=actor, action="campaign.refresh", obj=campaign, after={"targets": len(nodes)})
    return nodes


# ---------------------------------------------------------------- results counted into targets


@transaction.atomic
def contribution_link(*, actor, target, source, source_id, label):
    """Link a record of another module (``source`` = ``"projects.project"``, its id) to a leaf target.

    The caller checks the actor's right over the record; here the target must be one the
    actor sees, in an active campaign, and not split further (progress lives on leaves).
    """
    ensure_allowed(actor, target, "view")
    target = Target.objects.select_related("campaign").get(pk=target.pk)
    _check_open(target.campaign, "关联成果")
    if target.numchild:
        raise ValidationError(
            {"target": f"目标“{target.title}”已分解到下级,成果请关联到具体负责的下级目标(进度由下级汇总)。"}
        )
    if TargetContribution.objects.filter(target=target, source=source, source_id=source_id).exists():
        raise ValidationError({"target": f"已关联到目标“{target.title}”,请勿重复关联。"})
    link = TargetContribution(target=target, source=source, source_id=source_id, label=label[:250], linked_by=actor)
    link.save()
    audit(actor=actor, action="target_contribution.link", obj=link, after=snapshot(link))
    return link


@transaction.atomic
def contribution_unlink(*, actor, contribution):
    """Remove a link whose result has not been counted yet (a counted result is part of the figures)."""
    contribution = TargetContribution.objects.select_for_update().get(pk=contribution.pk)
    if contribution.counted:
        raise ValidationError(
            f"“{contribution.label}”已于 {contribution.counted_on:%Y-%m-%d} 计入目标,不能再解除关联。"
        )
    before = snapshot(contribution)
    audit(actor=actor, action="target_contribution.unlink", obj=contribution, before=before)
    contribution.delete()


def _count_into(link, target, amount_yuan, on):
    """Set ``link``'s counted value in ``target``'s unit; None with a note when the target takes no yuan."""
    link.source_value = Decimal(amount_yuan).quantize(Decimal("0.01"))
    link.value, link.note, link.counted_on = None, "", None
    per_unit = target.yuan_per_unit
    if per_unit is None:
        unit = target.metric_unit or "无单位"
        link.note = f"目标按“{unit}”计量({target.get_direction_display()}),效益金额不计入数值。"
    elif not target.campaign.is_open:
        link.note = f"活动已{target.campaign.get_status_display()},未计入。"
    else:
        link.value = (Decimal(amount_yuan) / Decimal(per_unit)).quantize(Decimal("0.0001"))
        link.counted_on = on


@transaction.atomic
def contributions_count(*, actor, source, source_id, amount_yuan, on, label=None):
    """Count an accepted result (``amount_yuan`` on day ``on``) into every target it is linked to.

    Called by the module that accepted the result, inside its transaction, so the acceptance
    and the targets' figures change together. Each linked leaf and its ancestors are rolled
    up; a target that does not take amounts keeps the link with a note. Returns the links.
    """
    links = list(
        TargetContribution.objects.of_source(source, source_id)
        .select_related("target__campaign")
        .select_for_update(of=("self",))
    )
    for link in links:
        if link.counted:
            continue
        before = snapshot(link)
        _count_into(link, link.target, amount_yuan, on)
        if label:
            link.label = label[:250]
        link.version += 1
        link.save(update_fields=["value", "note", "source_value", "counted_on", "label", "version", "updated_at"])
        audit(actor=actor, action="target_contribution.count", obj=link, before=before, after=snapshot(link))
        if link.value is not None:  # after the audit event, as in report_accept (the chain head, then the targets)
            rollup.rollup_leaf(link.target)  # reads the leaf's figures afresh under its lock
    return links


@transaction.atomic
def contribution_bulk_record(*, actor, campaign, rows):
    """Many links at once, counted or not (a demo, a migration): one insert, one audit event each, one roll-up.

    ``rows``: dicts with ``target``, ``source``, ``source_id``, ``label`` and, when counted,
    ``amount_yuan`` and ``on``. Targets must be leaves of ``campaign``.
    """
    ensure_allowed(actor, campaign, "change")
    links = []
    for row in rows:
        target = row["target"]
        if target.campaign_id != campaign.pk or target.numchild:
            raise ValidationError(f"目标“{target.title}”不是本活动的末级目标,不能计入成果。")
        link = TargetContribution(
            target=target, source=row["source"], source_id=row["source_id"], label=row["label"][:250],
            linked_by=actor,
        )  # fmt: skip
        if row.get("amount_yuan") is not None:
            target.campaign = campaign
            _count_into(link, target, row["amount_yuan"], row["on"])
        links.append(link)
    TargetContribution.objects.bulk_create(links, batch_size=2000)
    audit_many(actor=actor, action="target_contribution.import", changes=[(c, None, snapshot(c)) for c in links])
    rollup.rollup_campaign(campaign)
    return links
