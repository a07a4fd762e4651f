"""The demo competitions as the office finds them: two of each kind, judged ones with their panels' signed
scores, vetoes with their evidence, a red flag that changed hands, the last period past waiting to be
published; and the standings the demo wrote are exactly what the scoring gives."""

from collections import Counter

import pytest

from vanguard.core.testing import home_items
from vanguard.indicators.choices import CompetitionKind
from vanguard.indicators.models import Competition, CompetitionStanding, JudgeScore, RedFlag, Veto
from vanguard.indicators.services.standings import recompute_all

pytestmark = pytest.mark.django_db


def test_two_competitions_of_each_kind_with_judges_vetoes_and_a_moving_red_flag(company):
    kinds = Counter(Competition.objects.values_list("kind", flat=True))
    assert kinds == dict.fromkeys(CompetitionKind.values, 2)
    for competition in Competition.objects.filter(method="judges"):
        assert competition.judges.count() >= 3
        assert JudgeScore.objects.filter(entry__competition=competition).exists()
    assert Veto.objects.exclude(evidence="").exists()
    assert CompetitionStanding.objects.filter(vetoed=True).exists()
    moved = [
        holders
        for category_id in RedFlag.objects.values_list("category_id", flat=True).distinct()
        if len(
            holders := set(
                RedFlag.objects.filter(category_id=category_id, entry__isnull=False).values_list("entry_id", flat=True)
            )
        )
        > 1  # fmt: skip
    ]
    assert moved, "no red flag changed hands"


def test_the_demo_standings_are_what_the_scoring_gives(company):
    fields = ("entry_id", "first_month", "points", "rank", "position", "vetoed", "stands", "note", "breakdown")
    kept = sorted(CompetitionStanding.objects.values_list(*fields))
    flags = sorted(RedFlag.objects.values_list("category_id", "first_month", "entry_id", "points"))
    for competition in Competition.objects.all():
        recompute_all(competition)
    assert sorted(CompetitionStanding.objects.values_list(*fields)) == kept
    assert sorted(RedFlag.objects.values_list("category_id", "first_month", "entry_id", "points")) == flags


def test_the_office_is_told_of_results_to_publish(client_as, company):
    count, url = home_items(client_as("dangwei"))["indicators.competition_results"]
    assert int(count) >= 6 and url.startswith("/indicators/competitions/")
