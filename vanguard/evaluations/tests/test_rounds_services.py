"""Rounds: the subjects each kind of scheme takes from the org on the tiny demo, the evaluators by the scheme's
groups, and the moves 筹备 → 已启动 → 评分中 → 投票中 with their checks."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from vanguard.core.events import subscribe
from vanguard.core.exceptions import ScopeError
from vanguard.core.models import AuditEvent
from vanguard.core.testing import database_fingerprint, fingerprint_changes
from vanguard.org.choices import SECTION_AND_ABOVE, MembershipStatus, PartyOrgKind
from vanguard.org.models import PartyMembership, PartyOrg, Person, Unit

from .. import events
from ..choices import EvaluatorKind, RoundStatus
from ..models import EvaluationScheme
from ..services import rounds as services
from .schemes_kit import agreed_sources  # noqa: F401

pytestmark = pytest.mark.usefixtures("agreed_sources")

YEAR = (datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))


def _create(company, code, org, actor="dangwei", **extra):
    now = timezone.now()
    return services.round_create(
        actor=company.users[actor], scheme=EvaluationScheme.objects.get(code=code), org=org,
        period_start=YEAR[0], period_end=YEAR[1], voting_opens=now, voting_closes=now + datetime.timedelta(days=7),
        **extra,
    )  # fmt: skip


def _covered_people(org):
    from vanguard.orglife.attendees import covered_units_q

    return Person.objects.filter(covered_units_q(org), is_active=True)


def test_members_of_a_branch_probationary_not_graded(company):
    on_probation = PartyMembership.objects.filter(party_org__path__startswith=company.branch.path).last()
    PartyMembership.objects.filter(pk=on_probation.pk).update(status=MembershipStatus.PROBATIONARY)
    round_ = _create(company, "democratic-appraisal", company.branch, actor="shuji")
    members = PartyMembership.objects.filter(party_org__path__startswith=company.branch.path)
    got = {s.person_id: s.graded for s in round_.subjects.all()}
    assert got == {m.person_id: m.status != MembershipStatus.PROBATIONARY for m in members}
    assert got[on_probation.person_id] is False
    voters = set(round_.evaluators.filter(votes=True, kind=EvaluatorKind.MASSES).values_list("person_id", flat=True))
    assert voters == set(got)  # every member of the branch votes


def test_branches_under_a_committee(company):
    round_ = _create(company, "four-best-branch", company.committee)
    branches = PartyOrg.objects.filter(kind=PartyOrgKind.BRANCH)
    assert set(round_.subjects.values_list("party_org_id", flat=True)) == set(branches.values_list("pk", flat=True))
    superiors = set(round_.evaluators.filter(kind=EvaluatorKind.SUPERIOR).values_list("person_id", flat=True))
    assert company.users["dangwei"].person.pk in superiors  # the office rates as superior
    assert round_.evaluators.filter(kind=EvaluatorKind.PEER, rates=True).exists()


def test_leadership_teams_under_the_committee(company):
    round_ = _create(company, "leadership-assessment", company.committee)
    teams = PartyOrg.objects.filter(kind=PartyOrgKind.GENERAL_BRANCH)
    assert set(round_.subjects.values_list("party_org_id", flat=True)) == set(teams.values_list("pk", flat=True))
    masses = round_.evaluators.filter(kind=EvaluatorKind.MASSES)
    assert masses.count() == PartyMembership.objects.count() and not masses.filter(rates=True).exists()
    assert masses.filter(votes=True).count() == masses.count()


def test_section_cadres_of_the_units_covered(company):
    round_ = _create(company, "one-cadre-one-plan", company.committee)
    cadres = _covered_people(company.committee).filter(cadre_level__in=SECTION_AND_ABOVE)
    assert cadres.exists()
    assert set(round_.subjects.values_list("person_id", flat=True)) == set(cadres.values_list("pk", flat=True))


def test_workers_of_the_units_covered(company):
    round_ = _create(company, "four-contest-worker", company.branch, actor="shuji")
    workers = _covered_people(company.branch).exclude(cadre_level__in=SECTION_AND_ABOVE)
    got = set(round_.subjects.values_list("person_id", flat=True))
    assert company.users["zhigong"].person.pk in got
    assert got == set(workers.values_list("pk", flat=True))


def test_teams_of_the_units_covered(company):
    scheme = EvaluationScheme.objects.get(code="four-best-branch")
    from ..services.schemes import scheme_copy

    teams = scheme_copy(actor=company.users["dangwei"], scheme=scheme, code="team-test", name="班组测试")
    EvaluationScheme.objects.filter(pk=teams.pk).update(subject_kind="team")
    teams.criteria.filter(source="meeting-compliance").update(source="target-progress")
    teams.criteria.filter(source="indicator-results").update(source="target-progress")
    round_ = _create(company, "team-test", company.branch, actor="shuji")
    from vanguard.orglife.attendees import covered_units_q

    expected = Unit.objects.filter(covered_units_q(company.branch, prefix=""), kind="team")
    assert company.team.pk in set(round_.subjects.values_list("unit_id", flat=True))
    assert set(round_.subjects.values_list("unit_id", flat=True)) == set(expected.values_list("pk", flat=True))


def test_a_secretary_runs_rounds_of_his_own_branch_only(company):
    before = database_fingerprint()
    with pytest.raises(ScopeError):
        _create(company, "democratic-appraisal", company.other_branch, actor="shuji")
    with pytest.raises(ScopeError):
        _create(company, "democratic-appraisal", company.branch, actor="dangyuan")
    assert not fingerprint_changes(before, database_fingerprint())


def test_an_incomplete_scheme_is_refused(company, monkeypatch):
    """Without the sources registered the seeded automatic criteria have no source: the round says so."""
    from .. import sources

    monkeypatch.setattr(sources, "_SOURCES", {})
    before = database_fingerprint()
    with pytest.raises(ValidationError) as caught:
        _create(company, "four-excellent-member", company.branch, actor="shuji")
    assert "方案尚不完整" in caught.value.messages[0]
    assert not fingerprint_changes(before, database_fingerprint())


def test_the_lifecycle_with_its_checks(company):
    seen = []
    subscribe(events.ROUND_TRANSITION, lambda change: seen.append((change.before, change.round.status)))
    round_ = _create(company, "democratic-appraisal", company.branch, actor="shuji")
    shuji = company.users["shuji"]
    # open → scoring is refused for a ballot-only scheme; voting comes straight after opening
    round_ = services.round_transition(actor=shuji, round_=round_, to=RoundStatus.OPEN, version=round_.version)
    before = database_fingerprint()
    with pytest.raises(ValidationError) as caught:
        services.round_transition(actor=shuji, round_=round_, to=RoundStatus.SCORING, version=round_.version)
    assert "方案没有评分指标" in caught.value.messages[0]
    with pytest.raises(ValidationError) as caught:
        services.round_transition(actor=shuji, round_=round_, to=RoundStatus.VOTING, version=round_.version - 1)
    assert "已被他人修改" in caught.value.messages[0]
    with pytest.raises(ScopeError):
        services.round_transition(actor=company.users["dangyuan"], round_=round_, to=RoundStatus.VOTING)
    assert not fingerprint_changes(before, database_fingerprint())
    round_ = services.round_transition(actor=shuji, round_=round_, to=RoundStatus.VOTING, version=round_.version)
    assert round_.status == RoundStatus.VOTING
    assert seen[-2:] == [(RoundStatus.DRAFT, RoundStatus.OPEN), (RoundStatus.OPEN, RoundStatus.VOTING)]
    moves = AuditEvent.objects.for_object(round_).filter(action=str(events.ROUND_TRANSITION))
    assert moves.count() == 2


def test_opening_needs_subjects_evaluators_and_a_window(company):
    round_ = _create(company, "democratic-appraisal", company.branch, actor="shuji")
    shuji = company.users["shuji"]
    round_.subjects.all().delete()
    round_.evaluators.all().delete()
    round_.voting_closes = timezone.now() - datetime.timedelta(hours=1)
    round_.voting_opens = round_.voting_closes - datetime.timedelta(days=1)
    round_.save()
    with pytest.raises(ValidationError) as caught:
        services.round_transition(actor=shuji, round_=round_, to=RoundStatus.OPEN, version=round_.version)
    assert caught.value.messages == [
        "还没有考评对象。",
        "方案有投票指标,还没有投票人。",
        "投票截止时间已过,请先修改投票时间。",
    ]


def test_subjects_and_evaluators_change_only_in_draft(company):
    round_ = _create(company, "democratic-appraisal", company.branch, actor="shuji")
    shuji, zhigong = company.users["shuji"], company.users["zhigong"].person
    with pytest.raises(ValidationError) as caught:
        services.subject_add(actor=shuji, round_=round_, person=round_.subjects.first().person)
    assert "已是本轮的考评对象" in caught.value.messages[0]
    with pytest.raises(ValidationError) as caught:
        services.evaluator_add(actor=shuji, round_=round_, person=zhigong, kind=EvaluatorKind.SUPERIOR)
    assert "方案没有“上级”评价群体" in caught.value.messages[0]
    evaluator = services.evaluator_add(actor=shuji, round_=round_, person=zhigong, kind=EvaluatorKind.MASSES,
                                       rates=False, votes=True)  # fmt: skip
    services.evaluator_remove(actor=shuji, round_=round_, evaluator=evaluator)
    round_ = services.round_transition(actor=shuji, round_=round_, to=RoundStatus.OPEN, version=round_.version)
    before = database_fingerprint()
    with pytest.raises(ValidationError) as caught:
        services.subject_remove(actor=shuji, round_=round_, subject=round_.subjects.first())
    assert "不能再修改" in caught.value.messages[0]
    assert not fingerprint_changes(before, database_fingerprint())


def test_one_cadre_one_plan_keeps_each_cadres_plan(company):
    round_ = _create(company, "one-cadre-one-plan", company.committee)
    office, cadre = company.users["dangwei"], round_.subjects.first()
    services.subject_plan_save(actor=office, round_=round_, subject=cadre, plan="一、轧制成材率提高 0.3 个百分点")
    round_.refresh_from_db()
    assert round_.subjects.get(pk=cadre.pk).plan.startswith("一、轧制成材率")
    round_ = services.round_transition(actor=office, round_=round_, to=RoundStatus.OPEN, version=round_.version)
    round_ = services.round_transition(actor=office, round_=round_, to=RoundStatus.SCORING, version=round_.version)
    appraisal = _create(company, "democratic-appraisal", company.branch, actor="shuji")
    before = database_fingerprint()
    with pytest.raises(ValidationError) as caught:
        services.subject_plan_save(actor=office, round_=round_, subject=cadre, plan="改")
    assert "个人目标与措施不能再修改" in caught.value.messages[0]
    with pytest.raises(ValidationError) as caught:
        services.subject_plan_save(actor=office, round_=appraisal, subject=appraisal.subjects.first(), plan="x")
    assert "不是一人一策" in caught.value.messages[0]
    assert not fingerprint_changes(before, database_fingerprint())


def test_the_demo_rounds(company):
    appraisal = EvaluationScheme.objects.get(code="democratic-appraisal")
    rounds = appraisal.rounds.filter(org=company.branch)
    # Last year's: its voting past, computed and published by the results area's demo (its vote stands).
    assert rounds.filter(period_end__year=2025, status=RoundStatus.PUBLISHED, voting_closes__lt=timezone.now()).exists()
    current = rounds.get(period_end__year=2026)
    assert current.status == RoundStatus.VOTING and current.voting_opens < timezone.now() < current.voting_closes
    assert current.subjects.filter(person=company.users["dangyuan"].person).exists()
    assert appraisal.rounds.filter(period_end__year=2025).count() == PartyOrg.objects.filter(kind="branch").count()
    four = EvaluationScheme.objects.get(code="four-best-branch").rounds.get()
    assert (
        four.status == RoundStatus.SCORING and four.subjects.count() == PartyOrg.objects.filter(kind="branch").count()
    )
