"""The report summary tables stay equal to the reports through any series of writes, and the dashboard's
monthly trend read from them equals the one computed from the reports themselves.

Reports are submitted, imported, accepted and returned; they are never edited or deleted (a returned
report stays, the owner submits a new one), so those are the writes there are. Splitting a target
that has reports changes the figures too (its reports stop adding to the line), so it is in the series.
"""

import calendar
import random
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import CharField, Count, DecimalField, F, Q, Value, Window
from django.db.models.functions import Cast, Lag, Substr
from django.utils import timezone

from vanguard.campaigns import services
from vanguard.campaigns.choices import Aggregation, ReportStatus
from vanguard.campaigns.models import ProgressReport, Target
from vanguard.campaigns.selectors import report_trend
from vanguard.campaigns.summaries import REPORT_MONTH_TOTALS, REPORT_MONTHS
from vanguard.core.access import system_actor
from vanguard.core.summaries import differences

pytestmark = pytest.mark.django_db

PERSONAS = ("dangwei", "shuji", "dangyuan")


def _month():
    return Substr(Cast("period", CharField()), 1, 7)


def trend_from_reports(user, campaign):
    """The trend as computed before the summary tables: one grouped scan of the reports the user sees."""
    first = (
        Target.objects.filter(campaign=campaign, depth=1, aggregation=Aggregation.SUM)
        .exclude(target_value=None)
        .order_by("path")
        .first()
    )
    reports = ProgressReport.objects.restrict(user).filter(target__campaign=campaign)
    rows = (
        reports.order_by()
        .annotate(month=_month())
        .values("month")
        .annotate(
            accepted=Count("id", filter=Q(status=ReportStatus.ACCEPTED)),
            submitted=Count("id", filter=Q(status=ReportStatus.SUBMITTED)),
            returned=Count("id", filter=Q(status=ReportStatus.RETURNED)),
        )
    )
    counted = {r["month"]: r for r in rows}
    if not counted:
        return []
    gains = _gains(reports, first) if first else {}
    months, running, last_gain = [], 0.0, max(gains, default="")
    year, month = int(min(counted)[:4]), int(min(counted)[5:7])
    while (label := f"{year:04d}-{month:02d}") <= max(counted):
        running += gains.get(label, 0.0)
        row = counted.get(label, {"accepted": 0, "submitted": 0, "returned": 0})
        reached = gains and min(gains) <= label <= last_gain
        figures = {k: row[k] for k in ("accepted", "submitted", "returned")}
        months.append({"month": label, **figures, "total": round(running, 4) if reached else None})
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def _gains(reports, target):
    inner = (
        reports.filter(status=ReportStatus.ACCEPTED, target__path__startswith=target.path, target__numchild=0)
        .order_by()
        .annotate(
            month=_month(),
            reached=F("value"),
            before=Window(
                Lag("value", default=Value(0), output_field=DecimalField()),
                partition_by=[F("target_id")],
                order_by=[F("period").asc(), F("id").asc()],
            ),
        )
        .values_list("month", "reached", "before")
    )
    sql, params = inner.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT month, SUM(reached - before) FROM ({sql}) gains GROUP BY month", params)
        return {month: float(gain or 0) for month, gain in cursor.fetchall()}


def _periods(campaign):
    """Month ends from the campaign's start to today (a report is for a period already over)."""
    today = timezone.localdate()
    year, month, result = campaign.starts_on.year, campaign.starts_on.month, []
    while (end := date(year, month, calendar.monthrange(year, month)[1])) <= min(today, campaign.ends_on):
        result.append(end)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return result or [today]


class Series:
    """Random writes through the services on the demo's cost campaign (seeded, so a failure repeats)."""

    def __init__(self, company, campaign, seed):
        self.company, self.campaign, self.rng = company, campaign, random.Random(seed)
        self.periods = _periods(campaign)
        self.log = []

    def leaves(self):
        return list(Target.objects.filter(campaign=self.campaign, numchild=0).exclude(direction="milestone"))

    def value(self):
        return None if self.rng.random() < 0.1 else Decimal(self.rng.randint(0, 9000)) / 100

    def submitted(self):
        return list(ProgressReport.objects.filter(target__campaign=self.campaign, status=ReportStatus.SUBMITTED))

    def submit(self):
        leaf, period, value = self.rng.choice(self.leaves()), self.rng.choice(self.periods), self.value()
        services.report_submit(actor=system_actor(), target=leaf, period=period, value=value, narrative="进展")
        self.log.append(("submit", leaf.pk, period, value))

    def accept(self):
        if pending := self.submitted():
            report = self.rng.choice(pending)
            services.report_accept(actor=system_actor(), report=report)
            self.log.append(("accept", report.pk))

    def return_(self):
        if pending := self.submitted():
            report = self.rng.choice(pending)
            services.report_return(actor=system_actor(), report=report, note="数据有误")
            self.log.append(("return", report.pk))

    def import_(self):
        rows = [
            {
                "target": self.rng.choice(self.leaves()),
                "period": self.rng.choice(self.periods),
                "value": self.value(),
                "status": self.rng.choice([ReportStatus.ACCEPTED, ReportStatus.SUBMITTED]),
                "reviewer": self.company.users["dangwei"],
            }
            for _ in range(self.rng.randint(1, 4))
        ]
        services.report_bulk_create(actor=self.company.users["dangwei"], campaign=self.campaign, rows=rows)
        self.log.append(("import", len(rows)))

    def split(self):
        reported = [
            t
            for t in self.leaves()
            if t.owner_org_id and t.reports.filter(status="accepted").exists() and not t.contributions.exists()
        ]
        if not reported:
            return
        leaf = self.rng.choice(reported)
        row = {"title": "分解", "owner_org": leaf.owner_org, "target_value": leaf.target_value or 1, "weight": 1}
        services.target_decompose(actor=system_actor(), parent=Target.objects.get(pk=leaf.pk), rows=[row])
        self.log.append(("split", leaf.pk))

    def step(self):
        moves = [self.submit] * 4 + [self.accept] * 4 + [self.return_] * 2 + [self.import_, self.split]
        self.rng.choice(moves)()


@pytest.mark.parametrize("seed", [13, 2026])
def test_summaries_and_the_trend_equal_the_reports_after_a_random_series_of_writes(company, demo, seed):
    series = Series(company, demo.cost, seed)
    for n in range(60):
        series.step()
        if n % 10 == 9:
            for summary in (REPORT_MONTHS, REPORT_MONTH_TOTALS):
                assert differences(summary) == [], (summary.name, series.log)
    assert {entry[0] for entry in series.log} >= {"submit", "accept", "return", "import", "split"}
    for persona in PERSONAS:
        user = company.users[persona]
        assert report_trend(user=user, campaign=demo.cost)["months"] == trend_from_reports(user, demo.cost), persona


def test_the_dashboard_draws_the_trend_computed_from_the_reports(client_as, company, demo):
    series = Series(company, demo.cost, 7)
    for _ in range(15):
        series.step()
    for persona in ("dangwei", "shuji"):
        chart = client_as(persona).get(f"/campaigns/{demo.cost.pk}/").context["trend_chart"]
        expected = trend_from_reports(company.users[persona], demo.cost)
        assert chart["xAxis"]["data"] == [m["month"] for m in expected]
        assert chart["series"][0]["data"] == [m["accepted"] for m in expected]
        assert chart["series"][-1]["data"] == [m["total"] for m in expected]


@pytest.mark.parametrize("persona", ["dangwei", "shuji"])
def test_every_monthly_figure_opens_the_reports_it_counts(client_as, company, demo, persona):
    client = client_as(persona)
    months = report_trend(user=company.users[persona], campaign=demo.cost)["months"]
    html = client.get(f"/campaigns/{demo.cost.pk}/").content.decode()
    assert 'data-testid="trend-months"' in html
    for m in months[-4:]:
        for status in ("accepted", "submitted", "returned"):
            url = f"/campaigns/{demo.cost.pk}/reports/?month={m['month']}&status={status}"
            assert f'href="{url.replace("&", "&amp;")}"' in html
            page = client.get(url).context["page_obj"]
            assert page.paginator.count == m[status], (m["month"], status)
            assert all(r.status == status and f"{r.period:%Y-%m}" == m["month"] for r in page)
    assert client.get(f"/campaigns/{demo.cost.pk}/reports/?month=2026-13").status_code == 404
