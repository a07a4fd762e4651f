"""The demo's ballots: a past round of shuji's branch gets about 85 % of its ballots cast with one member voted
不合格 by most; this year's round gets empty slots (dangyuan has not voted); a second build changes nothing."""

from vanguard.core.testing import database_fingerprint, fingerprint_changes

from ..demo import build_ballots
from ..models import Ballot, BallotMark, RoundSubject, Voter
from ..selectors.ballots import ballot_tally, round_validity
from .ballot_kit import shift_window
from .kit import appraisal_round, appraisal_scheme


def test_the_demo_fills_past_rounds_and_leaves_the_open_one_to_vote(company):
    scheme = appraisal_scheme()
    past = appraisal_round(company, scheme=scheme)
    shift_window(past, closed_ago=24 * 30)
    current = appraisal_round(company, scheme=scheme)
    build_ballots("tiny")
    due = Voter.objects.filter(round=past).count()
    voted = Voter.objects.filter(round=past, has_voted=True).count()
    assert voted == Ballot.objects.filter(round=past, cast=True).count() == round(due * 0.85)
    assert round_validity(past).valid
    tally = ballot_tally(past)
    weak = RoundSubject.objects.filter(round=past, graded=True).order_by("pk").last()
    counts = next(c for (subject, _criterion), c in tally.items() if subject == weak.pk)
    assert counts.get("unqualified", 0) + counts.get("basic", 0) == voted
    assert not Ballot.objects.filter(round=current, cast=True).exists()
    assert not Voter.objects.get(round=current, person=company.users["dangyuan"].person).has_voted
    assert BallotMark.objects.filter(ballot__round=current).exclude(choice="").count() == 0
    before = database_fingerprint()
    build_ballots("tiny")
    assert fingerprint_changes(before, database_fingerprint()) == []
