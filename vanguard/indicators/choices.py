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
# ---- end competitions

# ---- talent
# ---- end talent
