"""Suggestions written as the workflow's services write them (the row, its co-proposers, then the figures'
refresh in the same transaction), for the participation and contribution tests."""

from datetime import date
from decimal import Decimal

from django.db import transaction

from vanguard.core.dates import month_number
from vanguard.voices.choices import SuggestionCategory, SuggestionStatus
from vanguard.voices.models import CoProposer, Suggestion
from vanguard.voices.summaries import suggestion_figures_refresh

_n = [0]


@transaction.atomic
def submit(proposer, *, on=date(2026, 3, 10), category=SuggestionCategory.COST, status=SuggestionStatus.SUBMITTED,
           unit=None, co=(), benefit=None, reward=None, title=None):  # fmt: skip
    _n[0] += 1
    suggestion = Suggestion.objects.create(
        title=title or f"建议 {_n[0]}", content="节约用电:下班关闭空压机。", category=category, proposer=proposer,
        unit=unit or proposer.unit, status=status, submitted_on=on, month=month_number(on),
        verified_benefit=Decimal(benefit) if benefit is not None else None,
        reward_amount=Decimal(reward) if reward is not None else None,
    )  # fmt: skip
    CoProposer.objects.bulk_create([CoProposer(suggestion=suggestion, person=p) for p in co])
    suggestion_figures_refresh(suggestion)
    return suggestion


@transaction.atomic
def change(suggestion, **fields):
    """An edit or a workflow step: the new values saved, then the old and the new scope refreshed."""
    before = {"unit_id": suggestion.unit_id, "month": suggestion.month, "category": suggestion.category}
    for name, value in fields.items():
        setattr(suggestion, name, value)
    suggestion.month = month_number(suggestion.submitted_on)
    suggestion.save()
    suggestion_figures_refresh(suggestion, before=before)
    return suggestion
