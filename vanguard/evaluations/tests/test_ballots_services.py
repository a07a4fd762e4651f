"""Issuing, casting and sealing the anonymous ballots of shuji's branch round; every refusal changes nothing."""

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from vanguard.core.events import emit
from vanguard.core.exceptions import ScopeError
from vanguard.core.models import AuditEvent
from vanguard.core.testing import database_fingerprint, fingerprint_changes

from ..choices import EvaluatorKind, RoundStatus
from ..events import BALLOT_CAST, ROUND_TRANSITION, RoundChange
from ..models import Ballot, BallotMark, RoundEvaluator, RoundSubject, Voter
from ..selectors.ballots import ballot_tally, round_validity
from ..services import ballots as services
from .ballot_kit import ballot_state, full_ballot, shift_window, voter_users, voting_round
from .kit import appraisal_round


def _refused(round_, exc, match, **kwargs):
    before, prints = ballot_state(round_), database_fingerprint()
    with pytest.raises(exc, match=match):
        services.ballot_cast(round_=round_, **kwargs)
    assert ballot_state(round_) == before
    assert fingerprint_changes(prints, database_fingerprint()) == []


def test_entering_voting_issues_one_voter_and_one_empty_slot_per_person(company):
    round_ = appraisal_round(company, status=RoundStatus.SCORING)
    round_.status = RoundStatus.VOTING
    round_.save(update_fields=["status"])
    with transaction.atomic():
        emit(ROUND_TRANSITION, RoundChange(actor=company.users["shuji"], round=round_, before=RoundStatus.SCORING))
    persons = set(RoundEvaluator.objects.filter(round=round_, votes=True).values_list("person_id", flat=True))
    assert set(Voter.objects.filter(round=round_).values_list("person_id", flat=True)) == persons
    assert Ballot.objects.filter(round=round_, cast=False).count() == len(persons)
    subjects = RoundSubject.objects.filter(round=round_).count()
    assert BallotMark.objects.filter(ballot__round=round_, choice="").count() == len(persons) * subjects
    codes = list(Ballot.objects.filter(round=round_).values_list("code", flat=True))
    assert len(set(codes)) == len(codes) and all(len(code) == services.CODE_LENGTH for code in codes)
    # A second run changes nothing.
    before, prints = ballot_state(round_), database_fingerprint()
    assert services.ballots_issue(actor=None, round_=round_) == {"voters": 0, "ballots": 0}
    assert ballot_state(round_) == before and fingerprint_changes(prints, database_fingerprint()) == []


def test_a_group_too_small_to_hide_a_vote_is_issued_under_the_largest(company):
    round_ = appraisal_round(company)
    superior = RoundEvaluator.objects.filter(round=round_).first()
    superior.kind = EvaluatorKind.SUPERIOR
    superior.save()
    services.ballots_issue(actor=None, round_=round_)
    assert set(Ballot.objects.filter(round=round_).values_list("kind", flat=True)) == {EvaluatorKind.MASSES}
    assert Voter.objects.get(round=round_, person_id=superior.person_id).kind == EvaluatorKind.MASSES


def test_a_voter_casts_once_and_gets_a_code_that_names_nobody(company):
    round_ = voting_round(company)
    dangyuan = company.users["dangyuan"]
    code = services.ballot_cast(actor=dangyuan, round_=round_, marks=full_ballot(round_, "excellent"))
    assert Voter.objects.get(round=round_, person=dangyuan.person).has_voted
    ballot = Ballot.objects.get(round=round_, cast=True)
    assert ballot.code == code
    assert set(ballot.marks.values_list("choice", flat=True)) == {"excellent"}
    criterion = services.ballot_criteria(round_)[0]
    assert ballot_tally(round_) == {(s, criterion.pk): {"excellent": 1} for s in full_ballot(round_)}
    event = AuditEvent.objects.get(action=BALLOT_CAST.name)
    assert (event.object_type, event.before, event.after) == ("evaluations.voter", {"has_voted": False},
                                                              {"has_voted": True})  # fmt: skip
    stored = f"{event.before}{event.after}{event.object_repr}{event.object_id}"
    assert code not in stored and "excellent" not in stored and str(ballot.pk) not in stored
    _refused(round_, ValidationError, "已经投过票", actor=dangyuan, marks=full_ballot(round_))


def test_marks_by_subject_and_criterion_are_accepted(company):
    round_ = voting_round(company)
    criterion = services.ballot_criteria(round_)[0]
    marks = {(s, criterion.pk): "basic" for s in full_ballot(round_)}
    services.ballot_cast(actor=company.users["dangyuan"], round_=round_, marks=marks)
    assert {counts["basic"] for counts in ballot_tally(round_).values()} == {1}


def test_a_second_vote_racing_past_the_check_fails_on_the_database(company, monkeypatch):
    """Two tabs: both read ``has_voted`` false; the conditional UPDATE lets only the first through."""
    round_ = voting_round(company)
    dangyuan = company.users["dangyuan"]
    stale = Voter.objects.get(round=round_, person=dangyuan.person)
    services.ballot_cast(actor=dangyuan, round_=round_, marks=full_ballot(round_))
    monkeypatch.setattr(services, "cast_refusal", lambda **kwargs: stale)  # the check saw the old row
    _refused(round_, ValidationError, "已经投过票", actor=dangyuan, marks=full_ballot(round_))
    assert Ballot.objects.filter(round=round_, cast=True).count() == 1


@pytest.mark.parametrize(
    ("change", "match"),
    [
        (lambda r: shift_window(r, opens_in=2), "投票尚未开始"),
        (lambda r: shift_window(r, closed_ago=1), "投票已于"),
        (lambda r: r.__class__.objects.filter(pk=r.pk).update(status=RoundStatus.COMPUTED), "不在投票阶段"),
    ],
    ids=["before the window", "after the window", "round computed"],
)
def test_a_vote_outside_the_window_is_refused(company, change, match):
    round_ = voting_round(company)
    change(round_)
    round_.refresh_from_db()
    _refused(round_, ValidationError, match, actor=company.users["dangyuan"], marks=full_ballot(round_))


@pytest.mark.parametrize("persona", ["zhigong", "dangwei", "admin"])
def test_someone_not_on_the_roll_cannot_vote(company, persona):
    round_ = voting_round(company)
    _refused(round_, ScopeError, "不在本轮的投票人名单", actor=company.users[persona], marks=full_ballot(round_))


def test_a_ballot_must_mark_every_subject_with_one_of_the_choices(company):
    round_ = voting_round(company)
    dangyuan = company.users["dangyuan"]
    marks = full_ballot(round_)
    first = next(iter(marks))
    _refused(round_, ValidationError, "尚未选择", actor=dangyuan, marks={k: v for k, v in marks.items() if k != first})
    _refused(round_, ValidationError, "选择无效", actor=dangyuan, marks={**marks, first: "abstain"})
    _refused(round_, ValidationError, "不属于本轮", actor=dangyuan, marks={**marks, 999999: "qualified"})
    _refused(round_, ValidationError, "格式不正确", actor=dangyuan, marks={**marks, "x": "qualified"})


def test_abstaining_is_a_choice_the_scheme_offers(company):
    round_ = voting_round(company)
    scheme = round_.scheme
    scheme.ballot_choices = [*scheme.ballot_choices, {"code": "abstain", "label": "弃权", "points": None}]
    scheme.save()
    services.ballot_cast(actor=company.users["dangyuan"], round_=round_, marks=full_ballot(round_, "abstain"))
    assert {tuple(counts) for counts in ballot_tally(round_).values()} == {("abstain",)}


def test_sealing_rewrites_the_ballots_without_changing_a_count_or_a_code(company):
    round_ = voting_round(company)
    users = voter_users(round_)
    for index, user in enumerate(users[:4]):
        services.ballot_cast(actor=user, round_=round_, marks=full_ballot(round_, ["excellent", "basic"][index % 2]))
    tally, codes = ballot_tally(round_), set(Ballot.objects.filter(round=round_).values_list("code", "cast"))
    round_.status = RoundStatus.COMPUTED
    round_.save(update_fields=["status"])
    with transaction.atomic():
        emit(ROUND_TRANSITION, RoundChange(actor=company.users["shuji"], round=round_, before=RoundStatus.VOTING))
    assert ballot_tally(round_) == tally
    assert set(Ballot.objects.filter(round=round_).values_list("code", "cast")) == codes
    assert round_validity(round_).valid


def test_more_ballots_counted_than_voters_void_the_round_and_say_so(company):
    round_ = voting_round(company)
    for user in voter_users(round_):
        services.ballot_cast(actor=user, round_=round_, marks=full_ballot(round_))
    assert round_validity(round_).valid
    Ballot.objects.filter(round=round_).update(cast=True)
    Voter.objects.filter(round=round_).update(has_voted=False)
    Voter.objects.filter(pk=Voter.objects.filter(round=round_).first().pk).update(has_voted=True)
    validity = round_validity(round_)
    assert validity.void and not validity.valid and "无效" in validity.message


def test_a_round_is_valid_only_with_more_than_its_quorum(company):
    round_ = voting_round(company)
    users = voter_users(round_)
    half = len(users) // 2
    for user in users[:half]:
        services.ballot_cast(actor=user, round_=round_, marks=full_ballot(round_))
    assert not round_validity(round_).quorate or half * 2 > len(users)
    services.ballot_cast(actor=users[half], round_=round_, marks=full_ballot(round_))
    assert round_validity(round_).valid


def test_a_cast_costs_the_same_queries_whatever_the_number_of_subjects(company, monkeypatch):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from vanguard.org.models import Person

    from .kit import appraisal_scheme

    small = voting_round(company)
    large = appraisal_round(company, scheme=appraisal_scheme("large-appraisal"))
    taken = set(RoundSubject.objects.filter(round=large).values_list("person_id", flat=True))
    extra = Person.objects.exclude(pk__in=taken).order_by("pk")[:24]
    RoundSubject.objects.bulk_create([RoundSubject(round=large, person=p) for p in extra])
    services.ballots_issue(actor=None, round_=large)
    # The random start of the slot search at the lowest id: the first look always finds one.
    monkeypatch.setattr(services.uuid, "uuid4", lambda: services.uuid.UUID(int=0))
    counts = []
    assert company.users["dangyuan"].person  # the audit names the actor: read once per request, as a page has it
    for round_ in (small, large):
        with CaptureQueriesContext(connection) as queries:
            services.ballot_cast(actor=company.users["dangyuan"], round_=round_, marks=full_ballot(round_))
        counts.append(len(queries))
    assert RoundSubject.objects.filter(round=large).count() == 30
    assert counts[0] == counts[1] <= 14


def test_computing_a_voting_round_seals_its_ballots_and_reopening_issues_nothing_new(company):
    from ..events import BALLOTS_SEAL
    from ..services.results import round_compute, round_reopen

    round_ = voting_round(company)
    users = voter_users(round_)
    for user in users[: len(users) // 2 + 1]:
        services.ballot_cast(actor=user, round_=round_, marks=full_ballot(round_, "qualified"))
    tally = ballot_tally(round_)
    shift_window(round_, closed_ago=1)
    round_compute(actor=company.users["shuji"], round_=round_)
    assert AuditEvent.objects.for_object(round_).filter(action=BALLOTS_SEAL.name).count() == 1
    assert ballot_tally(round_) == tally
    slots = Ballot.objects.filter(round=round_).count()
    round_.refresh_from_db()
    round_reopen(actor=company.users["shuji"], round_=round_, to=RoundStatus.VOTING, reason="补充投票")
    assert Ballot.objects.filter(round=round_).count() == slots and ballot_tally(round_) == tally
