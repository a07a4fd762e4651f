"""Talent titles: nomination → panel scores → award with its term, re-assessment when the term ends, revocation;
the steps out of order or by the wrong role are refused in Chinese and change nothing."""

from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from vanguard.core.exceptions import ScopeError
from vanguard.core.models import AuditEvent
from vanguard.core.testing import database_fingerprint, fingerprint_changes
from vanguard.indicators.models import TalentAward, TalentTitle
from vanguard.indicators.selectors.talent import pool_people, pool_rows
from vanguard.indicators.services.talent import (
    talent_assessment_conclude,
    talent_award_grant,
    talent_award_revoke,
    talent_nominate,
    talent_nomination_withdraw,
    talent_panel_set,
    talent_scores_submit,
    term_end,
)
from vanguard.orglife.models import TrainingRecord


def _events(obj):
    return list(AuditEvent.objects.for_object(obj).order_by("id").values_list("action", flat=True))


@pytest.fixture
def title():
    return TalentTitle.objects.get(name="首席技师")


@pytest.fixture
def panel(company):
    return [company.users[name].person for name in ("banzhang", "dangyuan", "gonghui")]


@pytest.fixture
def nomination(company, title):
    return talent_nominate(
        actor=company.users["gonghui"], person=company.users["zhigong"].person, title=title, year=2026,
        reasons="穿孔机操作技能全厂第一", evidence="2025 年技术比武一等奖",
    )  # fmt: skip


def _sheet(title, share):
    return {c.pk: (c.max_score * Decimal(share)).quantize(Decimal("0.5")) for c in title.criteria.all()}


def _scored(company, nomination, panel, share=0.9):
    talent_panel_set(actor=company.users["gonghui"], nomination=nomination, assessors=panel)
    for person in panel:
        talent_scores_submit(actor=person.user, nomination=nomination, scores=_sheet(nomination.title, share))
    return nomination


def test_a_nomination_goes_through_the_panel_to_an_award_with_its_term(company, nomination, panel, title):
    assert nomination.status == "nominated" and nomination.nominator_name
    _scored(company, nomination, panel)
    nomination = talent_assessment_conclude(actor=company.users["gonghui"], nomination=nomination)
    assert nomination.status == "passed" and nomination.mean_score == Decimal("90.00")
    award = talent_award_grant(actor=company.users["dangwei"], nomination=nomination)
    today = timezone.localdate()
    assert (award.valid_from, award.valid_to) == (today, term_end(today, title.term_years))
    assert award.valid_to == today.replace(year=today.year + 3) - timedelta(days=1)
    assert award.counts_on(today) and TalentAward.objects.current(today).filter(pk=award.pk).exists()
    assert _events(nomination) == [
        "talent.nominate", "talent.panel", "talent.score", "talent.score", "talent.score", "talent.conclude",
        "talent.award",
    ]  # fmt: skip
    assert _events(award) == ["talent.award"]


def test_below_the_pass_line_the_nomination_fails_and_cannot_be_awarded(company, nomination, panel):
    _scored(company, nomination, panel, share=0.6)
    nomination = talent_assessment_conclude(actor=company.users["gonghui"], nomination=nomination)
    assert nomination.status == "failed" and nomination.mean_score < nomination.title.pass_score
    with pytest.raises(ValidationError, match="未通过"):
        talent_award_grant(actor=company.users["gonghui"], nomination=nomination)


def test_an_assessor_may_replace_his_sheet_while_the_assessment_is_open(company, nomination, panel):
    _scored(company, nomination, panel, share=0.6)
    leader = company.users["banzhang"]
    talent_scores_submit(actor=leader, nomination=nomination, scores=_sheet(nomination.title, 1))
    assert nomination.scores.filter(assessor=leader.person).count() == nomination.title.criteria.count()


def _refusals():
    """(label, call(company, nomination, panel), message): each refused without a trace."""
    return [
        ("worker nominates", lambda c, n, p: talent_nominate(actor=c.users["zhigong"], person=c.users["dangyuan"].person,
                                                              title=n.title, year=2026, reasons="x"), "工会干部"),
        ("union of another plant", lambda c, n, p: talent_nominate(actor=c.users["gonghui"],
                                                                    person=c.users["outsider"].person, title=n.title,
                                                                    year=2026, reasons="x"), "工会干部"),
        ("twice", lambda c, n, p: talent_nominate(actor=c.users["gonghui"], person=n.person, title=n.title, year=2026,
                                                   reasons="x"), "正在办理"),
        ("team leader forms the panel", lambda c, n, p: talent_panel_set(actor=c.users["banzhang"], nomination=n,
                                                                          assessors=p), "工会干部"),
        ("nominee on his panel", lambda c, n, p: talent_panel_set(actor=c.users["gonghui"], nomination=n,
                                                                   assessors=[*p, n.person]), "不能评审自己"),
        ("panel too small", lambda c, n, p: talent_panel_set(actor=c.users["gonghui"], nomination=n,
                                                              assessors=p[:2]), "至少需要 3 人"),
        ("scored before the panel", lambda c, n, p: talent_scores_submit(actor=c.users["banzhang"], nomination=n,
                                                                          scores={}), "不是该推荐的评审组成员"),
        ("awarded before assessment", lambda c, n, p: talent_award_grant(actor=c.users["gonghui"], nomination=n),
         "不能授予称号"),
        ("concluded before assessment", lambda c, n, p: talent_assessment_conclude(actor=c.users["gonghui"],
                                                                                    nomination=n), "不能作出评审结论"),
        ("withdrawn without reason", lambda c, n, p: talent_nomination_withdraw(actor=c.users["gonghui"], nomination=n,
                                                                                 reason=" "), "原因"),
    ]  # fmt: skip


@pytest.mark.parametrize("label,call,message", _refusals(), ids=[r[0] for r in _refusals()])
def test_a_step_out_of_order_or_by_the_wrong_role_changes_nothing(company, nomination, panel, label, call, message):
    before = database_fingerprint()
    with pytest.raises(ValidationError, match=message):
        call(company, nomination, panel)
    assert fingerprint_changes(before, database_fingerprint()) == []


def test_scores_are_refused_from_outside_the_panel_out_of_range_and_before_all_are_in(company, nomination, panel):
    talent_panel_set(actor=company.users["gonghui"], nomination=nomination, assessors=panel)
    before = database_fingerprint()
    with pytest.raises(ScopeError, match="评审组成员"):
        talent_scores_submit(actor=company.users["zhigong"], nomination=nomination, scores=_sheet(nomination.title, 1))
    too_much = {pk: value + 1 for pk, value in _sheet(nomination.title, 1).items()}
    with pytest.raises(ValidationError, match="得分须在 0 到"):
        talent_scores_submit(actor=company.users["banzhang"], nomination=nomination, scores=too_much)
    with pytest.raises(ValidationError, match="不是数字"):
        talent_scores_submit(actor=company.users["banzhang"], nomination=nomination,
                             scores=dict.fromkeys(_sheet(nomination.title, 1), "九十"))  # fmt: skip
    with pytest.raises(ValidationError, match="还有人未评分"):
        talent_assessment_conclude(actor=company.users["gonghui"], nomination=nomination)
    assert fingerprint_changes(before, database_fingerprint()) == []


def _award(company, nomination, panel):
    _scored(company, nomination, panel)
    talent_assessment_conclude(actor=company.users["gonghui"], nomination=nomination)
    return talent_award_grant(actor=company.users["gonghui"], nomination=nomination)


def test_an_award_stops_counting_when_its_term_ends_and_is_due_for_reassessment(company, nomination, panel):
    award = _award(company, nomination, panel)
    ends = award.valid_to
    assert TalentAward.objects.due_for_reassessment(ends - timedelta(days=100), ends - timedelta(days=10)).count() == (
        TalentAward.objects.due_for_reassessment(ends - timedelta(days=100), ends - timedelta(days=10))
        .exclude(pk=award.pk)
        .count()
    )
    assert TalentAward.objects.due_for_reassessment(ends - timedelta(days=80), ends).filter(pk=award.pk).exists()
    after = ends + timedelta(days=1)
    assert not award.counts_on(after)
    assert not TalentAward.objects.current(after).filter(pk=award.pk).exists()
    assert TalentAward.objects.expired(after).filter(pk=award.pk).exists()
    with time_machine.travel(timezone.make_aware(timezone.datetime.combine(after, timezone.datetime.min.time()))):
        people = pool_people(user=company.users["gonghui"], today=after)
        assert not people.filter(pk=award.person_id).exists()
        assert pool_people(user=company.users["gonghui"], today=after, state="expired").filter(pk=award.person_id)


def test_a_reassessment_continues_the_award_from_the_end_of_its_term(company, nomination, panel):
    award = _award(company, nomination, panel)
    today = timezone.localdate()
    again = talent_nominate(actor=company.users["gonghui"], person=award.person, title=award.title, year=2026,
                            reasons="聘期届满复评", renews=award)  # fmt: skip
    assert not TalentAward.objects.due_for_reassessment(today, award.valid_to).filter(pk=award.pk).exists()
    renewed = _award(company, again, panel)
    award.refresh_from_db()
    assert award.status == "renewed" and award.counts_on(today)
    assert renewed.valid_from == award.valid_to + timedelta(days=1)
    assert not TalentAward.objects.due_for_reassessment(today, renewed.valid_from).filter(pk=award.pk).exists()


def test_a_revoked_award_no_longer_counts_and_keeps_its_reason(company, nomination, panel):
    award = _award(company, nomination, panel)
    before = database_fingerprint()
    with pytest.raises(ValidationError, match="原因"):
        talent_award_revoke(actor=company.users["gonghui"], award=award, reason="")
    with pytest.raises(ScopeError):
        talent_award_revoke(actor=company.users["zhigong"], award=award, reason="自己撤销")
    assert fingerprint_changes(before, database_fingerprint()) == []
    award = talent_award_revoke(actor=company.users["gonghui"], award=award, reason="发生严重违章")
    assert award.status == "revoked" and not award.counts_on(timezone.localdate())
    assert award.revoke_reason == "发生严重违章" and _events(award)[-1] == "talent.revoke"
    with pytest.raises(ValidationError, match="不能撤销"):
        talent_award_revoke(actor=company.users["gonghui"], award=award, reason="再撤一次")


def test_the_pool_reads_training_hours_from_the_training_records(company):
    zhigong = company.users["zhigong"].person
    today = timezone.localdate()
    assert TalentAward.objects.current(today).filter(person=zhigong).exists()  # the demo gives him a title

    def hours():
        (row,) = pool_rows(user=company.users["gonghui"], person_ids=[zhigong.pk], year=today.year, today=today)
        return row.training_hours or Decimal(0)

    first = hours()
    TrainingRecord.objects.create(person=zhigong, title="首席技师带徒培训", date=today, hours=Decimal("6.5"))
    assert hours() == first + Decimal("6.5")


def test_the_pool_shows_a_skills_contest_placing_once_its_results_are_published(company):
    from vanguard.indicators.choices import CompetitionKind, ScoringMethod
    from vanguard.indicators.services import competitions as contests
    from vanguard.org.models import Unit

    office, zhigong = company.users["dangwei"], company.users["zhigong"].person
    contest = contests.competition_create(
        actor=office, unit=Unit.objects.get(depth=1), name="钳工技术比武", kind=CompetitionKind.SKILLS,
        year=2026, granularity="month", method=ScoringMethod.JUDGES, min_judges=1,
    )  # fmt: skip
    contests.competition_entries_add(actor=office, competition=contest, category=contest.categories.get(),
                                     people=[zhigong, company.users["dangyuan"].person])  # fmt: skip
    contests.competition_judges_set(actor=office, competition=contest, people=[company.users["shuji"].person])
    may = 2026 * 12 + 4
    for entry, score in zip(contest.entries.order_by("pk"), (95, 88), strict=True):
        contests.judge_score_sign(actor=company.users["shuji"], entry=entry, first_month=may, last_month=may,
                                  score=score)  # fmt: skip

    def placings():
        (row,) = pool_rows(user=office, person_ids=[zhigong.pk], year=2026, today=timezone.localdate())
        return row.placings

    assert placings() == []  # not final yet
    contests.competition_results_publish(actor=office, competition=contest, first_month=may, last_month=may)
    assert placings() == ["钳工技术比武 第1名"]
