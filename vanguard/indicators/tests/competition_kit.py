"""A labour competition of the tiny company's teams, and a judged one, for the competition tests."""

from decimal import Decimal

import pytest

from vanguard.indicators.choices import Aggregation, CompetitionKind, Direction, IndicatorKind, ScoringMethod
from vanguard.indicators.models import Indicator
from vanguard.indicators.services import competitions as services
from vanguard.indicators.services.values import ValueRow, indicator_values_upsert
from vanguard.org.choices import UnitKind
from vanguard.org.models import Person, Unit

MAY = 2026 * 12 + 4  # the frozen clock's month is June 2026
APRIL, JUNE = MAY - 1, MAY + 1


def make_indicator(code, **kw):
    spec = {"code": code, "name": f"测试{code}", "kind": IndicatorKind.OUTPUT, "unit_of_measure": "吨",
            "direction": Direction.HIGHER, "aggregation": Aggregation.SUM} | kw  # fmt: skip
    return Indicator.objects.create(**spec)


def teams():
    return list(Unit.objects.filter(kind=UnitKind.TEAM).order_by("path"))


@pytest.fixture
def output(db):
    return make_indicator("c-output")


@pytest.fixture
def labour(company, output):
    """劳动竞赛 of every team, monthly: 100 points for reaching 100 t, tiers past it."""
    office = company.users["dangwei"]
    competition = services.competition_create(
        actor=office, unit=Unit.objects.get_root_nodes().get(), name="2026年班组劳动竞赛", kind=CompetitionKind.LABOUR,
        year=2026, categories=("生产班组", "辅助班组"),
    )  # fmt: skip
    first, second = competition.categories.all()
    all_teams = teams()
    services.competition_entries_add(actor=office, competition=competition, category=first, units=all_teams[:5])
    services.competition_entries_add(actor=office, competition=competition, category=second, units=all_teams[5:])
    services.competition_rule_save(actor=office, competition=competition, indicator=output, weight=100, target=100,
                                   tiers=[(5, 3), (10, 6)])  # fmt: skip
    return competition


@pytest.fixture
def skills(company):
    """技术比武 judged by a panel of three (dangwei, shuji, gonghui's people), a quarter at a time."""
    office = company.users["dangwei"]
    competition = services.competition_create(
        actor=office, unit=Unit.objects.get_root_nodes().get(), name="2026年焊工技术比武", kind=CompetitionKind.SKILLS,
        year=2026, granularity="quarter", method=ScoringMethod.JUDGES, min_judges=3,
    )  # fmt: skip
    category = competition.categories.get()
    services.competition_entries_add(actor=office, competition=competition, category=category, units=teams()[:4])
    judges = [company.users[name].person for name in ("dangwei", "shuji", "gonghui")]
    services.competition_judges_set(actor=office, competition=competition, people=judges)
    return competition


def write(company, indicator, figures, month=MAY, reason="补录"):
    """Write ``{unit: value}`` for ``month`` through the one value write, as the office (the demo has closed the
    months before last: a write there is a correction, with its reason)."""
    rows = [ValueRow(indicator, unit, month, Decimal(str(v))) for unit, v in figures.items()]
    return indicator_values_upsert(actor=company.users["dangwei"], rows=rows, reason=reason)


def person(company, name):
    return Person.objects.get(user=company.users[name])
