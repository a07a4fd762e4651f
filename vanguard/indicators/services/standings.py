"""The standings kept as a table (``CompetitionStanding``) and the red flag decided from them.

A period's standings are recomputed whole, set-based: one read of each input for the competition and
period (entries, headcounts, rules, values, targets, judges' scores, bonuses, vetoes), the pure scoring
(``services.scoring``), and bulk writes of the rows that changed. They are recomputed in the transaction
of whatever changed them: a value write (``INDICATOR_VALUES_CHANGED``: only the competitions whose rules or
veto rules use a touched indicator, and only the touched periods), a judge's score, a veto, a bonus, a rule.
When the standings of a closed period (every month 关账, or its results made final) change, the period's red flags are decided again.
"""

from decimal import Decimal

from django.db import connection
from django.db.models import Q
from django.utils import timezone

from vanguard.core.audit import audit
from vanguard.org.models import UnitHeadcount

from .. import events
from ..models import (
    BonusAward,
    Competition,
    CompetitionEntry,
    CompetitionResult,
    CompetitionStanding,
    IndicatorPeriod,
    IndicatorTarget,
    IndicatorValue,
    JudgeScore,
    RedFlag,
    RuleTier,
    ScoringRule,
    SizeBand,
    Veto,
    VetoRule,
)
from ..periods import month_number
from . import scoring


def on_values_changed(change):
    """``INDICATOR_VALUES_CHANGED``: recompute the periods touched of the competitions using the indicators."""
    indicators = set(change.indicator_ids)
    years = {month // 12 for month in change.months}
    used = Q(rules__indicator_id__in=indicators) | Q(rules__indicator__weight_by_id__in=indicators)
    used |= Q(veto_rules__indicator_id__in=indicators)
    competitions = Competition.objects.filter(used, year__in=years, method="indicators").distinct()
    for competition in competitions.select_related("unit"):
        periods = {competition.period_of(m) for m in change.months} - {None}
        for period in sorted(periods, key=lambda p: p.first):
            recompute(competition, period)


def on_month_closed(month):
    """A month closed (关账): decide the red flags of the periods it closes (every competition of its year)."""
    for competition in Competition.objects.filter(year=month // 12).select_related("unit"):
        period = competition.period_of(month)
        if period is not None and period.last == month:
            recompute(competition, period)


def started_periods(competition, today=None):
    current = month_number(today or timezone.localdate())
    return [p for p in competition.periods() if p.first <= current]


def recompute_all(competition, actor=None):
    """Every started period of ``competition`` (after its rules, entries or panel changed)."""
    for period in started_periods(competition):
        recompute(competition, period, actor=actor)


def recompute(competition, period, actor=None):
    """Recompute one period's standings; decide its red flags again if it is closed and they changed.
    Returns how many standings changed."""
    entries = _entries(competition)
    if competition.judged:
        results = _judged(competition, period, entries)
    else:
        results = _by_indicators(competition, period, entries)
    if entries:
        caps = dict(competition.bonus_items.values_list("pk", "max_points"))
        scoring.add_bonus(results, _awards(competition, period), caps, competition.bonus_cap)
        scoring.apply_vetoes(results, _recorded_vetoes(competition, period))
    scoring.rank(results, entries)
    changed = _write(competition, period, results, {e.id: e for e in entries})
    if is_closed(competition, period) and (changed or not _flags_decided(competition, period)):
        decide_red_flags(competition, period, results, entries, actor=actor)
    return changed


def _flags_decided(competition, period):
    return RedFlag.objects.filter(competition=competition, first_month=period.first, last_month=period.last).exists()


def is_closed(competition, period):
    """Whether the period's red flags are decided: its results are final, or every month of it is closed."""
    if CompetitionResult.objects.filter(competition=competition, first_month=period.first,
                                        last_month=period.last).exists():  # fmt: skip
        return True
    return IndicatorPeriod.objects.filter(month__gte=period.first, month__lte=period.last).count() == len(period.months)


# ---------------------------------------------------------------------------------------- reading the inputs


def _entries(competition):
    rows = list(
        CompetitionEntry.objects.filter(competition=competition).values_list("pk", "category_id", "name", "unit_id")
    )
    units = [unit_id for *_, unit_id in rows if unit_id]
    sizes = dict(UnitHeadcount.objects.filter(unit_id__in=units).values_list("unit_id", "people")) if units else {}
    return [
        scoring.EntrySpec(id=pk, category_id=category, name=name, unit_id=unit, size=sizes.get(unit, 0) if unit else 1)
        for pk, category, name, unit in rows
    ]


def _rules(competition):
    tiers = {}
    for rule_id, beyond, points in RuleTier.objects.filter(rule__competition=competition).values_list(
        "rule_id", "beyond_percent", "points"
    ):
        tiers.setdefault(rule_id, []).append((beyond, points))
    rules = ScoringRule.objects.filter(competition=competition).select_related("indicator")
    return [
        scoring.RuleSpec(
            id=r.pk,
            indicator_id=r.indicator_id,
            label=str(r.indicator),
            direction=r.indicator.direction,
            aggregation=r.indicator.aggregation,
            weight=r.weight,
            normalisation=r.normalisation,
            target=r.target,
            tiers=tuple(tiers.get(r.pk, ())),
            weight_by_id=r.indicator.weight_by_id,
        )  # fmt: skip
        for r in rules
    ]


def _veto_rules(competition):
    rules = VetoRule.objects.filter(competition=competition, indicator__isnull=False, threshold__isnull=False)
    return [
        scoring.VetoRuleSpec(
            kind=r.kind,
            indicator_id=r.indicator_id,
            aggregation=r.indicator.aggregation,
            threshold=r.threshold,
            label=r.label,
        )  # fmt: skip
        for r in rules.select_related("indicator")
    ]


def _values(competition, period, indicator_ids):
    """``{(indicator id, unit id): [(month, value)]}``: one read of the period's values of the indicators for
    the units under the competition's organising unit (where every entry lies)."""
    found = {}
    if not indicator_ids:
        return found
    rows = IndicatorValue.objects.filter(
        indicator_id__in=indicator_ids, month__gte=period.first, month__lte=period.last,
        unit__path__startswith=competition.unit.path,
    ).values_list("indicator_id", "unit_id", "month", "value")  # fmt: skip
    for indicator_id, unit_id, month, value in rows:
        found.setdefault((indicator_id, unit_id), []).append((month, value))
    return found


def _targets(competition, period, indicator_ids):
    rows = IndicatorTarget.objects.filter(
        indicator_id__in=indicator_ids, first_month=period.first, last_month=period.last,
        unit__path__startswith=competition.unit.path,
    ).values_list("indicator_id", "unit_id", "target")  # fmt: skip
    return {(indicator_id, unit_id): target for indicator_id, unit_id, target in rows}


def _by_indicators(competition, period, entries):
    rules, veto_rules = _rules(competition), _veto_rules(competition)
    weighted = {r.weight_by_id for r in rules if r.weight_by_id}
    indicator_ids = {r.indicator_id for r in rules} | {v.indicator_id for v in veto_rules} | weighted
    values = _values(competition, period, indicator_ids)
    bands = list(SizeBand.objects.filter(competition=competition).values_list("min_size", "max_size", "divisor"))
    results = scoring.score_indicators(
        rules=rules, entries=entries, values=values, targets=_targets(competition, period, {r.indicator_id for r in rules}),
        bands=bands, weights={k: v for k, v in values.items() if k[0] in weighted},
    )  # fmt: skip
    scoring.apply_vetoes(results, scoring.automatic_vetoes(veto_rules, entries, values))
    return results


def _judged(competition, period, entries):
    rows = JudgeScore.objects.filter(
        entry__competition=competition, first_month=period.first, last_month=period.last
    ).values_list("judge_id", "entry_id", "score", "judge__person__name")
    names = {judge_id: name for judge_id, _, _, name in rows}
    return scoring.score_judges(
        entries=entries, scores=[(j, e, s) for j, e, s, _ in rows], min_judges=competition.min_judges,
        scale=competition.judge_scale, judge_names=names,
    )  # fmt: skip


def _awards(competition, period):
    return list(
        BonusAward.objects.filter(
            entry__competition=competition, first_month__gte=period.first, last_month__lte=period.last
        )
        .order_by("recorded_at", "pk")
        .values_list("entry_id", "item_id", "item__name", "points", "reason")
    )


def _recorded_vetoes(competition, period):
    rows = (
        Veto.objects.filter(entry__competition=competition, first_month__lte=period.last, last_month__gte=period.first)
        .order_by("pk")
        .values_list("pk", "entry_id", "reason", "evidence")
    )
    return [scoring.VetoSpec(entry_id=e, reason=r, evidence=ev, veto_id=pk) for pk, e, r, ev in rows]


# ---------------------------------------------------------------------------------------- writing the rows


def _write(competition, period, results, entries):
    """Write the standings that changed (a changed row is replaced: one delete and one bulk insert, cheaper
    than an update per row of a whole board); returns how many changed."""
    now = timezone.now()
    existing = {s.entry_id: s for s in CompetitionStanding.objects.filter(competition=competition).of_period(period)}
    positions = _positions(results, entries)
    fresh, stale = [], []
    for entry_id, result in results.items():
        fields = {"points": result.points, "rank": result.rank, "position": positions[entry_id],
                  "vetoed": result.vetoed, "stands": result.stands, "note": result.note[:300],
                  "breakdown": result.components}  # fmt: skip
        row = existing.pop(entry_id, None)
        if row is not None and not any(_differs(getattr(row, name), value) for name, value in fields.items()):
            continue
        if row is not None:
            stale.append(row.pk)
        fresh.append(CompetitionStanding(entry_id=entry_id, competition=competition, first_month=period.first,
                                         last_month=period.last, category_id=entries[entry_id].category_id,
                                         computed_at=now, **fields))  # fmt: skip
    stale += [s.pk for s in existing.values()]  # and entries that left the competition
    for start in range(0, len(stale), 500):
        CompetitionStanding.objects.filter(pk__in=stale[start : start + 500]).delete()
    _insert(fresh)
    return len(fresh) + len(existing)


INSERTED = ("entry", "competition", "category", "first_month", "last_month", "points", "rank", "position", "vetoed",
            "stands", "note", "breakdown", "computed_at")  # fmt: skip


def _positions(results, entries):
    """Each entry's place on its category's board: by rank, then those without one by name."""

    def key(entry_id):
        rank = results[entry_id].rank
        return (rank is None, rank or 0, entries[entry_id].name, entry_id)

    by_category = {}
    for entry_id in results:
        by_category.setdefault(entries[entry_id].category_id, []).append(entry_id)
    return {
        entry_id: place
        for members in by_category.values()
        for place, entry_id in enumerate(sorted(members, key=key), start=1)
    }


def _insert(rows):
    """Insert standings in one ``executemany``: a whole board (1,500 rows with their breakdowns) is written
    on every value write, and the ORM's per-value compilation would cost most of the write. Each value is
    still prepared by its own field, so both databases store what the ORM would."""
    if not rows:
        return
    fields = [CompetitionStanding._meta.get_field(name) for name in INSERTED]
    quote = connection.ops.quote_name
    sql = (
        f"INSERT INTO {quote(CompetitionStanding._meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) "
        f"VALUES ({', '.join(['%s'] * len(fields))})"
    )
    params = [[f.get_db_prep_save(getattr(row, f.attname), connection) for f in fields] for row in rows]
    with connection.cursor() as cursor:
        for start in range(0, len(params), 1000):
            cursor.executemany(sql, params[start : start + 1000])


def _differs(stored, computed):
    if isinstance(stored, Decimal) or isinstance(computed, Decimal):
        return (stored is None) != (computed is None) or (stored is not None and Decimal(stored) != Decimal(computed))
    return stored != computed


# ---------------------------------------------------------------------------------------- the red flag


def decide_red_flags(competition, period, results, entries, actor=None):
    """Give each category's flag of a closed period to its leader if he reaches the threshold (else to
    nobody); a flag that changed hands is audited."""
    now = timezone.now()
    by_category = {}
    for entry in entries:
        by_category.setdefault(entry.category_id, []).append(results[entry.id])
    flags = {f.category_id: f for f in RedFlag.objects.filter(competition=competition, first_month=period.first,
                                                               last_month=period.last)}  # fmt: skip
    for category_id in competition.categories.values_list("pk", flat=True):
        holder = scoring.flag_holder(by_category.get(category_id, []), competition.red_flag_threshold)
        entry_id, points = (holder.entry_id, holder.points) if holder else (None, None)
        flag = flags.get(category_id)
        if flag is None:
            flag = RedFlag.objects.create(competition=competition, category_id=category_id, first_month=period.first,
                                          last_month=period.last, entry_id=entry_id, points=points, decided_at=now)  # fmt: skip
        elif flag.entry_id != entry_id or flag.points != points:
            before = {"entry": flag.entry_id, "points": str(flag.points) if flag.points is not None else None}
            flag.entry_id, flag.points, flag.decided_at = entry_id, points, now
            flag.save(update_fields=["entry", "points", "decided_at"])
            if before["entry"] != entry_id:
                audit(actor=actor, action=events.COMPETITION_RED_FLAG, obj=flag, before=before,
                      after={"entry": entry_id, "points": str(points) if points is not None else None})  # fmt: skip
