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
# isort: split
from .competitions import (
    BonusAward,
    BonusItem,
    Competition,
    CompetitionCategory,
    CompetitionEntry,
    CompetitionResult,
    CompetitionStanding,
    Judge,
    JudgeScore,
    Prize,
    RedFlag,
    RuleTier,
    ScoringRule,
    SizeBand,
    Veto,
    VetoRule,
)

# ---- end competitions
# ---- talent
from .studios import InnovationStudio, StudioProject, StudioReview
from .talent import (
    TalentAward,
    TalentCriterion,
    TalentNomination,
    TalentPlan,
    TalentPlanRecord,
    TalentScore,
    TalentTitle,
)

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
    "BonusAward",
    "BonusItem",
    "Competition",
    "CompetitionCategory",
    "CompetitionEntry",
    "CompetitionResult",
    "CompetitionStanding",
    "Judge",
    "JudgeScore",
    "Prize",
    "RedFlag",
    "RuleTier",
    "ScoringRule",
    "SizeBand",
    "Veto",
    "VetoRule",
    # ---- end competitions
    # ---- talent
    "InnovationStudio",
    "StudioProject",
    "StudioReview",
    "TalentAward",
    "TalentCriterion",
    "TalentNomination",
    "TalentPlan",
    "TalentPlanRecord",
    "TalentScore",
    "TalentTitle",
    # ---- end talent
]
