"""The statistics' kept figures stay equal to the suggestions.

A seeded series of submissions, steps, moves to another unit, month or category and co-proposers
joining goes through the refresh the workflow calls; after it both summary tables equal their
recomputation, and the page's figures for the company and a plant equal what the suggestions say,
distinct people counted once over a year however many months they proposed in.
"""

import random
from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal

import pytest

from vanguard.core.summaries import differences, get_summary
from vanguard.org.models import Person, Unit
from vanguard.voices import statistics
from vanguard.voices.choices import ADOPTED_STATES, SuggestionCategory, SuggestionStatus
from vanguard.voices.models import CoProposer, Suggestion
from vanguard.voices.summaries import BENEFIT_STATES, IMPLEMENTED_STATES

from .participation_kit import change, submit

pytestmark = pytest.mark.django_db

STEPS = 150
TODAY = date(2026, 6, 15)


class Series:
    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.people = list(Person.objects.active().select_related("unit").order_by("pk")[:60])
        self.units = list(Unit.objects.order_by("path"))

    def _day(self):
        return date(2025, 9, 1) + timedelta(days=self.rng.randint(0, 400))

    def _pick(self):
        rows = list(Suggestion.objects.order_by("pk"))
        return self.rng.choice(rows) if rows else None

    def submit(self):
        proposer = self.rng.choice(self.people)
        co = self.rng.sample([p for p in self.people if p != proposer], self.rng.choice([0, 0, 1, 2]))
        submit(proposer, on=self._day(), category=self.rng.choice(SuggestionCategory.values), co=co)

    def step(self):
        suggestion = self._pick()
        if suggestion is None:
            return
        status = self.rng.choice(SuggestionStatus.values)
        benefit = Decimal(self.rng.randint(1, 5000) * 10) if status in BENEFIT_STATES else None
        reward = Decimal(self.rng.randint(1, 30) * 50) if status == SuggestionStatus.REWARDED else None
        change(suggestion, status=status, verified_benefit=benefit, reward_amount=reward)

    def move(self):
        suggestion = self._pick()
        if suggestion is None:
            return
        what = self.rng.choice(["unit", "submitted_on", "category"])
        value = {"unit": self.rng.choice(self.units), "submitted_on": self._day(),
                 "category": self.rng.choice(SuggestionCategory.values)}[what]  # fmt: skip
        change(suggestion, **{what: value})

    def join(self):
        """A duplicate's proposer joins as co-proposer (or one leaves): the participation of its scope changes."""
        suggestion = self._pick()
        if suggestion is None:
            return
        row = CoProposer.objects.filter(suggestion=suggestion).first()
        if row is not None and self.rng.random() < 0.4:
            row.delete()
        else:
            person = self.rng.choice(self.people)
            if person.pk != suggestion.proposer_id:
                CoProposer.objects.get_or_create(suggestion=suggestion, person=person, defaults={"joined": True})
        change(suggestion)

    def run(self, steps):
        moves = [self.submit] * 4 + [self.step] * 3 + [self.move] * 2 + [self.join]
        for _ in range(steps):
            self.rng.choice(moves)()


def _facts(unit, year, month=None):
    """A unit's figures recomputed in Python from the suggestions below it."""
    months = [month] if month else range(1, 13)
    rows = [
        s
        for s in Suggestion.objects.filter(unit__path__startswith=unit.path).prefetch_related("co_proposers")
        if s.submitted_on.year == year and s.submitted_on.month in months
    ]
    people = {s.proposer_id for s in rows} | {c.person_id for s in rows for c in s.co_proposers.all()}
    by_category = defaultdict(int)
    for s in rows:
        by_category[s.category] += 1
    return {
        "suggestions": len(rows),
        "adopted": sum(s.status in ADOPTED_STATES for s in rows),
        "implemented": sum(s.status in IMPLEMENTED_STATES for s in rows),
        "benefit": sum((s.verified_benefit or 0 for s in rows if s.status in BENEFIT_STATES), Decimal(0)),
        "reward_paid": sum((s.reward_amount or 0 for s in rows if s.status == SuggestionStatus.REWARDED), Decimal(0)),
        "participants": len(people),
        "by_category": dict(by_category),
    }


def _shown(row):
    return {
        "suggestions": row.suggestions, "adopted": row.adopted, "implemented": row.implemented,
        "benefit": row.benefit, "reward_paid": row.reward_paid, "participants": row.participants,
        "by_category": {k: v for k, v in row.by_category.items() if v},
    }  # fmt: skip


@pytest.mark.parametrize("seed", [7, 2026, 31])
def test_after_random_writes_every_kept_figure_equals_the_suggestions(company, seed):
    Series(seed).run(STEPS)
    assert Suggestion.objects.count() > 40 and CoProposer.objects.exists()
    assert differences(get_summary("voices.suggestion_figures")) == []
    assert differences(get_summary("voices.suggestion_participation")) == []
    assert differences(get_summary("voices.suggestion_takers")) == []

    office = company.users["dangwei"]
    root = Unit.objects.get(depth=1)
    for year, month in ((2026, None), (2025, None), (2026, 3), (2025, 11)):
        data = statistics.statistics(user=office, year=year, month=month, today=TODAY, page_size=500)
        assert data.node == root
        assert _shown(data.total) == _facts(root, year, month)
        for row in data.rows:
            assert _shown(row) == _facts(row.unit, year, month), row.unit


def test_a_person_proposing_in_two_months_takes_part_once_in_the_year(company):
    from vanguard.voices.models import SuggestionTaker

    office = company.users["dangwei"]
    person = company.users["zhigong"].person
    team = person.unit
    parent = Unit.objects.get_parent(team)
    year_range = (2026 * 12, 2026 * 12 + 11)
    mine = SuggestionTaker.objects.filter(person=person, unit__path__startswith=team.path)
    new_in_year = 0 if mine.filter(month__range=year_range).exists() else 1
    new_in_march = 0 if mine.filter(month=2026 * 12 + 2).exists() else 1

    def row(month=None):
        data = statistics.statistics(user=office, year=2026, month=month, today=TODAY, node=parent, page_size=500)
        return next(r for r in data.rows if r.unit == team)

    year_before, march_before = row(), row(3)
    submit(person, on=date(2026, 3, 2))
    submit(person, on=date(2026, 5, 20))
    year, march = row(), row(3)
    # Two suggestions, and he counts once (or not again, if he had taken part already).
    assert year.suggestions - year_before.suggestions == 2
    assert year.participants - year_before.participants == new_in_year
    assert march.participants - march_before.participants == new_in_march
