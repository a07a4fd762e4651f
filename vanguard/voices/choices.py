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


# ---------------------------------------------------------------- the suggestion workflow


class SuggestionStep(models.TextChoices):
    """What a step of the review history did (one ``SuggestionReview`` row each)."""

    SUBMIT = "submit", "提交"
    RESUBMIT = "resubmit", "修改后重新提交"
    UNIT_PASS = "unit_pass", "单位初审通过"
    RECOMMEND = "recommend", "推荐实施"  # the experts' adoption
    RETURN = "return", "需完善"
    REJECT = "reject", "不予采纳"
    DUPLICATE = "duplicate", "重复建议"
    JOIN = "join", "并入原建议"
    IMPLEMENT = "implement", "实施完成"
    VERIFY = "verify", "效益核定"
    REWARD = "reward", "奖励"
    IMPORT = "import", "历史导入"


# The decisions of each review, as the forms offer them: a reason is required for anything but
# passing it on (单位初审通过) or adopting it (推荐实施), and the proposer reads it.
UNIT_DECISIONS = (SuggestionStep.UNIT_PASS, SuggestionStep.RETURN, SuggestionStep.REJECT)
EXPERT_DECISIONS = (SuggestionStep.RECOMMEND, SuggestionStep.RETURN, SuggestionStep.REJECT)
REASON_REQUIRED = (SuggestionStep.RETURN, SuggestionStep.REJECT, SuggestionStep.DUPLICATE)

# Who answers a waiting suggestion: the unit (initial review, the implementation) or the experts at
# company level (expert review, the benefit, the reward). ``access.SUGGESTION`` grants the two actions.
UNIT_STATES = (SuggestionStatus.SUBMITTED, SuggestionStatus.ADOPTED)
EXPERT_STATES = (SuggestionStatus.UNIT_REVIEWED, SuggestionStatus.IMPLEMENTED, SuggestionStatus.VERIFIED)
# States in which the review may still mark it a duplicate of an earlier one.
DUPLICATE_FROM = (SuggestionStatus.SUBMITTED, SuggestionStatus.UNIT_REVIEWED)
ENDED_STATES = (SuggestionStatus.REJECTED, SuggestionStatus.DUPLICATE, SuggestionStatus.REWARDED)


class RewardBasis(models.TextChoices):
    TIERS = "tiers", "按年效益分档"
    SHARE = "share", "按首年净效益提成"


# Reply deadlines seeded by the data migration (working days from the day it started waiting).
DEFAULT_DEADLINES = {
    SuggestionStatus.SUBMITTED: (5, "单位初审"),
    SuggestionStatus.UNIT_REVIEWED: (10, "专家评审"),
    SuggestionStatus.ADOPTED: (60, "组织实施"),
    SuggestionStatus.IMPLEMENTED: (20, "效益核定"),
    SuggestionStatus.VERIFIED: (10, "兑现奖励"),
}

# 国务院《合理化建议和技术改进奖励条例》(1986) 第十一条: the award by the yearly benefit it brings.
# (from yuan, up to yuan or None, award from, award to, certificate)
REGULATION_1986_TIERS = (
    (1_000_000, None, 2500, 4000, True),
    (500_000, 1_000_000, 1500, 2500, False),
    (100_000, 500_000, 500, 1500, False),
    (10_000, 100_000, 300, 500, False),
    (0, 10_000, 0, 300, False),
)

STATUS_COLOURS = {
    SuggestionStatus.SUBMITTED: "azure",
    SuggestionStatus.UNIT_REVIEWED: "cyan",
    SuggestionStatus.RETURNED: "yellow",
    SuggestionStatus.REJECTED: "red",
    SuggestionStatus.DUPLICATE: "secondary",
    SuggestionStatus.ADOPTED: "blue",
    SuggestionStatus.IMPLEMENTED: "indigo",
    SuggestionStatus.VERIFIED: "teal",
    SuggestionStatus.REWARDED: "green",
}
