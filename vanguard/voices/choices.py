"""Constants of the voices app: suggestion categories and states; visit kinds; finding states and sources.
Who may do what: ``access.py``."""

from django.db import models


class SuggestionCategory(models.TextChoices):
    COST = "cost", "降本"
    EFFICIENCY = "efficiency", "增效"
    QUALITY = "quality", "质量"
    SAFETY = "safety", "安全"
    EQUIPMENT = "equipment", "设备"
    MANAGEMENT = "management", "管理"
    OTHER = "other", "其他"


class SuggestionStatus(models.TextChoices):
    """Where a suggestion stands. Nothing is deleted: a returned one is revised and resubmitted, a
    rejected or duplicate one stays on record with its reason."""

    SUBMITTED = "submitted", "已提交"  # waits for the unit's review
    UNIT_REVIEWED = "unit_reviewed", "单位已初审"  # waits for the experts
    RETURNED = "returned", "需完善"  # back with the proposer, with the reason
    REJECTED = "rejected", "不予采纳"
    DUPLICATE = "duplicate", "重复建议"  # credit goes to ``duplicate_of``
    ADOPTED = "adopted", "已采纳"
    IMPLEMENTED = "implemented", "已实施"
    VERIFIED = "verified", "效益已核定"
    REWARDED = "rewarded", "已奖励"


# States in which someone owes the suggestion an answer (a reply deadline runs).
WAITING_STATES = (
    SuggestionStatus.SUBMITTED,
    SuggestionStatus.UNIT_REVIEWED,
    SuggestionStatus.ADOPTED,
    SuggestionStatus.IMPLEMENTED,
    SuggestionStatus.VERIFIED,
)
ADOPTED_STATES = (
    SuggestionStatus.ADOPTED,
    SuggestionStatus.IMPLEMENTED,
    SuggestionStatus.VERIFIED,
    SuggestionStatus.REWARDED,
)
