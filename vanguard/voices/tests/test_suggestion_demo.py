"""The demo's suggestions: every state, near-duplicates marked, rewards within their tier, some overdue."""

from decimal import Decimal

from django.db.models import Count

from vanguard.voices.choices import REGULATION_1986_TIERS, SuggestionStatus
from vanguard.voices.models import CoProposer, Suggestion, SuggestionReview


def test_every_state_is_shown(company):
    states = set(Suggestion.objects.values_list("status", flat=True).distinct())
    assert states >= set(SuggestionStatus.values)


def test_duplicates_point_at_an_earlier_suggestion_and_some_proposers_joined(company):
    marked = Suggestion.objects.filter(status="duplicate").select_related("duplicate_of")
    assert marked.exists()
    for row in marked:
        assert row.duplicate_of is not None and row.duplicate_of.submitted_on <= row.submitted_on
    assert CoProposer.objects.filter(joined=True).exists()


def test_rewards_lie_within_their_1986_tier(company):
    rewarded = Suggestion.objects.filter(status="rewarded")
    assert rewarded.exists()
    for row in rewarded:
        net = max(row.verified_benefit, Decimal(0))
        low, high, least, most, _ = next(
            t for t in REGULATION_1986_TIERS if net >= t[0] and (t[1] is None or net < t[1])
        )
        assert least <= row.reward_amount <= most


def test_each_has_its_history_and_some_wait_past_their_deadline(company, settings):
    from django.utils import timezone

    without = Suggestion.objects.annotate(n=Count("reviews")).filter(n=0)
    assert not without.exists()
    assert Suggestion.objects.overdue(timezone.localdate()).exists()
    assert SuggestionReview.objects.filter(step="return").exclude(reason="").exists()
