"""The round the other tests build on, and the one rule every part of the app relies on: no role reads a ballot."""

from vanguard.core.choices import Action
from vanguard.org.choices import MembershipStatus

from ..models import Ballot, BallotMark, EvaluationRound, Voter
from ..selectors.ballots import ballot_tally, round_validity
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


def test_a_small_group_is_never_tallied_on_its_own(company):
    round_ = appraisal_round(company)
    subject = round_.subjects.first()
    for i, kind in enumerate(["masses"] * 4 + ["superior"]):
        ballot = Ballot.objects.create(round=round_, code=f"GROUP{i:07d}", cast=True, kind=kind)
        BallotMark.objects.create(ballot=ballot, subject=subject, choice="qualified" if kind == "masses" else "basic")
    tally = ballot_tally(round_, by_group=True)
    assert tally == {(subject.pk, None, "masses"): {"qualified": 4, "basic": 1}}


def test_a_round_stands_only_with_more_than_half_and_no_extra_ballots(company):
    round_ = appraisal_round(company)
    people = [subject.person for subject in round_.subjects.all()]
    for i, person in enumerate(people):
        Voter.objects.create(round=round_, person=person, has_voted=i < len(people) // 2)
    validity = round_validity(round_)
    assert (validity.due, validity.voted, validity.valid) == (len(people), len(people) // 2, False)
    assert "未超过 50%" in validity.message
    Voter.objects.filter(round=round_).update(has_voted=True)
    for i in range(len(people) + 1):
        Ballot.objects.create(round=round_, code=f"EXTRA{i:07d}", cast=True)
    validity = round_validity(round_)
    assert validity.void and not validity.valid and "无效" in validity.message
