"""How a target is shared among its children: whether the shares cover it, and a share's proposed title."""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from .choices import Aggregation, Direction
from .models import Target


@dataclass
class AllocationCheck:
    """Children's allocation against their parent: errors stop the write, warnings are shown."""

    total: Decimal | None = None
    errors: list = field(default_factory=list)
    warnings: list = field(default_factory=list)


@dataclass(frozen=True)
class ChildFigures:
    """What the check reads of a parent's children: how many, how many lack a value, and the sums."""

    count: int = 0
    missing: int = 0  # children with no target value
    total: Decimal = Decimal(0)  # the sum of the values
    weighted: Decimal = Decimal(0)  # the sum of value × weight over those with a value
    weight: Decimal = Decimal(0)  # the sum of the weights of those with a value


def child_figures(children: Iterable[Target | dict]) -> ChildFigures:
    """The figures of children in hand (dicts or targets with ``target_value`` and ``weight``)."""
    values = [(_get(c, "target_value"), Decimal(_get(c, "weight") or 0)) for c in children]
    numbers = [(Decimal(v), w) for v, w in values if v is not None]
    return ChildFigures(
        count=len(values),
        missing=len(values) - len(numbers),
        total=sum((v for v, _ in numbers), Decimal(0)),
        weighted=sum((v * w for v, w in numbers), Decimal(0)),
        weight=sum((w for _, w in numbers), Decimal(0)),
    )


def allocation_check(parent: Target, children: Iterable[Target | dict]) -> AllocationCheck:
    """Do ``children`` (dicts or targets with ``target_value`` and ``weight``) cover ``parent``?"""
    return allocation_check_figures(parent, child_figures(children))


def allocation_check_figures(parent: Target, figures: ChildFigures) -> AllocationCheck:
    """Do children with these ``figures`` cover ``parent``? (A page sums them in SQL, a service in hand.)

    Amounts (``sum``): their sum should equal the parent's target; above it is an error.
    Rates (``mean``): their weighted mean should be at least as good as the parent's.
    """
    result = AllocationCheck()
    if parent.direction == Direction.MILESTONE or parent.target_value is None or not figures.count:
        return result
    if figures.missing:
        result.warnings.append(f"有 {figures.missing} 项下级目标未填目标值,无法核对是否覆盖上级目标。")
    if figures.missing == figures.count:
        return result
    unit = parent.metric_unit
    if parent.aggregation == Aggregation.SUM:
        total = figures.total
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
    mean = figures.weighted / figures.weight if figures.weight else None
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


def proposed_title(parent: Target, *, owner: str, value: Decimal | None = None) -> str:
    """A share's title from its parent's: ``轧管厂第一党支部挖潜增效200万元`` for 200 of “全年挖潜增效500万元”.

    The parent's owner's name, if the title begins with it, gives way to the share's owner; the
    parent's total, if the title states it, becomes the share's amount (a share never carries the
    whole); otherwise the amount follows in brackets.
    """
    title = parent.title.strip()
    for parent_owner in (
        parent.owner_person.name if parent.owner_person_id else "",
        parent.owner_org.name if parent.owner_org_id else "",
    ):
        if parent_owner and title.startswith(parent_owner) and len(title) > len(parent_owner):
            title = title[len(parent_owner) :].lstrip(" :·:")  # noqa: B005  (any of these separators)
            break
    if value is not None and parent.direction != Direction.MILESTONE:
        amount = _fmt(value)
        total = _fmt(parent.target_value) if parent.target_value is not None else None
        stated = re.compile(rf"(?<![\d.]){re.escape(total)}(?![\d.])") if total else None
        if stated is not None and stated.search(title):
            title = stated.sub(amount, title, count=1)
        else:
            title = f"{title}({amount}{parent.metric_unit})"
    return (title if title.startswith(owner) else f"{owner}{title}")[:200]
