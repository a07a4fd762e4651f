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


# ---------------------------------------------------------------- visits and findings


class VisitKind(models.TextChoices):
    SAME_PROCESS = "same_process", "同工序作业区之间"
    UP_DOWNSTREAM = "up_downstream", "上下游工序之间"
    CUSTOMER = "customer", "走访客户"


class FindingSource(models.TextChoices):
    """Where a finding was raised; each kind points to its record (a visit, a suggestion, a meeting) or, for
    an appraisal or an inspection, names it in ``source_ref``."""

    VISIT = "visit", "交流走访"
    SUGGESTION = "suggestion", "合理化建议"
    MEETING = "meeting", "组织生活会议"
    APPRAISAL = "appraisal", "考评"
    INSPECTION = "inspection", "检查"


class FindingStatus(models.TextChoices):
    """整改闭环: the responsible side accepts, rectifies and resolves; the raising side verifies (销号) or reopens."""

    OPEN = "open", "待接收"
    ACCEPTED = "accepted", "已接收"
    RECTIFYING = "rectifying", "整改中"
    REOPENED = "reopened", "已退回重改"
    RESOLVED = "resolved", "待验证"
    CLOSED = "closed", "已销号"


class FindingTransition(models.TextChoices):
    ACCEPT = "accept", "接收"
    START = "start", "开始整改"
    RESOLVE = "resolve", "整改完成"
    VERIFY = "verify", "验证销号"
    REOPEN = "reopen", "退回重改"


class ExtensionStatus(models.TextChoices):
    PENDING = "pending", "待审批"
    APPROVED = "approved", "已批准"
    REFUSED = "refused", "未批准"


class FindingColour(models.TextChoices):
    """Three-colour escalation (三色预警) of a finding not yet resolved, from its stored dates (``Finding``)."""

    NONE = "", "正常"
    BLUE = "blue", "临近期限"
    YELLOW = "yellow", "进度滞后"
    RED = "red", "已逾期"


# States in which the responsible side owes work (the deadline runs and the colours apply).
FINDING_ACTIVE = (FindingStatus.OPEN, FindingStatus.ACCEPTED, FindingStatus.RECTIFYING, FindingStatus.REOPENED)
# Not yet under way: past ``yellow_from`` in one of these, a finding is behind schedule.
FINDING_NOT_STARTED = (FindingStatus.OPEN, FindingStatus.ACCEPTED)
# Blue: this many working days before the deadline (and on it).
BLUE_WORKDAYS = 3
# A finding's columns on the board, in the order of the loop.
BOARD_COLUMNS = (
    FindingStatus.OPEN, FindingStatus.ACCEPTED, FindingStatus.RECTIFYING, FindingStatus.REOPENED,
    FindingStatus.RESOLVED, FindingStatus.CLOSED,
)  # fmt: skip

# step: (states it leaves, state it reaches, action it needs, what must be written)
# CHANGE is the responsible side's (``access.FINDING``), REVIEW the raising side's.
FINDING_TRANSITIONS = {
    FindingTransition.ACCEPT: ((FindingStatus.OPEN,), FindingStatus.ACCEPTED, "change", ""),
    FindingTransition.START: ((FindingStatus.ACCEPTED,), FindingStatus.RECTIFYING, "change", ""),
    FindingTransition.RESOLVE: (
        (FindingStatus.RECTIFYING, FindingStatus.REOPENED),
        FindingStatus.RESOLVED,
        "change",
        "rectification",
    ),  # fmt: skip
    FindingTransition.VERIFY: ((FindingStatus.RESOLVED,), FindingStatus.CLOSED, "review", "evidence"),
    FindingTransition.REOPEN: ((FindingStatus.RESOLVED,), FindingStatus.REOPENED, "review", "note"),
}

FINDING_COLOURS = {
    FindingStatus.OPEN: "secondary",
    FindingStatus.ACCEPTED: "azure",
    FindingStatus.RECTIFYING: "blue",
    FindingStatus.REOPENED: "orange",
    FindingStatus.RESOLVED: "purple",
    FindingStatus.CLOSED: "green",
    ExtensionStatus.PENDING: "yellow",
    ExtensionStatus.APPROVED: "green",
    ExtensionStatus.REFUSED: "red",
}
