"""Suggestions (合理化建议) and their reviews and rewards; exchange visits (交流走访) and the findings
(问题清单) they and other sources raise, with their rectification (整改闭环). A module per entity."""

# ---- participation: targets and the statistics' summary tables
from .participation import ParticipationTarget, SuggestionFigures, SuggestionParticipation, SuggestionTaker
from .suggestions import CoProposer, Suggestion, SuggestionQuerySet

__all__ = [
    "CoProposer",
    "Suggestion",
    "SuggestionQuerySet",
    # ---- participation
    "ParticipationTarget",
    "SuggestionFigures",
    "SuggestionParticipation",
    "SuggestionTaker",
]
