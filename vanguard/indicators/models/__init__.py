"""Indicators (指标), their monthly values, targets and pledges; labour competitions (劳动竞赛, 技术比武, …)
and their scoring; talent titles (专家、首席技师、尖子技术人才) and innovation studios. A module per entity."""

from .indicators import (
    Indicator,
    IndicatorPeriod,
    IndicatorRollup,
    IndicatorTarget,
    IndicatorValue,
    IndicatorValueQuerySet,
    Pledge,
    ValueCorrection,
    rollup_figure,
)

# ---- competitions
# ---- end competitions

# ---- talent
# ---- end talent

__all__ = [
    "Indicator",
    "IndicatorPeriod",
    "IndicatorRollup",
    "IndicatorTarget",
    "IndicatorValue",
    "IndicatorValueQuerySet",
    "Pledge",
    "ValueCorrection",
    "rollup_figure",
    # ---- competitions
    # ---- end competitions
    # ---- talent
    # ---- end talent
]
