"""Suggestions (合理化建议) and their reviews and rewards; exchange visits (交流走访) and the findings
(问题清单) they and other sources raise, with their rectification (整改闭环). A module per entity."""

from .findings import Finding, FindingExtension, FindingQuerySet, FindingStep
from .participation import ParticipationTarget, SuggestionFigures, SuggestionParticipation, SuggestionTaker
from .suggestions import CoProposer, Suggestion, SuggestionQuerySet
from .visits import Visit, VisitQuerySet
from .workflow import ReplyDeadline, RewardRule, RewardSetting, SuggestionAttachment, SuggestionReview

__all__ = [
    "CoProposer",
    "Suggestion",
    "SuggestionQuerySet",
    # the suggestion workflow
    "ReplyDeadline",
    "RewardRule",
    "RewardSetting",
    "SuggestionAttachment",
    "SuggestionReview",
    # visits and findings
    "Finding",
    "FindingExtension",
    "FindingQuerySet",
    "FindingStep",
    "Visit",
    "VisitQuerySet",
    # ---- participation
    "ParticipationTarget",
    "SuggestionFigures",
    "SuggestionParticipation",
    "SuggestionTaker",
]
