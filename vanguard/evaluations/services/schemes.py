"""Writes of appraisal schemes (考评方案) and their parts: the scheme itself, its criteria tree, evaluator groups,
grade bands, vetoes and bonus/penalty items, and copying a scheme to start a new one.

Kept by the office. Each write is atomic and audited; a refused write raises a Chinese ``ValidationError`` or
``ScopeError`` and changes nothing. A part is checked on its own when written (a rating criterion needs a rating
group, an automatic one a known source, a quota lies between 0 and 1 …); what only the whole can answer (sibling
weights summing to 100 %) is listed by ``scheme_problems`` on the scheme page, and a round refuses a scheme that
still has problems. The criteria of a scheme in use by a round past 筹备 cannot change.
"""

import importlib
import pkgutil
from collections import defaultdict
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction

from vanguard.core.access import may
from vanguard.core.audit import audit, snapshot
from vanguard.core.choices import Action
from vanguard.core.exceptions import ScopeError
from vanguard.core.services import check_version

from .. import events, sources
from ..choices import EvaluatorKind, Method, RoundStatus, SubjectKind
from ..models import AdjustmentItem, Criterion, EvaluationScheme, EvaluatorGroup, GradeBand, VetoRule

HUNDRED = Decimal(100)
SCHEME_FIELDS = (
    "name", "subject_kind", "description", "ballot_choices", "self_assessment", "combination", "business_weight",
    "party_floor", "adjustment_cap", "base_score", "grade_probationary", "active", "order", "individual_plans",
)  # fmt: skip
CRITERION_FIELDS = ("parent", "code", "name", "weight", "method", "source", "params", "scale_max", "standard", "order")


def scheme_defaults_ensure():
    """The seeded schemes as their data migration writes them, for a database emptied since it migrated (the
    live-server tests empty the tables between tests); adds only the schemes missing by code."""
    from django.apps import apps

    from .. import migrations

    for module in pkgutil.iter_modules(migrations.__path__):
        if module.name.endswith("_schemes_seeded"):
            importlib.import_module(f"{migrations.__name__}.{module.name}").seed_schemes(apps, None)


# ---------------------------------------------------------------- checks


def _ensure_office(actor, scheme=None):
    if scheme is None:
        if not may(actor, Action.ADD, EvaluationScheme):
            raise ScopeError("只有党委管理员可以制定考评方案。")
    elif not may(actor, Action.CHANGE, scheme):
        raise ScopeError("只有党委管理员可以修改考评方案。")


def _ensure_unused(scheme):
    """A round past 筹备 has fixed what its scheme measures: its parts stay as they were."""
    used = scheme.rounds.exclude(status=RoundStatus.DRAFT).order_by("pk").first()
    if used is not None:
        raise ValidationError(
            f"方案已用于评议轮次“{used.name}”({used.get_status_display()}),不能再修改指标、群体和等次;请复制为新方案后修改。"
        )


def _percent(value, label):
    try:
        value = Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        raise ValidationError(f"{label}须为数字。") from None
    if not Decimal(0) <= value <= HUNDRED:
        raise ValidationError(f"{label}须在 0 到 100 之间。")
    return value


def _fmt(value):
    return f"{Decimal(value).normalize():f}"


def _choices_problems(choices):
    if not isinstance(choices, list):
        return ["投票选项格式不正确。"]
    problems, codes = [], set()
    for choice in choices:
        if not isinstance(choice, dict) or not choice.get("code") or not choice.get("label"):
            problems.append("每个投票选项都要有代码和名称。")
            continue
        if choice["code"] in codes:
            problems.append(f"投票选项代码“{choice['code']}”重复。")
        codes.add(choice["code"])
        try:
            points = Decimal(str(choice.get("points")))
        except (InvalidOperation, ValueError):
            problems.append(f"投票选项“{choice['label']}”的分值须为数字。")
            continue
        if not Decimal(0) <= points <= HUNDRED:
            problems.append(f"投票选项“{choice['label']}”的分值须在 0 到 100 之间。")
    return problems


def _criterion_problems(criterion, scheme, groups, leaf=True):
    """What is wrong with one criterion by itself (its method and what the method needs)."""
    name = f"指标“{criterion.name}”"
    if not leaf:
        return []
    if criterion.method == Method.AUTO:
        if not criterion.source:
            return [f"{name}为自动评分,请选择数据来源。"]
        found = sources.source(criterion.source)
        if found is None:
            return [f"{name}的数据来源“{criterion.source}”不存在。"]
        if scheme.subject_kind not in found.subject_kinds:
            kind = SubjectKind(scheme.subject_kind).label
            return [f"{name}的数据来源“{found.label}”不能用于考评{kind}。"]
    elif criterion.method == Method.RATING:
        if not groups:
            return [f"{name}为评分,方案还没有评价群体(上级/同级/下级/群众)。"]
    elif criterion.method == Method.BALLOT:
        if not scheme.ballot_choices:
            return [f"{name}为投票,方案还没有投票选项。"]
    else:
        return [f"{name}没有下级指标,请选择评分方式。"]
    return []


def _sum_problem(label, weights):
    total = sum(weights, Decimal(0))
    if total != HUNDRED:
        return f"{label}的权重合计为 {_fmt(total)}%,应为 100%。"
    return None


def _bands_problems(bands):
    if not bands:
        return ["方案还没有等次。"]
    problems = []
    ordered = sorted(bands, key=lambda b: b.min_score, reverse=True)
    for band in ordered:
        if band.quota is not None and not Decimal(0) < band.quota < 1:
            problems.append(f"等次“{band.label}”的名额比例须大于 0、小于 1(如 0.3333)。")
    lowest = ordered[-1]
    if lowest.quota is not None:
        problems.append(f"最低等次“{lowest.label}”须能容纳所有人,不能设名额比例。")
    return problems


def scheme_problems(scheme, *, criteria=None, groups=None, bands=None):
    """Everything that keeps ``scheme`` from being used by a round, in Chinese, in three queries (none for the
    parts a page has read already)."""
    criteria = list(scheme.criteria.all()) if criteria is None else criteria
    groups = list(scheme.evaluator_groups.all()) if groups is None else groups
    bands = list(scheme.grades.all()) if bands is None else bands
    problems = []
    children = defaultdict(list)
    for criterion in criteria:
        children[criterion.parent_id].append(criterion)
    if not criteria:
        problems.append("方案还没有考评指标。")
    elif problem := _sum_problem("一级指标", [c.weight for c in children[None]]):
        problems.append(problem)
    for criterion in criteria:
        below = children.get(criterion.pk)
        if below and (problem := _sum_problem(f"“{criterion.name}”的下级指标", [c.weight for c in below])):
            problems.append(problem)
        problems += _criterion_problems(criterion, scheme, groups, leaf=not below)
    if groups and (problem := _sum_problem("评价群体", [g.weight for g in groups])):
        problems.append(problem)
    if any(c.method == Method.BALLOT for c in criteria):
        problems += _choices_problems(scheme.ballot_choices)
    problems += _bands_problems(bands)
    if scheme.combination != "none" and not Decimal(0) < scheme.business_weight < HUNDRED:
        problems.append("与经营业绩结合时,经营业绩权重须大于 0、小于 100。")
    if scheme.combination == "floor" and not scheme.party_floor:
        problems.append("请填写党建权重下限(如 12%)。")
    return problems


# ---------------------------------------------------------------- the scheme


@transaction.atomic
def scheme_save(*, actor, scheme=None, data, expected_version=None):
    """Create (``scheme`` None) or change a scheme's own fields (not its parts)."""
    _ensure_office(actor, scheme)
    data = {k: v for k, v in data.items() if k in (*SCHEME_FIELDS, "code", "owner")}
    if "ballot_choices" in data and (problems := _choices_problems(data["ballot_choices"])):
        raise ValidationError({"ballot_choices": problems})
    if scheme is None:
        scheme = EvaluationScheme(**data)
        before = None
    else:
        check_version(scheme, expected_version)
        if "subject_kind" in data and data["subject_kind"] != scheme.subject_kind and scheme.rounds.exists():
            raise ValidationError({"subject_kind": "方案已有评议轮次,不能改变考评对象。"})
        before = snapshot(scheme)
        for name, value in data.items():
            setattr(scheme, name, value)
        scheme.version += 1
    scheme.full_clean()
    scheme.save()
    audit(actor=actor, action=events.SCHEME_SAVE, obj=scheme, before=before, after=snapshot(scheme))
    return scheme


def _touch(actor, scheme, what, before=None, after=None):
    """A part changed: the scheme's version moves (a form opened before sees it) and the change is audited."""
    EvaluationScheme.objects.filter(pk=scheme.pk).update(version=scheme.version + 1)
    scheme.version += 1
    audit(actor=actor, action=events.SCHEME_SAVE, obj=scheme, before=before, after={"part": what, **(after or {})})


def _part_begin(actor, scheme, expected_version):
    _ensure_office(actor, scheme)
    check_version(scheme, expected_version)
    _ensure_unused(scheme)


# ---------------------------------------------------------------- criteria


@transaction.atomic
def criterion_save(*, actor, scheme, criterion=None, data, expected_version=None):
    """Add a criterion (``criterion`` None) or change one. A criterion with children is scored by them (no
    method); a leaf by its method, which must have what it needs."""
    _part_begin(actor, scheme, expected_version)
    data = {k: v for k, v in data.items() if k in CRITERION_FIELDS}
    before = snapshot(criterion) if criterion else None
    criterion = criterion or Criterion(scheme=scheme)
    for name, value in data.items():
        setattr(criterion, name, value)
    criterion.weight = _percent(criterion.weight, "权重")
    parent = criterion.parent
    if parent is not None:
        if parent.scheme_id != scheme.pk:
            raise ValidationError({"parent": "上级指标不属于本方案。"})
        up = parent
        while up is not None:  # a criterion may not sit under itself
            if criterion.pk and up.pk == criterion.pk:
                raise ValidationError({"parent": "不能把指标放到它自己的下级。"})
            up = up.parent
    if not criterion.code:
        criterion.code = f"c{Criterion.objects.filter(scheme=scheme).count() + 1}"
    if Criterion.objects.filter(scheme=scheme, code=criterion.code).exclude(pk=criterion.pk).exists():
        raise ValidationError({"code": f"代码“{criterion.code}”已被本方案的其他指标使用。"})
    has_children = criterion.pk is not None and criterion.children.exists()
    if has_children:
        criterion.method, criterion.source = "", ""
    elif criterion.method != Method.AUTO:
        criterion.source, criterion.params = "", {}
    problems = _criterion_problems(criterion, scheme, list(scheme.evaluator_groups.all()), leaf=not has_children)
    if problems:
        raise ValidationError({"method" if criterion.method != Method.AUTO else "source": problems})
    criterion.full_clean(exclude=["scheme", "parent"])
    criterion.save()
    if parent is not None and parent.method:  # the parent is scored by its children now
        Criterion.objects.filter(pk=parent.pk).update(method="", source="", params={})
    _touch(actor, scheme, "criterion", before, snapshot(criterion))
    return criterion


@transaction.atomic
def criterion_delete(*, actor, scheme, criterion, expected_version=None):
    """Remove a criterion and everything under it."""
    _part_begin(actor, scheme, expected_version)
    before = snapshot(criterion)
    criterion.delete()
    _touch(actor, scheme, "criterion_delete", before)


@transaction.atomic
def criterion_weights_save(*, actor, scheme, parent=None, weights, expected_version=None):
    """Set the weights of one parent's children at once (``{criterion pk: weight}``); they must sum to 100 %."""
    _part_begin(actor, scheme, expected_version)
    siblings = {c.pk: c for c in scheme.criteria.filter(parent=parent)}
    if set(weights) != set(siblings):
        raise ValidationError("请为同一级的每项指标填写权重。")
    values = {pk: _percent(w, f"“{siblings[pk].name}”的权重") for pk, w in weights.items()}
    label = f"“{parent.name}”的下级指标" if parent else "一级指标"
    if problem := _sum_problem(label, values.values()):
        raise ValidationError(problem)
    for pk, weight in values.items():
        siblings[pk].weight = weight
    Criterion.objects.bulk_update(siblings.values(), ["weight"])
    _touch(actor, scheme, "criterion_weights", after={str(pk): str(w) for pk, w in values.items()})


# ---------------------------------------------------------------- evaluator groups, bands, vetoes, items


@transaction.atomic
def groups_save(*, actor, scheme, weights, expected_version=None):
    """The scheme's evaluator groups and their weights at once (``{kind: weight}``, a kind left out or at 0 is
    not a group); the weights sum to 100 %."""
    _part_begin(actor, scheme, expected_version)
    values = {}
    for kind, weight in weights.items():
        if kind not in EvaluatorKind.values:
            raise ValidationError(f"未知的评价群体“{kind}”。")
        if weight not in (None, "") and (value := _percent(weight, f"{EvaluatorKind(kind).label}的权重")) > 0:
            values[kind] = value
    if not values:
        if scheme.criteria.filter(method=Method.RATING).exists():
            raise ValidationError("方案有评分指标,至少要有一个评价群体。")
    elif problem := _sum_problem("评价群体", values.values()):
        raise ValidationError(problem)
    before = {g.kind: str(g.weight) for g in scheme.evaluator_groups.all()}
    scheme.evaluator_groups.exclude(kind__in=values).delete()
    for kind, weight in values.items():
        EvaluatorGroup.objects.update_or_create(scheme=scheme, kind=kind, defaults={"weight": weight})
    _touch(actor, scheme, "groups", before, {k: str(v) for k, v in values.items()})


@transaction.atomic
def band_save(*, actor, scheme, band=None, data, expected_version=None):
    """Add or change a grade band; the bands must still be gradable (quotas between 0 and 1; the lowest band
    takes everyone left, so it has no quota)."""
    _part_begin(actor, scheme, expected_version)
    before = snapshot(band) if band else None
    band = band or GradeBand(scheme=scheme)
    for name in ("code", "label", "min_score", "quota", "stars"):
        if name in data:
            setattr(band, name, data[name])
    if band.quota in ("",):
        band.quota = None
    if GradeBand.objects.filter(scheme=scheme, code=band.code).exclude(pk=band.pk).exists():
        raise ValidationError({"code": f"代码“{band.code}”已被本方案的其他等次使用。"})
    others = [b for b in scheme.grades.all() if b.pk != band.pk]
    band.full_clean(exclude=["scheme"])
    if problems := _bands_problems([*others, band]):
        raise ValidationError({"quota": problems})
    band.save()
    _touch(actor, scheme, "band", before, snapshot(band))
    return band


@transaction.atomic
def band_delete(*, actor, scheme, band, expected_version=None):
    _part_begin(actor, scheme, expected_version)
    if scheme.vetoes.filter(max_grade=band).exists():
        raise ValidationError(f"一票否决事项以“{band.label}”为最高等次,请先修改否决事项。")
    others = [b for b in scheme.grades.all() if b.pk != band.pk]
    if others and (problems := _bands_problems(others)):
        raise ValidationError(problems)
    before = snapshot(band)
    band.delete()
    _touch(actor, scheme, "band_delete", before)


@transaction.atomic
def veto_save(*, actor, scheme, veto=None, data, expected_version=None):
    """一票否决: a case of ``name`` caps the subject's grade at ``max_grade`` (a band of this scheme)."""
    _part_begin(actor, scheme, expected_version)
    before = snapshot(veto) if veto else None
    veto = veto or VetoRule(scheme=scheme)
    veto.name = (data.get("name") or veto.name or "").strip()
    veto.max_grade = data.get("max_grade", veto.max_grade if veto.pk else None)
    if not veto.name:
        raise ValidationError({"name": "请填写否决事项。"})
    if veto.max_grade is not None and veto.max_grade.scheme_id != scheme.pk:
        raise ValidationError({"max_grade": "最高可评等次须是本方案的等次。"})
    veto.full_clean(exclude=["scheme"])
    veto.save()
    _touch(actor, scheme, "veto", before, snapshot(veto))
    return veto


@transaction.atomic
def veto_delete(*, actor, scheme, veto, expected_version=None):
    _part_begin(actor, scheme, expected_version)
    before = snapshot(veto)
    veto.delete()
    _touch(actor, scheme, "veto_delete", before)


@transaction.atomic
def item_save(*, actor, scheme, item=None, data, expected_version=None):
    """A bonus (positive points) or penalty (negative) item; a single item may not exceed the scheme's cap."""
    _part_begin(actor, scheme, expected_version)
    before = snapshot(item) if item else None
    item = item or AdjustmentItem(scheme=scheme)
    item.name = (data.get("name") or item.name or "").strip()
    try:
        item.points = Decimal(str(data.get("points", item.points)))
    except (InvalidOperation, ValueError):
        raise ValidationError({"points": "分值须为数字。"}) from None
    if not item.name:
        raise ValidationError({"name": "请填写加减分事项。"})
    if item.points == 0:
        raise ValidationError({"points": "分值不能为 0(加分为正,扣分为负)。"})
    if abs(item.points) > scheme.adjustment_cap:
        raise ValidationError({"points": f"单项分值不能超过方案的加减分上限 {_fmt(scheme.adjustment_cap)} 分。"})
    item.full_clean(exclude=["scheme"])
    item.save()
    _touch(actor, scheme, "item", before, snapshot(item))
    return item


@transaction.atomic
def item_delete(*, actor, scheme, item, expected_version=None):
    _part_begin(actor, scheme, expected_version)
    before = snapshot(item)
    item.delete()
    _touch(actor, scheme, "item_delete", before)


# ---------------------------------------------------------------- copy


@transaction.atomic
def scheme_copy(*, actor, scheme, code, name):
    """A new scheme with ``scheme``'s fields and every part, to change freely (the seeded ones stay as they are)."""
    _ensure_office(actor)
    if EvaluationScheme.objects.filter(code=code).exists():
        raise ValidationError({"code": f"代码“{code}”已被其他方案使用。"})
    copy = EvaluationScheme(
        code=code, name=name, owner=scheme.owner, order=scheme.order,
        **{f: getattr(scheme, f) for f in SCHEME_FIELDS if f not in ("name", "order")},
    )  # fmt: skip
    copy.full_clean()
    copy.save()
    new_pk = {}
    for criterion in scheme.criteria.order_by("pk"):  # parents are written before their children
        old = criterion.pk
        criterion.pk, criterion.scheme = None, copy
        criterion.parent_id = new_pk.get(criterion.parent_id)
        criterion.save()
        new_pk[old] = criterion.pk
    EvaluatorGroup.objects.bulk_create(
        EvaluatorGroup(scheme=copy, kind=g.kind, weight=g.weight) for g in scheme.evaluator_groups.all()
    )
    bands = {}
    for band in scheme.grades.all():
        old = band.pk
        band.pk, band.scheme = None, copy
        band.save()
        bands[old] = band.pk
    VetoRule.objects.bulk_create(
        VetoRule(scheme=copy, name=v.name, max_grade_id=bands.get(v.max_grade_id)) for v in scheme.vetoes.all()
    )
    AdjustmentItem.objects.bulk_create(
        AdjustmentItem(scheme=copy, name=i.name, points=i.points) for i in scheme.adjustment_items.all()
    )
    audit(actor=actor, action=events.SCHEME_SAVE, obj=copy, after={**snapshot(copy), "copied_from": scheme.code})
    return copy
