"""Progress, status and roll-up of target trees.

A leaf's progress comes from its latest accepted report plus the results counted into it
(``TargetContribution``: a merit project's accepted benefit, say), read against its baseline
and target in the direction that counts (a cost to lower, an output to raise). A parent's
progress is the weighted mean of its children's (each capped at 100 %, so one target
far over its mark cannot hide another far behind); its value is their sum (amounts) or
weighted mean (rates).

The figures are cached on the nodes. Accepting one report (or counting one result) updates
the leaf and every ancestor with a constant number of queries whatever the depth: one locking
read of the leaf and its ancestors, the leaf's latest report and its counted results, one
grouped read of the ancestors' children's sums (GROUP BY the parent's path), one bulk UPDATE.
A whole tree is recomputed with three reads and bulk UPDATEs.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import connection
from django.db.models import Case, Count, DecimalField, F, Max, Q, Sum, Value, When, Window
from django.db.models.functions import FirstValue, Least, Length, Substr
from django.utils import timezone

from .choices import AT_RISK_FROM, ON_TRACK_FROM, Aggregation, Direction, ReportStatus, TargetStatus
from .models import ProgressReport, Target, TargetContribution

HUNDRED = Decimal(100)
ZERO = Decimal(0)
CACHE_FIELDS = [
    "actual_value", "progress_pct", "forecast_pct", "status", "last_reported_on", "report_count", "contributed_value",
]  # fmt: skip
PCT_MAX = Decimal("999.99")
STEP = Target.steplen


def _q2(value):
    return None if value is None else Decimal(value).quantize(Decimal("0.01"))


def leaf_progress(*, direction, baseline, target_value, value):
    """Percent of the way from baseline to target reached by ``value`` (0 … 999.99); None when unknown."""
    if value is None:
        return None
    value = Decimal(value)
    if direction == Direction.MILESTONE:
        pct = value
    elif target_value is None:
        return None
    elif direction == Direction.HIGHER:
        if baseline is not None and target_value != baseline:
            pct = (value - baseline) / (target_value - baseline) * HUNDRED
        else:
            pct = value / target_value * HUNDRED if target_value else HUNDRED
    elif baseline is not None and baseline != target_value:
        pct = (baseline - value) / (baseline - target_value) * HUNDRED
    else:
        pct = HUNDRED if value <= target_value else (target_value / value * HUNDRED if value else HUNDRED)
    return _q2(max(Decimal(0), min(PCT_MAX, pct)))


def forecast(*, pct, starts_on, due_date, as_of):
    """Linear projection of the percent done to the due date, from the start (0 %) through ``as_of``."""
    if pct is None or as_of is None:
        return None
    total = (due_date - starts_on).days
    elapsed = (min(as_of, due_date) - starts_on).days
    if total <= 0 or elapsed <= 0:
        return _q2(pct)
    return _q2(min(PCT_MAX * 10, Decimal(pct) * total / elapsed))


def status_of(*, pct, forecast_pct, due_date, has_reports, today):
    if pct is not None and pct >= HUNDRED:
        return TargetStatus.DONE
    if due_date < today:
        return TargetStatus.OVERDUE
    if not has_reports or forecast_pct is None:
        return TargetStatus.NOT_STARTED
    if forecast_pct >= ON_TRACK_FROM:
        return TargetStatus.ON_TRACK
    if forecast_pct >= AT_RISK_FROM:
        return TargetStatus.AT_RISK
    return TargetStatus.OFF_TRACK


@dataclass
class Sums:
    """A parent's sums over its direct children; linear, so one child's change is a subtraction and an addition."""

    weight: Decimal = Decimal(0)
    weighted_pct: Decimal = Decimal(0)
    value_sum: Decimal = Decimal(0)
    value_weight: Decimal = Decimal(0)
    weighted_value: Decimal = Decimal(0)
    valued: int = 0
    reports: int = 0
    contributed: Decimal = Decimal(0)
    last: date | None = None

    def add(self, node, sign=1):
        w = Decimal(node.weight or 0)
        self.weight += sign * w
        self.weighted_pct += sign * w * min(Decimal(node.progress_pct or 0), HUNDRED)
        if node.actual_value is not None:
            self.value_sum += sign * Decimal(node.actual_value)
            self.value_weight += sign * w
            self.weighted_value += sign * w * Decimal(node.actual_value)
            self.valued += sign
        self.reports += sign * (node.report_count or 0)
        self.contributed += sign * Decimal(node.contributed_value or 0)


def _apply_sums(node, sums, *, starts_on, today):
    """Set a parent's cached figures from its children's sums."""
    node.progress_pct = _q2(sums.weighted_pct / sums.weight) if sums.weight > 0 else Decimal(0)
    if sums.valued <= 0:
        node.actual_value = None
    elif node.aggregation == Aggregation.SUM:
        node.actual_value = sums.value_sum
    else:
        node.actual_value = sums.weighted_value / sums.value_weight if sums.value_weight > 0 else None
    node.report_count = max(sums.reports, 0)
    node.contributed_value = sums.contributed
    node.last_reported_on = sums.last
    _apply_status(node, starts_on=starts_on, today=today)


def _apply_status(node, *, starts_on, today):
    # Something accepted below (a report or a counted result) dates the node's progress.
    has_reports = node.last_reported_on is not None
    node.forecast_pct = forecast(
        pct=node.progress_pct if has_reports else None,
        starts_on=starts_on,
        due_date=node.due_date,
        as_of=node.last_reported_on,
    )
    node.status = status_of(
        pct=node.progress_pct,
        forecast_pct=node.forecast_pct,
        due_date=node.due_date,
        has_reports=has_reports,
        today=today,
    )


def _apply_leaf(node, *, value, period, count, contributed=None, counted_on=None, starts_on, today):
    """A leaf's figures from its latest accepted report (``value`` of ``period``) and its counted results.

    The owner reports what he did himself; counted results add to it (from the baseline when
    nothing was reported yet), so a merit project's benefit is never typed twice.
    """
    node.contributed_value = contributed or ZERO
    if node.contributed_value:
        value = (value if value is not None else node.baseline or ZERO) + node.contributed_value
    node.actual_value = value
    node.progress_pct = leaf_progress(
        direction=node.direction, baseline=node.baseline, target_value=node.target_value, value=value
    ) or Decimal(0)
    node.last_reported_on = max((d for d in (period, counted_on) if d is not None), default=None)
    node.report_count = count
    _apply_status(node, starts_on=starts_on, today=today)


def _child_sums(parent_paths):
    """Grouped sums of the direct children of each path, in one query."""
    if not parent_paths:
        return {}
    q = Q()
    for path in parent_paths:
        q |= Q(path__gte=path + "0" * STEP, path__lte=path + "Z" * STEP, depth=len(path) // STEP + 1)
    capped = Least(F("progress_pct"), Value(HUNDRED), output_field=DecimalField())
    valued = Q(actual_value__isnull=False)
    rows = (
        Target.objects.order_by()
        .filter(q)
        .annotate(parent_path=Substr("path", 1, Length("path") - STEP))
        .values("parent_path")
        .annotate(
            s_weight=Sum("weight"),
            s_weighted_pct=Sum(F("weight") * capped, output_field=DecimalField()),
            s_value_sum=Sum("actual_value", filter=valued),
            s_value_weight=Sum("weight", filter=valued),
            s_weighted_value=Sum(F("weight") * F("actual_value"), filter=valued, output_field=DecimalField()),
            s_valued=Count("actual_value"),
            s_reports=Sum("report_count"),
            s_contributed=Sum("contributed_value"),
            s_last=Max("last_reported_on"),
        )
    )
    result = {}
    for row in rows:
        path = row.pop("parent_path")
        result[path] = Sums(
            **{k[2:]: (v if v is not None else Sums.__dataclass_fields__[k[2:]].default) for k, v in row.items()}
        )
    return result


def rollup_leaf(leaf, *, today=None):
    """Recompute ``leaf`` from its accepted reports and counted results, then every ancestor; constant queries.

    Called after a report is accepted or a result counted. The leaf's cached values from before
    the change are read with the lock (the ancestors' sums are corrected by the difference).
    Returns the updated nodes, leaf first.
    """
    today = today or timezone.localdate()
    starts_on = leaf.campaign.starts_on
    ancestor_paths = [leaf.path[: i * STEP] for i in range(1, leaf.depth)]
    # The leaf and its ancestors are locked top down (one order for everyone, so no deadlock) and
    # read afresh: two acceptances under the same branch follow each other instead of both
    # correcting the branch's sums from the same old figures. FOR NO KEY UPDATE: a report, stage or
    # contribution inserted meanwhile on one of these targets still passes its foreign key check.
    nodes = Target.objects.select_for_update(no_key=True).filter(path__in=[*ancestor_paths, leaf.path])
    locked = {n.path: n for n in nodes.order_by("path")}
    for name in CACHE_FIELDS:
        setattr(leaf, name, getattr(locked[leaf.path], name))
    old_leaf = _snapshot(leaf)
    value, period, count = latest_accepted(target_ids=[leaf.pk]).get(leaf.pk, (None, None, 0))
    contributed, counted_on = counted_results(target_ids=[leaf.pk]).get(leaf.pk, (None, None))
    _apply_leaf(
        leaf, value=value, period=period, count=count, contributed=contributed, counted_on=counted_on,
        starts_on=starts_on, today=today,
    )  # fmt: skip
    changed = [leaf]
    if ancestor_paths:
        ancestors = locked
        sums = _child_sums(ancestor_paths)
        child, old_child = leaf, old_leaf
        for path in reversed(ancestor_paths):
            parent = ancestors[path]
            old_parent = _snapshot(parent)
            parent_sums = sums.get(path, Sums())
            parent_sums.add(old_child, sign=-1)
            parent_sums.add(child)
            if child.last_reported_on and (parent_sums.last is None or child.last_reported_on > parent_sums.last):
                parent_sums.last = child.last_reported_on
            _apply_sums(parent, parent_sums, starts_on=starts_on, today=today)
            changed.append(parent)
            child, old_child = parent, old_parent
    write_cache(changed)
    return changed


class _Old:
    __slots__ = ("weight", "progress_pct", "actual_value", "report_count", "contributed_value")


def _snapshot(node):
    old = _Old()
    for name in _Old.__slots__:
        setattr(old, name, getattr(node, name))
    return old


def _of(campaign, target_ids):
    return Q(target_id__in=target_ids) if target_ids is not None else Q(target__campaign=campaign)


def latest_accepted(campaign=None, *, target_ids=None):
    """{target id: (value, period, count)} of every target's latest accepted report, in one scan.

    Window functions (SQLite ≥ 3.25, PostgreSQL) pick each target's latest row while counting
    its rows, so a history of 100,000 reports is read once, not once per target.
    """
    partition = {"partition_by": [F("target_id")]}
    latest = {**partition, "order_by": [F("period").desc(), F("id").desc()]}
    rows = (
        ProgressReport.objects.filter(_of(campaign, target_ids), status=ReportStatus.ACCEPTED)
        .order_by()
        .annotate(
            latest_value=Window(FirstValue("value"), **latest),
            latest_period=Window(FirstValue("period"), **latest),
            accepted_count=Window(Count("id"), **partition),
        )
        .values_list("target_id", "latest_value", "latest_period", "accepted_count")
        .distinct()
    )
    return {target_id: (value, period, count) for target_id, value, period, count in rows}


def counted_results(campaign=None, *, target_ids=None):
    """{target id: (sum of counted values, last counted day)} of the results counted into targets, one query."""
    rows = (
        TargetContribution.objects.filter(_of(campaign, target_ids), counted_on__isnull=False, value__isnull=False)
        .order_by()
        .values("target_id")
        .annotate(total=Sum("value"), last=Max("counted_on"))
        .values_list("target_id", "total", "last")
    )
    return {target_id: (total, last) for target_id, total, last in rows}


def rollup_campaign(campaign, *, today=None):
    """Recompute every node of a campaign's trees: two reads, then bulk updates (batches of 1,000)."""
    today = today or timezone.localdate()
    latest = latest_accepted(campaign)
    results = counted_results(campaign)
    nodes = list(Target.objects.filter(campaign=campaign))
    before = {}
    for node in nodes:
        node.latest_value, node.latest_period, node.accepted_count = latest.get(node.pk, (None, None, 0))
        node.contributed, node.counted_on = results.get(node.pk, (None, None))
        before[node.pk] = _cached(node)
    recompute(nodes, starts_on=campaign.starts_on, today=today)
    write_cache([n for n in nodes if _cached(n) != before[n.pk]])
    return nodes


def _cached(node):
    return tuple(
        None
        if v is None
        else (
            Decimal(v).quantize(Decimal("0.0001"))
            if isinstance(v, Decimal | int | float) and not isinstance(v, bool)
            else v
        )
        for v in (getattr(node, name) for name in CACHE_FIELDS)
    )


def write_cache(nodes):
    """Write the cached figures of ``nodes``: one prepared UPDATE executed for all rows.

    (``bulk_update`` builds a CASE per row and field: seconds for a few thousand rows.)
    """
    if not nodes:
        return
    fields = [Target._meta.get_field(name) for name in CACHE_FIELDS]
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(f.column)} = %s" for f in fields)
    sql = f"UPDATE {quote(Target._meta.db_table)} SET {assignments} WHERE {quote('id')} = %s"
    params = [[f.get_db_prep_save(getattr(n, f.attname), connection) for f in fields] + [n.pk] for n in nodes]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def recompute(nodes, *, starts_on, today):
    """Bottom-up over nodes annotated with ``latest_value``, ``latest_period``, ``accepted_count``,
    ``contributed`` and ``counted_on``."""
    sums = {}
    for node in sorted(nodes, key=lambda n: -n.depth):
        if node.numchild == 0 or node.path not in sums:
            _apply_leaf(
                node, value=node.latest_value, period=node.latest_period, count=node.accepted_count or 0,
                contributed=getattr(node, "contributed", None), counted_on=getattr(node, "counted_on", None),
                starts_on=starts_on, today=today,
            )  # fmt: skip
        else:
            _apply_sums(node, sums[node.path], starts_on=starts_on, today=today)
        if node.depth > 1:
            parent = sums.setdefault(node.path[:-STEP], Sums())
            parent.add(node)
            if node.last_reported_on and (parent.last is None or node.last_reported_on > parent.last):
                parent.last = node.last_reported_on


# Used by pages to sort and colour; kept here so pages and services agree.
STATUS_ORDER = Case(
    *[
        When(status=s, then=Value(i))
        for i, s in enumerate(
            [
                TargetStatus.OVERDUE,
                TargetStatus.OFF_TRACK,
                TargetStatus.AT_RISK,
                TargetStatus.NOT_STARTED,
                TargetStatus.ON_TRACK,
                TargetStatus.DONE,
            ]
        )
    ],
    default=Value(9),
)
