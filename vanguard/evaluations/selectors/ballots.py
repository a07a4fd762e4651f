"""Reads of the anonymous ballots: the tally the results are computed from. Only counts leave this module;
no caller ever sees a ballot row."""

from collections import defaultdict

from django.db.models import Count

from ..models import BallotMark


def ballot_tally(round_) -> dict:
    """``{(subject_id, criterion_id or None): {choice: count}}`` over the cast ballots of ``round_``."""
    rows = (
        BallotMark.objects.filter(ballot__round=round_, ballot__cast=True)
        .values_list("subject_id", "criterion_id", "choice")
        .annotate(n=Count("pk"))
        .order_by()
    )
    tally = defaultdict(dict)
    for subject_id, criterion_id, choice, n in rows:
        tally[(subject_id, criterion_id)][choice] = n
    return dict(tally)
