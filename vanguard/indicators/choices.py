"""Constants of the indicators app: indicator kinds, directions and how months add up; where a value came
from. Competitions and talent add theirs below. Who may do what: ``access.py``."""

from django.db import models


class IndicatorKind(models.TextChoices):
    COST = "cost", "成本"
    OUTPUT = "output", "产量"
    QUALITY = "quality", "质量"
    EQUIPMENT = "equipment", "设备"
    SAFETY = "safety", "安全"
    FIVE_DEFENCE = "five_defence", "五防"
    CONTRACT = "contract", "合同兑现"
    CUSTOM = "custom", "自定义"


class Direction(models.TextChoices):
    HIGHER = "higher", "越高越好"
    LOWER = "lower", "越低越好"


class Aggregation(models.TextChoices):
    """How the months of a period (and the teams of a unit) add up to one figure."""

    SUM = "sum", "求和"
    MEAN = "mean", "平均"
    LAST = "last", "取期末值"
    WEIGHTED = "weighted", "按产量加权平均"


class ValueSource(models.TextChoices):
    MANUAL = "manual", "手工录入"
    IMPORT = "import", "导入"
    API = "api", "系统推送"


# ---- competitions
class CompetitionKind(models.TextChoices):
    LABOUR = "labour", "劳动竞赛"
    SKILLS = "skills", "技术比武"
    YOUTH_BRAND = "youth_brand", "青年文明号"
    SAFETY_POST = "safety_post", "青安岗"
    FIVE_SMALL = "five_small", "五小"
    CUSTOM = "custom", "自定义"


class Granularity(models.TextChoices):
    """How long one round of a competition runs: the standings and the red flag are per such period."""

    MONTH = "month", "月度"
    QUARTER = "quarter", "季度"
    YEAR = "year", "年度"


class ScoringMethod(models.TextChoices):
    INDICATORS = "indicators", "按指标计分"
    JUDGES = "judges", "评委打分"


class Normalisation(models.TextChoices):
    """How a team's figure is made comparable with teams of another size."""

    NONE = "none", "不折算"
    PER_HEAD = "per_head", "按人均"
    SIZE_BAND = "size_band", "按规模档次"


class VetoKind(models.TextChoices):
    SAFETY = "safety", "安全事故"
    QUALITY = "quality", "质量事故"
    ATTENDANCE = "attendance", "出勤率不达标"
    OTHER = "other", "其他"


class IncidentLevel(models.IntegerChoices):
    """Incident levels, least to most serious; a veto rule names the lowest level that disqualifies."""

    MINOR = 1, "轻微"
    GENERAL = 2, "一般"
    SERIOUS = 3, "较大"
    MAJOR = 4, "重大"


# ---- end competitions

# ---- talent


class TalentTitleKind(models.TextChoices):
    """What a talent title (人才称号) is: the three the enterprise names along its career channels, or its own."""

    EXPERT = "expert", "专家"
    CHIEF_TECHNICIAN = "chief_technician", "首席技师"
    TOP_TALENT = "top_talent", "尖子技术人才"
    CUSTOM = "custom", "自定义"


class NominationStatus(models.TextChoices):
    """Where a nomination (人才推荐) stands: nominated, assessed by its panel, then awarded or not."""

    NOMINATED = "nominated", "已推荐"
    ASSESSING = "assessing", "评审中"
    PASSED = "passed", "评审通过"
    FAILED = "failed", "未通过"
    AWARDED = "awarded", "已授予"
    WITHDRAWN = "withdrawn", "已撤回"


class AwardStatus(models.TextChoices):
    """A title held (人才称号授予). Expiry is read from the term's dates, never stored: an award past its end
    no longer counts whatever this says."""

    ACTIVE = "active", "有效"
    RENEWED = "renewed", "已复评续聘"
    REVOKED = "revoked", "已撤销"


class PlanRecordKind(models.TextChoices):
    TRAINING = "training", "培训"
    INCENTIVE = "incentive", "激励"


class StudioLevel(models.TextChoices):
    """职工创新工作室的命名级别."""

    NATIONAL = "national", "全国级"
    PROVINCIAL = "provincial", "省级"
    CITY = "city", "市级"
    COMPANY = "company", "公司级"
    PLANT = "plant", "分厂级"


class StudioReviewOutcome(models.TextChoices):
    """复核 of a studio: confirmed for another term, to rectify within the term, or its name withdrawn."""

    CONFIRMED = "confirmed", "复核通过"
    RECTIFY = "rectify", "限期整改"
    REVOKED = "revoked", "撤销命名"


TALENT_COLOURS = {
    NominationStatus.NOMINATED: "azure", NominationStatus.ASSESSING: "blue", NominationStatus.PASSED: "teal",
    NominationStatus.FAILED: "orange", NominationStatus.AWARDED: "green", NominationStatus.WITHDRAWN: "secondary",
    AwardStatus.ACTIVE: "green", AwardStatus.RENEWED: "teal", AwardStatus.REVOKED: "red",
    StudioReviewOutcome.CONFIRMED: "green", StudioReviewOutcome.RECTIFY: "orange", StudioReviewOutcome.REVOKED: "red",
}  # fmt: skip
# ---- end talent
