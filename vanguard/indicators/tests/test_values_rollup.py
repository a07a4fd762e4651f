"""A unit's kept monthly figures (``indicators.rollup``) stay equal to its teams' values.

A seeded series of writes (new values, changed ones, corrections of closed months, output changing under a
weighted cost) goes through ``indicator_values_upsert``; after it the table equals its recomputation, and a
unit's figure equals what its teams' values say by the indicator's aggregation.
"""

import random
from decimal import Decimal

import pytest

from vanguard.core.summaries import differences
from vanguard.indicators.aggregation import aggregate
from vanguard.indicators.models import Indicator, IndicatorPeriod, IndicatorRollup, IndicatorValue
from vanguard.indicators.services.values import ValueRow, indicator_values_upsert
from vanguard.indicators.summaries import ROLLUP
from vanguard.org.choices import UnitKind
from vanguard.org.models import Unit

pytestmark = pytest.mark.django_db
LAST = 2026 * 12 + 4  # May 2026, last month of the frozen clock


def test_the_demo_roll_ups_equal_their_recomputation(company):
    assert IndicatorRollup.objects.exists()
    assert differences(ROLLUP) == []


def test_roll_ups_follow_a_seeded_series_of_writes(company):
    rng = random.Random(15)
    office = company.users["dangwei"]
    teams = list(Unit.objects.filter(kind=UnitKind.TEAM).order_by("path"))
    indicators = list(Indicator.objects.filter(active=True).order_by("order"))
    closed = set(IndicatorPeriod.objects.values_list("month", flat=True))
    for _ in range(25):
        month = rng.choice([LAST, LAST - 1, LAST - 3, LAST - 40])
        rows = [
            ValueRow(indicator, team, month, Decimal(rng.randint(1, 99)))
            for team in rng.sample(teams, rng.randint(1, 4))
            for indicator in rng.sample(indicators, rng.randint(1, 3))
        ]
        indicator_values_upsert(actor=office, rows=rows, reason="复核更正" if month in closed else "")
    assert differences(ROLLUP) == []
    company_unit = Unit.objects.get_root_nodes().get()
    for indicator in indicators:
        values = IndicatorValue.objects.filter(indicator=indicator, month=LAST, unit__kind=UnitKind.TEAM)
        by_team = {v.unit_id: v.value for v in values}
        weights = None
        if indicator.weight_by_id:
            weight_of = dict(
                IndicatorValue.objects.filter(indicator_id=indicator.weight_by_id, month=LAST).values_list(
                    "unit_id", "value"
                )
            )
            weights = [weight_of.get(team) for team in by_team]
        expected = aggregate(
            "sum" if indicator.aggregation == "last" else indicator.aggregation, list(by_team.values()), weights
        )
        kept = IndicatorRollup.objects.get(unit=company_unit, indicator=indicator, month=LAST).figure(
            indicator.aggregation
        )
        assert kept == pytest.approx(float(expected), rel=1e-9), indicator.code
