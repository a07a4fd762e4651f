"""How a competition's points are made, as pure functions over plain data (no queries): the standings
service reads a period's values, targets, scores and vetoes once and hands them here.

- **Indicators**: each rule's figure is the period's aggregate of its months (``aggregation.aggregate``),
  divided by the team's headcount (per head) or its size band's divisor, so teams of different size compare.
  Reaching the target earns the rule's weight, pro rata below it (``better`` decides the direction); the
  highest tier passed beyond it adds its points. Without a target a team is measured against the best of
  its category.
- **Bonus** items add their points, each capped per item and all together by the competition's cap.
- **Judges**: every judge's scores are mapped through his own mean and spread onto the panel's (a z-score),
  so a harsh or a lenient judge moves nobody by his habit; an entry's result stands with at least the
  competition's number of judges.
- **Vetoes** take an entry out of the period's ranking, with their reason.

Every point is traced: each ``Component`` says what it counted (a value and its target, a judge's raw and
normalised score, a bonus and its reason, a veto and its evidence).
"""

import math
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from ..aggregation import aggregate, better
from ..choices import Aggregation, Direction, Normalisation, VetoKind

CENT = Decimal("0.01")
FOUR_PLACES = Decimal("0.0001")
ZERO = Decimal(0)
HUNDRED = Decimal(100)


def cents(value) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def text(value) -> str | None:
    """A figure for the breakdown (JSON): trimmed, no exponent; None stays None."""
    if value is None:
        return None
    if isinstance(value, int):
        return str(value)
    value = Decimal(value).quantize(FOUR_PLACES, rounding=ROUND_HALF_UP).normalize()
    return f"{value:f}"


@dataclass(frozen=True)
class RuleSpec:
    id: int
    indicator_id: int
    label: str
    direction: str
    aggregation: str
    weight: Decimal
    normalisation: str = Normalisation.NONE
    target: Decimal | None = None
    tiers: tuple = ()  # ((beyond_percent, points), …)
    weight_by_id: int | None = None


@dataclass(frozen=True)
class EntrySpec:
    id: int
    category_id: int
    name: str
    unit_id: int | None = None
    size: int = 1


@dataclass(frozen=True)
class VetoSpec:
    """A veto against an entry in the period: recorded (``veto_id``) or applied by a rule from a value."""

    entry_id: int
    reason: str
    evidence: str = ""
    veto_id: int | None = None


@dataclass(frozen=True)
class VetoRuleSpec:
    """A veto rule applying itself from an indicator's figure for the period."""

    kind: str
    indicator_id: int
    aggregation: str
    threshold: Decimal
    label: str


@dataclass
class Result:
    entry_id: int
    points: Decimal | None = None
    vetoed: bool = False
    stands: bool = True
    note: str = ""
    components: list = field(default_factory=list)
    rank: int | None = None


# ---------------------------------------------------------------------------------------- indicators


def divisor_for(normalisation, size, bands):
    """What a team's figure is divided by, and how to say it: (divisor, note). ``bands`` is
    ``[(min_size, max_size, divisor), …]``."""
    if normalisation == Normalisation.PER_HEAD:
        if size and size > 0:
            return Decimal(size), f"按 {size} 人折算人均"
        return None, "花名册无人数,无法折算人均"
    if normalisation == Normalisation.SIZE_BAND:
        for low, high, divisor in bands:
            if low <= size <= high:
                return Decimal(divisor), f"{size} 人,属 {low}–{high} 人档,折算基数 {text(divisor)}"
        return None, f"{size} 人不在任何规模档次内"
    return Decimal(1), ""


def attainment(direction, value, target):
    """How far ``value`` reaches ``target`` (1 = reached) and the percent beyond it (0 when not beyond)."""
    if better(direction, value, target):
        if target == 0:
            return Decimal(1), ZERO
        beyond = (value - target) / abs(target) * HUNDRED
        return Decimal(1), abs(beyond)
    if direction == Direction.HIGHER:
        return (max(value / target, ZERO) if target > 0 else ZERO), ZERO
    return (target / value if value > 0 and target >= 0 else ZERO), ZERO


def tier_points(tiers, beyond):
    """The points of the highest tier ``beyond`` (percent past the target) reaches, and that tier."""
    reached = [(b, p) for b, p in tiers if beyond >= b and beyond > 0]
    return max(reached, key=lambda t: t[0]) if reached else (None, ZERO)


def rule_figure(rule, months_values, weights=None):
    """The period's figure of ``rule`` for one team from its months' values ``[(month, value)]``."""
    months_values = sorted(months_values)
    values = [v for _, v in months_values]
    if rule.aggregation == Aggregation.WEIGHTED:
        by_month = dict(weights or ())
        return aggregate(rule.aggregation, values, [by_month.get(m) for m, _ in months_values])
    return aggregate(rule.aggregation, values)


def indicator_component(rule, figure, target, divisor, note, best=None):
    """One rule's points for one team: the component of the breakdown."""
    component = {"kind": "indicator", "rule": rule.id, "label": rule.label, "weight": text(rule.weight),
                 "value": text(figure), "target": None, "normalised": None, "points": "0", "note": note}  # fmt: skip
    if figure is None:
        component["note"] = "本期无数值,不得分"
        return component, ZERO
    if divisor is None:
        return component, ZERO
    value = figure / divisor
    component["normalised"] = text(value)
    if target is not None:
        reached, beyond = attainment(rule.direction, value, target)
        points = rule.weight * min(reached, Decimal(1))
        tier, extra = tier_points(rule.tiers, beyond)
        component |= {"target": text(target), "reached": text(reached * HUNDRED), "beyond": text(beyond)}
        if tier is not None:
            component["tier"] = f"超出目标 {text(beyond)}%,达到超 {text(tier)}% 档,加 {text(extra)} 分"
        points += extra
    else:
        points = relative_points(rule, value, best)
        component |= {"best": text(best), "note": ((note + ";") if note else "") + "无目标,按本类最优值计"}
    points = cents(points)
    component["points"] = text(points)
    return component, points


def relative_points(rule, value, best):
    """Points against the best of the category (no target): the weight times the share of the best."""
    if best is None:
        return ZERO
    if rule.direction == Direction.HIGHER:
        return rule.weight * (value / best) if best > 0 else rule.weight
    if value <= 0:
        return rule.weight
    return rule.weight * min(best / value, Decimal(1))


def normalised_figures(rules, entries, values, weights, bands):
    """``{(rule id, entry id): (figure, divisor, note)}`` and the best normalised value per (rule, category)."""
    figures, best = {}, {}
    for rule in rules:
        for entry in entries:
            key = (rule.indicator_id, entry.unit_id)
            figure = rule_figure(rule, values.get(key, ()), weights.get((rule.weight_by_id, entry.unit_id)))
            divisor, note = divisor_for(rule.normalisation, entry.size, bands)
            figures[(rule.id, entry.id)] = (figure, divisor, note)
            if figure is None or divisor is None:
                continue
            value = figure / divisor
            slot = (rule.id, entry.category_id)
            if slot not in best or better(rule.direction, value, best[slot]):
                best[slot] = value
    return figures, best


def score_indicators(*, rules, entries, values, targets, bands=(), weights=None):
    """``{entry id: Result}`` from the rules: ``values`` is ``{(indicator id, unit id): [(month, value)]}``,
    ``targets`` ``{(indicator id, unit id): the team's target for the period}`` (whole, not normalised)."""
    weights = weights or {}
    figures, best = normalised_figures(rules, entries, values, weights, bands)
    results = {}
    for entry in entries:
        result, seen = Result(entry.id, points=ZERO), False
        for rule in rules:
            figure, divisor, note = figures[(rule.id, entry.id)]
            seen = seen or figure is not None
            target = rule.target
            if target is None and (whole := targets.get((rule.indicator_id, entry.unit_id))) is not None:
                target = whole / divisor if divisor else None
            component, points = indicator_component(rule, figure, target, divisor, note,
                                                    best.get((rule.id, entry.category_id)))  # fmt: skip
            result.components.append(component)
            result.points += points
        if not seen:
            result.stands, result.points, result.note = False, None, "本期尚无指标数值"
        results[entry.id] = result
    return results


# ---------------------------------------------------------------------------------------- judges


def _mean_sd(scores):
    mean = sum(scores) / len(scores)
    return mean, math.sqrt(sum((s - mean) ** 2 for s in scores) / len(scores))


def normalise_judges(scores, scale=100.0):
    """``{(judge id, entry id): normalised score}`` from ``[(judge id, entry id, score)]``: each judge's score
    as a z-score of his own scores, mapped back onto the panel's mean and spread and kept within the scale.
    A judge whose scores do not spread (one entry, or the same score for all) gives the panel's mean."""
    if not scores:
        return {}
    panel_mean, panel_sd = _mean_sd([float(s) for _, _, s in scores])
    by_judge = {}
    for judge_id, _, score in scores:
        by_judge.setdefault(judge_id, []).append(float(score))
    habits = {judge_id: _mean_sd(own) for judge_id, own in by_judge.items()}
    mapped = {}
    for judge_id, entry_id, score in scores:
        mean, sd = habits[judge_id]
        z = (float(score) - mean) / sd if sd > 1e-9 else 0.0
        mapped[(judge_id, entry_id)] = cents(min(max(panel_mean + z * panel_sd, 0.0), float(scale)))
    return mapped


def score_judges(*, entries, scores, min_judges, scale=HUNDRED, judge_names=None):
    """``{entry id: Result}`` from the judges' ``scores`` ``[(judge id, entry id, score)]``: the mean of the
    normalised scores, standing once ``min_judges`` judges have scored the entry."""
    judge_names = judge_names or {}
    mapped = normalise_judges(scores, float(scale))
    results = {e.id: Result(e.id) for e in entries}
    for judge_id, entry_id, score in scores:
        if entry_id in results:
            results[entry_id].components.append({
                "kind": "judge", "judge": judge_id, "label": f"评委 {judge_names.get(judge_id, judge_id)}",
                "score": text(score), "normalised": text(mapped[(judge_id, entry_id)]), "points": None,
            })  # fmt: skip
    for result in results.values():
        count = len(result.components)
        if count < min_judges:
            result.stands, result.note = False, f"评委评分不足({count}/{min_judges} 人),结果暂不成立"
            continue
        total = sum((Decimal(c["normalised"]) for c in result.components), ZERO)
        result.points = cents(total / count)
        result.components.append(
            {"kind": "judges", "label": f"{count} 位评委标准化后平均", "points": text(result.points)}
        )
    return results


# ---------------------------------------------------------------------------------------- bonus, vetoes, ranks


def add_bonus(results, awards, caps, cap):
    """Add bonus ``awards`` ``[(entry id, item id, item name, points, reason)]``: each item capped at
    ``caps[item id]``, all bonus of an entry at ``cap``."""
    by_entry = {}
    for entry_id, item_id, name, points, reason in awards:
        by_entry.setdefault(entry_id, []).append((item_id, name, Decimal(points), reason))
    for entry_id, rows in by_entry.items():
        result = results.get(entry_id)
        if result is None:
            continue
        per_item, total = {}, ZERO
        for item_id, name, points, reason in rows:
            room = min(caps.get(item_id, points) - per_item.get(item_id, ZERO), cap - total)
            counted = max(min(points, room), ZERO)
            per_item[item_id] = per_item.get(item_id, ZERO) + counted
            total += counted
            note = "" if counted == points else f"超出上限,计 {text(counted)} 分"
            result.components.append({"kind": "bonus", "label": name, "reason": reason, "awarded": text(points),
                                      "points": text(counted), "note": note})  # fmt: skip
        if result.points is not None:
            result.points = cents(result.points + total)


def automatic_vetoes(veto_rules, entries, values):
    """The vetoes the rules apply from the period's figures: an incident count at or above the threshold, an
    attendance rate below it."""
    found = []
    for rule in veto_rules:
        for entry in entries:
            months = sorted(values.get((rule.indicator_id, entry.unit_id), ()))
            figure = aggregate(rule.aggregation, [v for _, v in months])
            if figure is None:
                continue
            below = rule.kind == VetoKind.ATTENDANCE
            if (figure < rule.threshold) if below else (figure >= rule.threshold):
                sign = "低于" if below else "达到"
                found.append(VetoSpec(entry.id, f"{rule.label}:本期 {text(figure)},{sign} {text(rule.threshold)}",
                                      evidence="指标数值"))  # fmt: skip
    return found


def apply_vetoes(results, vetoes):
    for veto in vetoes:
        result = results.get(veto.entry_id)
        if result is None:
            continue
        result.vetoed, result.note = True, f"一票否决:{veto.reason}"
        result.components.append({"kind": "veto", "label": "一票否决", "reason": veto.reason,
                                  "evidence": veto.evidence, "veto": veto.veto_id, "points": None})  # fmt: skip


def rank(results, entries):
    """Rank within each category: highest points first, equal points share a rank (1, 1, 3); vetoed entries
    and results that do not stand are not ranked."""
    category = {e.id: e.category_id for e in entries}
    groups = {}
    for result in results.values():
        result.rank = None
        if result.stands and not result.vetoed and result.points is not None:
            groups.setdefault(category[result.entry_id], []).append(result)
    for group in groups.values():
        group.sort(key=lambda r: r.points, reverse=True)
        for position, result in enumerate(group, start=1):
            result.rank = (
                group[position - 2].rank if position > 1 and group[position - 2].points == result.points else position
            )


def flag_holder(ranked, threshold):
    """The red-flag holder of one category's ranked results: the sole leader at or above ``threshold``
    (a tie at the top, or a leader short of it, leaves the flag empty)."""
    leaders = [r for r in ranked if r.rank == 1]
    if len(leaders) == 1 and leaders[0].points >= threshold:
        return leaders[0]
    return None
