"""The suggestions' summary tables, which the statistics page reads instead of the suggestions.

- ``voices.suggestion_figures`` (``SuggestionFigures``): per unit subtree × submission month × category,
  the suggestions, the adopted and implemented ones, the verified benefit and the rewards paid.
- ``voices.suggestion_participation`` (``SuggestionParticipation``): per unit subtree × month, and per
  unit subtree × year, the distinct people who proposed or co-proposed (a year is not the sum of its
  months: one person proposing twice takes part once).
- ``voices.suggestion_takers`` (``SuggestionTaker``): per person, unit and month, what he took part in;
  it keeps the distinct counts exact on a write without reading a subtree's suggestions.

The first two cover a unit and everything below it, so a page reads the rows of the units it shows.
Every service that writes a suggestion (submission, a step of its workflow, an edit that moves it to
another unit, month or category, a co-proposer joining or leaving) calls
``suggestion_figures_refresh(suggestion, before=...)`` in its transaction.
"""

from collections import defaultdict
from decimal import Decimal
from os.path import commonprefix

from django.db.models import Count, Q, Sum

from vanguard.core.summaries import Summary, rebuild, refresh, register_summary
from vanguard.org.models import Unit

from .choices import ADOPTED_STATES, SuggestionStatus
from .models import CoProposer, Suggestion, SuggestionFigures, SuggestionParticipation, SuggestionTaker

IMPLEMENTED_STATES = (SuggestionStatus.IMPLEMENTED, SuggestionStatus.VERIFIED, SuggestionStatus.REWARDED)
BENEFIT_STATES = (SuggestionStatus.VERIFIED, SuggestionStatus.REWARDED)
REWARDED_STATES = (SuggestionStatus.REWARDED,)
WHOLE_YEAR = 0  # ``SuggestionParticipation.month_of_year`` of a year's row
ZERO = Decimal("0.00")


def _ancestor_paths(path):
    return [path[:end] for end in range(Unit.steplen, len(path) + 1, Unit.steplen)]


def _scope_units(scope):
    """The units a scope asks for as {path: id}, and the scope without them (None: every unit)."""
    rest = dict(scope)
    ids = rest.pop("unit_id__in", None)
    if "unit_id" in rest:
        ids = [rest.pop("unit_id")]
    if ids is None:
        return None, rest
    return dict(Unit.objects.filter(pk__in=ids).values_list("path", "pk")), rest


def _under(paths):
    """A filter on a suggestion's unit path reaching every unit below ``paths``: their common prefix."""
    common = commonprefix(sorted(paths))
    common = common[: len(common) - len(common) % Unit.steplen]
    return Q(unit__path__startswith=common) if common else Q()


def _figure_sums():
    return {
        "suggestions": Count("id"),
        "adopted": Count("id", filter=Q(status__in=ADOPTED_STATES)),
        "implemented": Count("id", filter=Q(status__in=IMPLEMENTED_STATES)),
        "benefit": Sum("verified_benefit", filter=Q(status__in=BENEFIT_STATES), default=ZERO),
        "rewarded": Count("id", filter=Q(status__in=REWARDED_STATES)),
        "reward_paid": Sum("reward_amount", filter=Q(status__in=REWARDED_STATES), default=ZERO),
    }


def suggestion_figures(**scope):
    """Rows of ``SuggestionFigures`` for ``scope`` (``unit_id``/``unit_id__in``, ``month``, ``category``; none for all).

    One grouped query of the suggestions by their own unit, then each group added to its unit's ancestors.
    """
    nodes, rest = _scope_units(scope)
    facts = Suggestion.objects.filter(**rest)
    if nodes is not None:
        if not nodes:
            return []
        facts = facts.filter(_under(nodes))
    else:
        nodes = dict(Unit.objects.values_list("path", "pk"))
    groups = facts.order_by().values("unit__path", "month", "category").annotate(**_figure_sums())
    rows = {}
    for group in groups:
        for path in _ancestor_paths(group["unit__path"]):
            if path not in nodes:
                continue
            key = (nodes[path], group["month"], group["category"])
            row = rows.get(key)
            if row is None:
                row = rows[key] = {
                    "unit_id": key[0], "month": key[1], "category": key[2], "suggestions": 0, "adopted": 0,
                    "implemented": 0, "benefit": ZERO, "rewarded": 0, "reward_paid": ZERO,
                }  # fmt: skip
            for name in ("suggestions", "adopted", "implemented", "rewarded"):
                row[name] += group[name]
            row["benefit"] += group["benefit"] or ZERO
            row["reward_paid"] += group["reward_paid"] or ZERO
    return list(rows.values())


def _month_range(year, month_of_year):
    if month_of_year == WHOLE_YEAR:
        return year * 12, year * 12 + 11
    return year * 12 + month_of_year - 1, year * 12 + month_of_year - 1


def _participants(path, year, month_of_year):
    """Distinct proposers and co-proposers of the suggestions below ``path`` in a month or a year: one query."""
    months = _month_range(year, month_of_year)
    proposers = Suggestion.objects.filter(unit__path__startswith=path, month__range=months).values("proposer_id")
    co = CoProposer.objects.filter(suggestion__unit__path__startswith=path, suggestion__month__range=months).values(
        "person_id"
    )
    return proposers.order_by().union(co.order_by()).count()


def suggestion_participation(**scope):
    """Rows of ``SuggestionParticipation``. For a refresh's scope (``unit_id__in``, ``year``, ``month_of_year__in``)
    a count per unit and period; for the whole table, every participation read once and spread over the
    unit's ancestors, the month and the year."""
    if not scope:
        return _all_participation()
    nodes, rest = _scope_units(scope)
    year = rest.pop("year")
    periods = rest.pop("month_of_year__in", None) or [rest.pop("month_of_year")]
    if rest or nodes is None:
        raise ValueError(f"participation is refreshed by units, a year and its periods, not {sorted(scope)}")
    rows = []
    for path, pk in sorted(nodes.items()):
        for period in sorted(periods):
            n = _participants(path, year, period)
            rows.append({"unit_id": pk, "year": year, "month_of_year": period, "participants": n})
    return rows


def _all_participation():
    nodes = dict(Unit.objects.values_list("path", "pk"))
    people = defaultdict(set)
    takes = Suggestion.objects.order_by().values_list("unit__path", "month", "proposer_id").iterator(chunk_size=5000)
    co = (
        CoProposer.objects.order_by()
        .values_list("suggestion__unit__path", "suggestion__month", "person_id")
        .iterator(chunk_size=5000)
    )
    for source in (takes, co):
        for path, month, person in source:
            year, period = divmod(month, 12)
            for ancestor in _ancestor_paths(path):
                people[(nodes[ancestor], year, period + 1)].add(person)
                people[(nodes[ancestor], year, WHOLE_YEAR)].add(person)
    return [
        {"unit_id": unit, "year": year, "month_of_year": period, "participants": len(persons)}
        for (unit, year, period), persons in people.items()
    ]


FIGURES = register_summary(
    Summary(
        name="voices.suggestion_figures",
        model=SuggestionFigures,
        key=("unit_id", "month", "category"),
        figures=("suggestions", "adopted", "implemented", "benefit", "rewarded", "reward_paid"),
        compute=suggestion_figures,
        label="合理化建议月度汇总",
    )
)
PARTICIPATION = register_summary(
    Summary(
        name="voices.suggestion_participation",
        model=SuggestionParticipation,
        key=("unit_id", "year", "month_of_year"),
        figures=("participants",),
        compute=suggestion_participation,
        label="合理化建议参与人数",
    )
)


def suggestion_takers(**scope):
    """Rows of ``SuggestionTaker`` for ``scope`` (``unit_id``, ``month``, ``person_id``; none for all): the
    proposers and the co-proposers of the suggestions, counted per person, unit and month."""
    own = {f"suggestion__{k}" if k != "person_id" else k: v for k, v in scope.items()}
    proposed = {k if k != "person_id" else "proposer_id": v for k, v in scope.items()}
    counts = defaultdict(int)
    for unit, month, person, n in (
        Suggestion.objects.filter(**proposed)
        .order_by()
        .values_list("unit_id", "month", "proposer_id")
        .annotate(n=Count("id"))
    ):
        counts[(unit, month, person)] += n
    for unit, month, person, n in (
        CoProposer.objects.filter(**own)
        .order_by()
        .values_list("suggestion__unit_id", "suggestion__month", "person_id")
        .annotate(n=Count("id"))
    ):
        counts[(unit, month, person)] += n
    return [
        {"unit_id": unit, "month": month, "person_id": person, "suggestions": n}
        for (unit, month, person), n in counts.items()
    ]


TAKERS = register_summary(
    Summary(
        name="voices.suggestion_takers",
        model=SuggestionTaker,
        key=("unit_id", "month", "person_id"),
        figures=("suggestions",),
        compute=suggestion_takers,
        label="合理化建议参与人",
    )
)


def _scope_of(state):
    """(unit id, month number, category) of a suggestion, or of its state before a write (a dict or a copy)."""
    if isinstance(state, dict):
        return state["unit_id"], state["month"], state["category"]
    return state.unit_id, state.month, state.category


def suggestion_figures_refresh(suggestion, before=None) -> None:
    """Recount what a write touched: the suggestion's unit and its ancestors, in its month (and year) and category,
    and, when ``before`` (its unit, month and category before the write: a dict or an unsaved copy) differs,
    those of before too. Call it inside the write's transaction after saving the suggestion and its co-proposers.
    """
    scopes = sorted({_scope_of(s) for s in (before, suggestion) if s is not None})
    units = dict(Unit.objects.filter(pk__in={unit for unit, _, _ in scopes}).values_list("pk", "path"))
    paths = {ancestor for path in units.values() for ancestor in _ancestor_paths(path)}
    ids = dict(Unit.objects.filter(path__in=paths).values_list("path", "pk"))
    counted = set()
    for unit, month, category in scopes:
        chain = [(path, ids[path]) for path in _ancestor_paths(units[unit])]
        if (unit, month) not in counted:  # first: its refresh takes the summaries' turn for the transaction
            counted.add((unit, month))
            _participation_refresh(unit, month, chain)
        _figures_refresh(unit, month, category, chain)


def _own_figures(unit, month, category):
    """The figures of the suggestions placed on ``unit`` itself (not below it): one indexed query."""
    return Suggestion.objects.filter(unit_id=unit, month=month, category=category).aggregate(**_figure_sums())


def _figures_refresh(unit, month, category, chain):
    """The figures of ``unit``'s own suggestions in the month and category recounted, and the difference added to
    the unit's row and each ancestor's (``chain``: the unit and its ancestors, ``(path, id)``).

    A subtree's row is its unit's own figures plus its children's rows, so the own figures kept are the unit's
    row less its children's; recounting a subtree's suggestions instead would read a plant's whole month.
    """
    path = chain[-1][0]
    kept = {
        row["unit_id"]: row
        for row in SuggestionFigures.objects.filter(
            unit__path__startswith=path, unit__depth__lte=len(path) // Unit.steplen + 1, month=month, category=category
        ).values("unit_id", *FIGURES.figures)
    }
    own_kept = {name: (kept[unit][name] if unit in kept else 0) for name in FIGURES.figures}
    for child, row in kept.items():
        if child != unit:
            for name in FIGURES.figures:
                own_kept[name] -= row[name]
    own_now = _own_figures(unit, month, category)
    delta = {name: own_now[name] - own_kept[name] for name in FIGURES.figures}
    if not any(delta.values()):
        return
    _add(FIGURES, {(node, month, category): delta for _, node in chain})


def _add(summary, changes):
    """Add ``changes`` ({key: {figure: change}}) to ``summary``'s kept rows: three queries at most. A row whose
    figures all come to zero is removed (an absent row reads as zero, ``core.summaries``)."""
    model, keys, figures = summary.model, summary.key, summary.figures
    # Each key field among the values asked for: a unit and its ancestors × one or two periods.
    rows = model.objects.filter(**{f"{k}__in": {key[i] for key in changes} for i, k in enumerate(keys)})
    kept = {summary.row_key({k: getattr(row, k) for k in keys}): row for row in rows}
    new, changed = [], []
    for key, change in changes.items():
        row = kept.get(key)
        if row is None:
            row = model(**dict(zip(keys, key, strict=True)))
            new.append(row)
        else:
            changed.append(row)
        for name, value in change.items():
            setattr(row, name, getattr(row, name) + value)
    zero = [row.pk for row in changed if not any(getattr(row, name) for name in figures)]
    if zero:
        model.objects.filter(pk__in=zero).delete()
    if changed := [row for row in changed if row.pk not in zero]:
        model.objects.bulk_update(changed, list(figures))
    if new := [row for row in new if any(getattr(row, name) for name in figures)]:
        model.objects.bulk_create(new)


def _participation_refresh(unit, month, chain):
    """The takers of ``unit`` in ``month`` recounted, and the people taking part in each unit of ``chain`` (the unit
    and its ancestors, ``(path, id)``) in the month and the year corrected by what changed for those takers only.

    Whether a person takes part in a unit's subtree and period is unchanged unless he is one of those takers
    (before or after): for each of them, his other rows of the year (the indexed per-person table) say whether
    he takes part there anyway. A few small queries, however many suggestions the company has.
    """
    year, period = divmod(month, 12)
    kept = SuggestionTaker.objects.filter(unit_id=unit, month=month)
    takers_before = set(kept.values_list("person_id", flat=True))
    refresh(TAKERS, unit_id=unit, month=month)
    takers_after = set(kept.values_list("person_id", flat=True))
    people = takers_before | takers_after
    if not people or takers_before == takers_after:
        return
    elsewhere = (
        SuggestionTaker.objects.filter(person_id__in=people, month__range=(year * 12, year * 12 + 11))
        .exclude(unit_id=unit, month=month)
        .values_list("person_id", "unit__path", "month")
    )
    other_rows = defaultdict(list)
    for person, path, other_month in elsewhere:
        other_rows[person].append((path, other_month))
    changes = {}
    for months, key in (((month,), period + 1), (range(year * 12, year * 12 + 12), WHOLE_YEAR)):
        for path, node in chain:
            delta = 0
            for person in people:
                anyway = any(p.startswith(path) and m in months for p, m in other_rows[person])
                delta += (anyway or person in takers_after) - (anyway or person in takers_before)
            if delta:
                changes[(node, year, key)] = {"participants": delta}
    if changes:
        _add(PARTICIPATION, changes)


# Past this many scopes a bulk write recomputes the tables instead (a large import, the demo).
REBUILD_ABOVE = 300


def suggestions_figures_refresh(suggestions) -> None:
    """After many suggestions were written at once (an import of historical ones): each scope they touched, or
    the whole tables when they touched many. Inside the bulk write's transaction, like the single refresh."""
    scopes = sorted({_scope_of(s) for s in suggestions})
    if len(scopes) > REBUILD_ABOVE:
        for summary in (FIGURES, TAKERS, PARTICIPATION):
            rebuild(summary)
        return
    for unit, month, category in scopes:
        suggestion_figures_refresh({"unit_id": unit, "month": month, "category": category})
