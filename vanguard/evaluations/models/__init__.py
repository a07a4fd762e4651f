"""Creation-and-appraisal campaigns (四好/四佳/四强/四优/四赛, 德能勤绩廉, 民主评议党员, 一人一策): schemes and
their criteria, rounds with subjects and evaluators, anonymous ballots, ratings and results, support plans.
A module per entity."""

from .ballots import Ballot, BallotMark, Voter

# ---- results
from .results import AdjustmentCase, BranchStar, Rating, VetoCase  # noqa: E402
from .rounds import EvaluationRound, RoundEvaluator, RoundResult, RoundSubject
from .schemes import AdjustmentItem, Criterion, EvaluationScheme, EvaluatorGroup, GradeBand, VetoRule

# ---- end results
# ---- support
from .support import (  # noqa: E402
    ResultGround,
    ReverseSituation,
    SupportFinding,
    SupportHelper,
    SupportMeasure,
    SupportPlan,
    SupportReview,
)

# ---- end support

__all__ = [
    "AdjustmentItem",
    "Ballot",
    "BallotMark",
    "Criterion",
    "EvaluationRound",
    "EvaluationScheme",
    "EvaluatorGroup",
    "GradeBand",
    "RoundEvaluator",
    "RoundResult",
    "RoundSubject",
    "VetoRule",
    "Voter",
    # ---- results
    "AdjustmentCase",
    "BranchStar",
    "Rating",
    "VetoCase",
    # ---- end results
    # ---- support
    "ResultGround",
    "ReverseSituation",
    "SupportFinding",
    "SupportHelper",
    "SupportMeasure",
    "SupportPlan",
    "SupportReview",
    # ---- end support
]
