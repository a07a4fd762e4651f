"""The round the other tests build on, and the one rule every part of the app relies on: no role reads a ballot."""

from vanguard.core.choices import Action
from vanguard.org.choices import MembershipStatus

from ..models import Ballot, BallotMark, EvaluationRound
from ..selectors.ballots import ballot_tally
from .kit import appraisal_round


def test_a_branch_round_has_its_members_as_subjects_and_voters(company):
    round_ = appraisal_round(company)
    subjects = list(round_.subjects.select_related("person__membership"))
    assert subjects and round_.voters.count() == 0  # ballots are issued when voting starts (the ballots service)
    assert round_.evaluators.filter(votes=True).count() == len(subjects)
    for subject in subjects:
        assert subject.graded == (subject.person.membership.status != MembershipStatus.PROBATIONARY)


def test_no_role_reads_a_ballot_the_administrator_included(company):
    round_ = appraisal_round(company)
    subject = round_.subjects.first()
    ballot = Ballot.objects.create(round=round_, code="TESTCODE0001", cast=True)
    BallotMark.objects.create(ballot=ballot, subject=subject, choice="excellent")
    for name in ("admin", "dangwei", "shuji", "dangyuan"):
        user = company.users[name]
        assert not Ballot.objects.restrict(user, Action.VIEW).exists(), name
        assert not BallotMark.objects.restrict(user, Action.VIEW).exists(), name
    assert ballot_tally(round_) == {(subject.pk, None): {"excellent": 1}}
    assert EvaluationRound.objects.restrict(company.users["dangyuan"], Action.VIEW).filter(pk=round_.pk).exists()
    assert not EvaluationRound.objects.restrict(company.users["zhigong"], Action.VIEW).filter(pk=round_.pk).exists()
