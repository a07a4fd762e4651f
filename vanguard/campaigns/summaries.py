"""The campaigns' summary tables: progress reports by target and month, and their totals per overall target.

The dashboard's monthly trend reads them instead of the reports: whoever sees the whole campaign
reads the totals of its overall targets (a few rows a month, whatever the company's size), anyone
else the rows of the targets they see. The services that write reports call ``reports_changed``
(or ``campaign_reports_changed`` after an import) in their own transaction; splitting a target that
has reports calls ``target_split`` (a split target's reports stop adding to the trend's line).

Every one of those services writes its audit event first, and so holds the audit chain's head to
its end: two refreshes of overlapping scopes (a month of one overall target, say) take turns.

``report_month_totals`` sums the per-target table, not the reports: the gains need each leaf's
previous accepted report, which a month of a whole tree cannot read cheaply. It is declared after
``report_months``, so ``rebuild_all`` fills it from a fresh per-target table, and ``differences``
of both together prove the totals equal to the reports.
"""

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from django.db.models import OuterRef, Q, Subquery, Sum
from django.db.models.functions import Left

from vanguard.core.summaries import Summary, refresh, register_summary

from .choices import ReportStatus
from .models import ProgressReport, ReportMonth, ReportMonthTotal, Target

STEP = Target.steplen
ZERO = Decimal(0)
PLACES = Decimal("0.0001")
COUNTS = ("accepted", "submitted", "returned", "leaf_accepted")


def month_of(day: date) -> date:
    return day.replace(day=1)


def report_months(**scope) -> list[dict]:
    """Per target and month: reports by status and the leaf's gain, from the reports of ``scope``.

    One read of the reports in period order; the gain of an accepted report is its value less the
    leaf's previous accepted value (0 before the first; unknown, and not added, when either is empty).
    """
    root = Target.objects.filter(path=Left(OuterRef("target__path"), STEP)).values("pk")
    reports = (
        ProgressReport.objects.filter(**scope)
        .annotate(root_id=Subquery(root))
        .order_by("target_id", "period", "id")
        .values_list("target_id", "root_id", "target__numchild", "period", "status", "value")
    )
    rows, previous = {}, {}
    for target_id, root_id, numchild, period, status, value in reports:
        month = month_of(period)
        row = rows.get((target_id, month))
        if row is None:
            row = rows[(target_id, month)] = {
                "target_id": target_id, "month": month, "root_id": root_id, "gain": ZERO, **dict.fromkeys(COUNTS, 0),
            }  # fmt: skip
        row[status] += 1
        if status == ReportStatus.ACCEPTED and not numchild:
            row["leaf_accepted"] += 1
            before = previous.get(target_id, ZERO)
            if value is not None and before is not None:
                row["gain"] += value - before
            previous[target_id] = value
    return list(rows.values())


def report_month_totals(**scope) -> list[dict]:
    """Per overall target and month: the sums of the per-target rows of its tree (one grouped read)."""
    rows = list(
        ReportMonth.objects.filter(**scope)
        .order_by()
        .values("root_id", "month")
        .annotate(**{name: Sum(name) for name in (*COUNTS, "gain")})
    )
    for row in rows:  # SQLite sums decimals as floats: back to the column's four places
        row["gain"] = Decimal(row["gain"]).quantize(PLACES)
    return rows


REPORT_MONTHS = register_summary(
    Summary(
        name="campaigns.report_months",
        model=ReportMonth,
        key=("target_id", "month"),
        figures=(*COUNTS, "gain"),
        compute=report_months,
        label="逐月填报汇总(按目标)",
    )
)

REPORT_MONTH_TOTALS = register_summary(
    Summary(
        name="campaigns.report_month_totals",
        model=ReportMonthTotal,
        key=("root_id", "month"),
        figures=(*COUNTS, "gain"),
        compute=report_month_totals,
        label="逐月填报合计(按总体目标)",
    )
)


def reports_changed(*, target: Target, months: Iterable[date]) -> None:
    """Both tables again for ``target`` (all its months) and its tree's totals of ``months``."""
    refresh(REPORT_MONTHS, target_id=target.pk)
    refresh(REPORT_MONTH_TOTALS, root__path=target.path[:STEP], month__in=sorted({month_of(m) for m in months}))


def report_reviewed(*, report: ProgressReport) -> None:
    """After a report's status changed: its month, and the month of the leaf's next accepted report,
    whose gain is counted from this one when this one is accepted."""
    later = (
        ProgressReport.objects.filter(target_id=report.target_id, status=ReportStatus.ACCEPTED)
        .filter(Q(period__gt=report.period) | Q(period=report.period, pk__gt=report.pk))
        .order_by("period", "id")
        .values_list("period", flat=True)
        .first()
    )
    reports_changed(target=report.target, months=[report.period] + ([later] if later else []))


def campaign_reports_changed(*, campaign_id: int) -> None:
    """Both tables again for a whole campaign (after an import of its history)."""
    refresh(REPORT_MONTHS, target__campaign_id=campaign_id)
    refresh(REPORT_MONTH_TOTALS, root__campaign_id=campaign_id)


def target_split(*, target: Target) -> None:
    """A leaf got its first child: its own reports stop adding to the trend's line (the children's do)."""
    months = list(ReportMonth.objects.filter(target_id=target.pk).values_list("month", flat=True))
    if months:
        reports_changed(target=target, months=months)
