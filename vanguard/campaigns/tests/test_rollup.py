"""Progress, forecast and roll-up: direction-aware, weighted, the same whether updated on accept or recomputed."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection

from vanguard.campaigns import rollup
from vanguard.campaigns.choices import Aggregation, Direction, TargetStatus
from vanguard.campaigns.models import Target
from vanguard.core.access import system_actor
from vanguard.core.testing import assert_max_queries

from .factories import D, make_campaign, make_root, report, split


@pytest.mark.parametrize(
    ("direction", "baseline", "target", "value", "expected"),
    [
        (Direction.HIGHER, 0, 100, 40, "40.00"),
        (Direction.HIGHER, 50, 100, 75, "50.00"),  # half of the way from the baseline
        (Direction.HIGHER, None, 200, 50, "25.00"),
        (Direction.LOWER, 100, 80, 90, "50.00"),  # a cost from 100 to 80: at 90 half done
        (Direction.LOWER, 100, 80, 110, "0.00"),  # worse than the baseline: nothing done
        (Direction.LOWER, None, 80, 100, "80.00"),  # without a baseline: target / actual
        (Direction.LOWER, None, 80, 70, "100.00"),
        (Direction.MILESTONE, None, None, 30, "30.00"),
        (Direction.HIGHER, 0, 100, 130, "130.00"),  # ahead of the target is shown as such
    ],
)
def test_leaf_progress_reads_the_direction_that_counts(direction, baseline, target, value, expected):
    got = rollup.leaf_progress(
        direction=direction,
        baseline=None if baseline is None else D(baseline),
        target_value=None if target is None else D(target),
        value=D(value),
    )
    assert got == Decimal(expected)


def test_forecast_projects_linearly_to_the_due_date():
    start, due = date(2025, 1, 1), date(2025, 12, 31)
    as_of = start + timedelta(days=(due - start).days // 2)
    assert rollup.forecast(pct=D(50), starts_on=start, due_date=due, as_of=as_of) == pytest.approx(D(100), abs=1)
    assert rollup.forecast(pct=D(30), starts_on=start, due_date=due, as_of=as_of) == pytest.approx(D(60), abs=1)


@pytest.mark.parametrize(
    ("pct", "forecast_pct", "due_offset", "expected"),
    [
        (100, 100, 10, TargetStatus.DONE),
        (60, 110, 10, TargetStatus.ON_TRACK),
        (40, 80, 10, TargetStatus.AT_RISK),  # will fall short at this pace, before the deadline
        (20, 40, 10, TargetStatus.OFF_TRACK),
        (90, 95, -1, TargetStatus.OVERDUE),
        (100, 100, -1, TargetStatus.DONE),
    ],
)
def test_status_from_progress_and_forecast(pct, forecast_pct, due_offset, expected):
    today = date(2025, 6, 1)
    status = rollup.status_of(
        pct=D(pct),
        forecast_pct=D(forecast_pct),
        due_date=today + timedelta(days=due_offset),
        has_reports=True,
        today=today,
    )
    assert status == expected


def test_nothing_reported_is_not_started(company):
    campaign = make_campaign(company)
    root = make_root(company, campaign)
    root.refresh_from_db()
    assert root.status == TargetStatus.NOT_STARTED and root.progress_pct == 0


@pytest.fixture
def tree(company):
    """root 100 (sum) → A (weight 3, 60) → A1 30 (dangyuan), A2 30 (zhigong); B (weight 1, 40, shuji)."""
    campaign = make_campaign(company)
    root = make_root(company, campaign)
    people = {name: company.users[name].person for name in ("dangyuan", "zhigong", "shuji")}
    a, b = split(
        company,
        root,
        [
            {"title": "A", "owner_org": company.branch, "target_value": 60, "weight": 3},
            {
                "title": "B",
                "owner_person": people["shuji"],
                "owner_org": company.branch,
                "target_value": 40,
                "weight": 1,
            },
        ],
    )
    a1, a2 = split(
        company,
        a,
        [
            {"title": "A1", "owner_person": people["dangyuan"], "target_value": 30},
            {"title": "A2", "owner_person": people["zhigong"], "target_value": 30},
        ],
    )
    return {"root": root, "a": a, "b": b, "a1": a1, "a2": a2}


def fresh(node):
    return Target.objects.get(pk=node.pk)


def test_accepting_a_report_updates_the_leaf_and_every_ancestor(tree):
    report(tree["a1"], 15)  # 50 %
    report(tree["a2"], 30)  # 100 %
    report(tree["b"], 10)  # 25 %
    a, root = fresh(tree["a"]), fresh(tree["root"])
    assert a.actual_value == D(45) and a.progress_pct == D(75)
    assert root.actual_value == D(55)
    assert root.progress_pct == D("62.50")  # (3 × 75 + 1 × 25) / 4, weighted
    assert root.report_count == 3


def test_a_target_far_ahead_does_not_hide_one_behind(tree):
    report(tree["a1"], 60)  # 200 %, counted as 100 in the roll-up
    report(tree["a2"], 0)
    assert fresh(tree["a"]).progress_pct == D(50)
    assert fresh(tree["a1"]).progress_pct == D(200)


def test_a_later_report_for_an_earlier_period_does_not_replace_the_latest(tree):
    report(tree["a1"], 20, days_ago=1)
    report(tree["a1"], 5, days_ago=40)
    a1 = fresh(tree["a1"])
    assert a1.actual_value == D(20) and a1.report_count == 2


def test_incremental_roll_up_equals_a_full_recompute(tree):
    report(tree["a1"], 12)
    report(tree["b"], 33)
    report(tree["a2"], 7)
    report(tree["a1"], 18)
    before = {
        t.pk: (t.actual_value, t.progress_pct, t.status, t.report_count)
        for t in Target.objects.filter(campaign=tree["root"].campaign)
    }
    rollup.rollup_campaign(tree["root"].campaign)
    after = {
        t.pk: (t.actual_value, t.progress_pct, t.status, t.report_count)
        for t in Target.objects.filter(campaign=tree["root"].campaign)
    }
    assert after == before


def test_lower_is_better_rates_average_by_weight(company):
    campaign = make_campaign(company)
    root = make_root(
        company,
        campaign,
        title="可控费用",
        metric_unit="万元/月",
        baseline=100,
        target_value=80,
        direction=Direction.LOWER,
        aggregation=Aggregation.MEAN,
    )
    people = [company.users[n].person for n in ("dangyuan", "zhigong")]
    x, y = split(
        company,
        root,
        [
            {"owner_person": people[0], "owner_org": company.branch, "target_value": 80, "baseline": 100, "weight": 1},
            {"owner_person": people[1], "owner_org": company.branch, "target_value": 80, "baseline": 100, "weight": 3},
        ],
    )
    report(x, 90)  # half way down
    report(y, 80)  # there
    root = fresh(root)
    assert root.actual_value == D("82.5")  # (90 + 3 × 80) / 4
    assert root.progress_pct == D("87.50")  # (50 + 3 × 100) / 4


def chain(company, depth):
    campaign = make_campaign(company, title=f"深度 {depth}")
    node = make_root(company, campaign, target_value=100, aggregation=Aggregation.MEAN)
    person = company.users["dangyuan"].person
    for level in range(depth - 1):
        rows = [{"title": f"L{level}-{i}", "owner_org": company.branch, "target_value": 100} for i in range(3)]
        if level == depth - 2:
            rows[0] = {"title": "leaf", "owner_person": person, "owner_org": company.branch, "target_value": 100}
        node = split(company, node, rows)[0]
    return node


# 14 for the report and the tree; 10 for the month's summary rows (two refreshes in savepoints),
# and on PostgreSQL each refresh's lock of its scope.
ACCEPT_QUERIES = 24 + (2 if connection.vendor == "postgresql" else 0)


def test_accept_costs_the_same_queries_at_any_depth(company):
    from vanguard.campaigns import services

    counts = []
    for depth in (3, 8):
        leaf = chain(company, depth)
        submitted = services.report_submit(actor=system_actor(), target=leaf, period=leaf.campaign.starts_on, value=50)
        with assert_max_queries(ACCEPT_QUERIES) as queries:
            services.report_accept(actor=company.users["dangwei"], report=submitted)
        counts.append(len(queries))
        top = Target.objects.get(campaign=leaf.campaign, depth=1)
        assert top.report_count == 1 and top.actual_value == D(50)
    assert counts[0] == counts[1], counts
    assert counts[0] <= ACCEPT_QUERIES
