"""How the months of a period, and the teams of a unit, add up to one figure by an indicator's aggregation.

One function for every reader (targets, pledges, competitions, trends), so a figure means the same on each
page. Values are ``Decimal``; a month without a value is missing, not zero.
"""

from decimal import Decimal

from .choices import Aggregation


def aggregate(aggregation, values, weights=None):
    """One figure from the ``values`` (in month order); ``weights`` (same order) for a weighted mean.
    None when there is nothing to add up (or no weight for a weighted mean)."""
    values = [v for v in values if v is not None]
    if not values:
        return None
    if aggregation == Aggregation.SUM:
        return sum(values, Decimal(0))
    if aggregation == Aggregation.LAST:
        return values[-1]
    if aggregation == Aggregation.WEIGHTED and weights:
        pairs = [(v, w) for v, w in zip(values, weights, strict=False) if w is not None]
        total = sum((w for _, w in pairs), Decimal(0))
        if not total:
            return None
        return sum((v * w for v, w in pairs), Decimal(0)) / total
    return sum(values, Decimal(0)) / len(values)


def better(direction, value, other):
    """Whether ``value`` is at least as good as ``other`` for an indicator of ``direction`` (higher or lower)."""
    from .choices import Direction

    return value >= other if direction == Direction.HIGHER else value <= other
