"""Constants of the campaigns app: kinds, states and which roles may do what."""

from django.db import models

from vanguard.org.access import ROSTER_VIEW_ROLES
from vanguard.org.choices import Role


class Theme(models.TextChoices):
    COST = "cost", "降本增效"
    AUTONOMY = "autonomy", "自主化管理"
    CREATION = "creation", "创建活动"
    CUSTOM = "custom", "其他"


class CampaignStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    ACTIVE = "active", "进行中"
    CLOSED = "closed", "已结束"


class Cadence(models.TextChoices):
    MONTHLY = "monthly", "每月"
    QUARTERLY = "quarterly", "每季度"
    HALF_YEARLY = "half_yearly", "每半年"


class Direction(models.TextChoices):
    HIGHER = "higher", "越高越好"
    LOWER = "lower", "越低越好"
    MILESTONE = "milestone", "里程碑(无数值)"


class Aggregation(models.TextChoices):
    """How children's values make the parent's: amounts add up, rates average by weight."""

    SUM = "sum", "累加(总量)"
    MEAN = "mean", "加权平均(比率)"


class TargetStatus(models.TextChoices):
    NOT_STARTED = "not_started", "未填报"
    ON_TRACK = "on_track", "正常"
    AT_RISK = "at_risk", "有风险"
    OFF_TRACK = "off_track", "滞后"
    DONE = "done", "已完成"
    OVERDUE = "overdue", "已逾期"


class StageKind(models.TextChoices):
    MONTH = "month", "月度"
    QUARTER = "quarter", "季度"
    HALF_YEAR = "half_year", "半年"


class ReportStatus(models.TextChoices):
    SUBMITTED = "submitted", "待审核"
    ACCEPTED = "accepted", "已通过"
    RETURNED = "returned", "已退回"


class LetterStatus(models.TextChoices):
    ISSUED = "issued", "已下达"
    ACKNOWLEDGED = "acknowledged", "已确认"


class CommitmentStatus(models.TextChoices):
    ACTIVE = "active", "推进中"
    FULFILLED = "fulfilled", "已兑现"
    UNFULFILLED = "unfulfilled", "未兑现"


class Rating(models.TextChoices):
    EXCELLENT = "excellent", "优秀"
    GOOD = "good", "良好"
    FAIR = "fair", "一般"
    POOR = "poor", "差"


# Who may do what. Everyone with a roster view sees the campaigns of their orgs;
# members see their own targets, letters and commitments.
VIEW_ROLES = ROSTER_VIEW_ROLES
CREATE_ROLES = frozenset({Role.COMMITTEE_ADMIN})
MANAGE_ROLES = frozenset({Role.COMMITTEE_ADMIN, Role.BRANCH_SECRETARY, Role.BRANCH_COMMITTEE})
REVIEW_ROLES = frozenset({Role.COMMITTEE_ADMIN, Role.BRANCH_SECRETARY})

# Status thresholds of the forecast: projected completion at the due date, in percent.
ON_TRACK_FROM = 100
AT_RISK_FROM = 60
# A target is "due" when its date is this many days away or nearer.
DUE_SOON_DAYS = 30

# Amount units a result in yuan (a project's accepted benefit) converts into: yuan per unit.
YUAN_UNITS = {"元": 1, "千元": 1000, "万元": 10_000, "百万元": 1_000_000, "亿元": 100_000_000}

STATUS_COLOURS = {
    TargetStatus.NOT_STARTED: "secondary",
    TargetStatus.ON_TRACK: "green",
    TargetStatus.AT_RISK: "yellow",
    TargetStatus.OFF_TRACK: "orange",
    TargetStatus.DONE: "blue",
    TargetStatus.OVERDUE: "red",
    ReportStatus.SUBMITTED: "yellow",
    ReportStatus.ACCEPTED: "green",
    ReportStatus.RETURNED: "red",
    LetterStatus.ISSUED: "yellow",
    LetterStatus.ACKNOWLEDGED: "green",
    CampaignStatus.DRAFT: "secondary",
    CampaignStatus.ACTIVE: "green",
    CampaignStatus.CLOSED: "secondary",
}
