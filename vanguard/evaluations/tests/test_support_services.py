"""帮促 services: the grounds of a result, plans opened on publishing (one per 不合格 graded member, again none),
by hand for 基本合格, the support group, measures, reviews, closure, and refusals that change nothing."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from vanguard.core.exceptions import ScopeError
from vanguard.core.models import AuditEvent
from vanguard.core.testing import database_fingerprint, fingerprint_changes

from ..choices import SupportOrigin, SupportOutcome, SupportStatus
from ..models import ReverseSituation, RoundResult, SupportPlan
from ..services import support as services
from ..situations import DEFAULT_SITUATIONS, situations_ensure
from .support_kit import branch_helpers, graded_round, publish, result_of


def _refused(call, error=ValidationError):
    before = database_fingerprint()
    with pytest.raises(error):
        call()
    assert fingerprint_changes(before, database_fingerprint()) == []


def _plan(company):
    round_ = publish(graded_round(company), company.users["shuji"])
    return SupportPlan.objects.get(round=round_)


def test_the_situations_are_seeded_and_ensure_puts_back_only_what_is_missing(company):
    assert ReverseSituation.objects.count() >= len(DEFAULT_SITUATIONS)
    edited = ReverseSituation.objects.get(code="dues")
    edited.name = "不按规定交纳党费(党委修订)"
    edited.save()
    ReverseSituation.objects.filter(code="law").delete()
    situations_ensure()
    situations_ensure()
    assert ReverseSituation.objects.get(code="dues").name == "不按规定交纳党费(党委修订)"
    assert ReverseSituation.objects.filter(code="law").count() == 1


def test_the_office_keeps_the_situations_and_a_secretary_may_not(company):
    situation = services.situation_save(
        actor=company.users["dangwei"], code="secret", category="纪律法规", name="泄露企业秘密", order=20
    )
    assert situation.pk and situation.version == 1
    _refused(
        lambda: services.situation_save(actor=company.users["shuji"], code="x", category="x", name="x"), ScopeError
    )
    services.situation_save(
        actor=company.users["dangwei"], situation=situation, code="secret", category="纪律法规", name="泄露企业秘密",
        is_active=False, expected_version=1,
    )  # fmt: skip
    _refused(lambda: services.situation_save(
        actor=company.users["dangwei"], situation=situation, code="secret", category="纪律法规", name="旧版本",
        expected_version=1,
    ))  # fmt: skip


def test_grounds_are_recorded_for_unqualified_and_basic_results_before_publishing(company):
    round_ = graded_round(company)
    shuji, dangyuan = company.users["shuji"], company.users["dangyuan"].person
    result = result_of(round_, dangyuan)
    situation = ReverseSituation.objects.get(code="org-life")
    ground = services.result_ground_add(actor=shuji, result=result, situation=situation, note="全年缺席 7 次")
    assert ground.recorded_by == shuji
    _refused(lambda: services.result_ground_add(actor=shuji, result=result, situation=situation))  # twice
    qualified = RoundResult.objects.filter(round=round_, grade__code="qualified").first()
    _refused(lambda: services.result_ground_add(actor=shuji, result=qualified, situation=situation))
    _refused(
        lambda: services.result_ground_add(actor=company.users["dangyuan"], result=result, situation=situation),
        ScopeError,
    )
    publish(round_, shuji)
    _refused(lambda: services.result_ground_remove(actor=shuji, ground=ground))  # published: fixed
    # The plan opened on publishing starts from the grounds.
    assert "无正当理由不参加组织生活:全年缺席 7 次" in SupportPlan.objects.get(result=result).shortcomings


def test_publishing_opens_exactly_one_plan_per_unqualified_graded_member(company):
    round_ = graded_round(company)
    shuji = company.users["shuji"]
    publish(round_, shuji)
    plans = list(SupportPlan.objects.filter(round=round_))
    assert [p.member for p in plans] == [company.users["dangyuan"].person]
    plan = plans[0]
    assert (plan.origin, plan.status, plan.org, plan.opened_by) == (
        SupportOrigin.AUTO,
        SupportStatus.OPEN,
        company.branch,
        shuji,
    )
    assert plan.review_due == timezone.localdate() + datetime.timedelta(days=30)
    assert AuditEvent.objects.filter(action="evaluation.support_plan_open", object_id=str(plan.pk)).count() == 1
    # Publishing again (or a second subscriber call) opens nothing more.
    publish(round_, shuji)
    assert SupportPlan.objects.filter(round=round_).count() == 1


def test_an_ungraded_person_gets_no_plan_whatever_the_grade(company):
    round_ = graded_round(company)
    dangyuan_subject = round_.subjects.get(person=company.users["dangyuan"].person)
    dangyuan_subject.graded = False
    dangyuan_subject.save()
    publish(round_, company.users["shuji"])
    assert not SupportPlan.objects.filter(round=round_).exists()


def test_the_secretary_opens_a_plan_by_hand_for_a_basic_member_once(company):
    round_ = graded_round(company)
    shuji = company.users["shuji"]
    basic = RoundResult.objects.select_related("round").get(round=round_, grade__code="basic")
    _refused(lambda: services.support_plan_open(actor=shuji, result=basic))  # not yet published
    publish(round_, shuji)
    _refused(lambda: services.support_plan_open(actor=company.users["dangyuan"], result=basic), ScopeError)
    plan = services.support_plan_open(actor=shuji, result=basic)
    assert plan.origin == SupportOrigin.MANUAL and plan.member == basic.subject.person
    _refused(lambda: services.support_plan_open(actor=shuji, result=basic))  # once
    qualified = RoundResult.objects.filter(round=round_, grade__code="qualified").first()
    _refused(lambda: services.support_plan_open(actor=shuji, result=qualified))


def test_the_support_group_is_of_the_branch_with_one_leader(company):
    plan = _plan(company)
    shuji = company.users["shuji"]
    helpers = branch_helpers(company)
    _refused(lambda: services.support_plan_save(
        actor=shuji, plan=plan, expected_version=plan.version, shortcomings="组织观念淡薄", helpers=helpers,
        leader=None,
    ))  # fmt: skip
    _refused(lambda: services.support_plan_save(
        actor=shuji, plan=plan, expected_version=plan.version, shortcomings="组织观念淡薄",
        helpers=[*helpers, plan.member], leader=helpers[0],
    ))  # fmt: skip
    stranger = company.users["zhigong"].person  # not a member of the branch
    _refused(lambda: services.support_plan_save(
        actor=shuji, plan=plan, expected_version=plan.version, shortcomings="组织观念淡薄",
        helpers=[helpers[0], stranger], leader=helpers[0],
    ))  # fmt: skip
    services.support_plan_save(
        actor=shuji, plan=plan, expected_version=plan.version, shortcomings="组织观念淡薄", goal="按时参加组织生活",
        helpers=helpers, leader=helpers[0],
    )  # fmt: skip
    assert [(h.person, h.leader) for h in plan.helpers.all()] == [(helpers[0], True), (helpers[1], False)]
    _refused(lambda: services.support_plan_save(  # a stale form
        actor=shuji, plan=plan, expected_version=1, shortcomings="改", helpers=helpers, leader=helpers[1],
    ))  # fmt: skip


def test_measures_reviews_and_closure(company):
    plan = _plan(company)
    shuji, today = company.users["shuji"], timezone.localdate()
    helpers = branch_helpers(company)
    services.support_plan_save(
        actor=shuji, plan=plan, expected_version=plan.version, shortcomings="组织观念淡薄", helpers=helpers,
        leader=helpers[0],
    )  # fmt: skip
    measure = services.support_measure_save(
        actor=shuji, plan=plan, content="每月参加主题党日", due_date=today + datetime.timedelta(days=60),
        responsible=plan.member,
    )  # fmt: skip
    _refused(lambda: services.support_measure_save(
        actor=shuji, plan=plan, content="由外人落实", due_date=today, responsible=company.users["zhigong"].person,
    ))  # fmt: skip
    services.support_measure_save(
        actor=shuji, plan=plan, measure=measure, content=measure.content, due_date=measure.due_date,
        responsible=plan.member, done_on=today, expected_version=measure.version,
    )  # fmt: skip
    _refused(lambda: services.support_plan_close(
        actor=shuji, plan=plan, expected_version=plan.version, outcome=SupportOutcome.TRANSFORMED, note="已转变",
    ))  # no review yet  # fmt: skip
    helper_user = helpers[0].user
    review = services.support_review_add(
        actor=helper_user,
        plan=plan,
        held_on=today,
        change="参加了主题党日",
        next_review=today + datetime.timedelta(days=30),
    )
    assert review.reviewer == helpers[0]
    plan.refresh_from_db()
    assert plan.review_due == today + datetime.timedelta(days=30)
    _refused(lambda: services.support_review_add(
        actor=helper_user, plan=plan, held_on=today + datetime.timedelta(days=1), change="明天的事",
    ))  # fmt: skip
    _refused(lambda: services.support_review_add(
        actor=company.users["dangyuan"], plan=plan, held_on=today, change="自己回访自己",
    ), ScopeError)  # fmt: skip
    _refused(lambda: services.support_plan_close(  # a helper does not close
        actor=helper_user, plan=plan, expected_version=plan.version, outcome=SupportOutcome.TRANSFORMED, note="好",
    ), ScopeError)  # fmt: skip
    _refused(lambda: services.support_plan_close(
        actor=shuji, plan=plan, expected_version=plan.version, outcome=SupportOutcome.RECTIFY, note="再看看",
    ))  # a deadline is needed  # fmt: skip
    services.support_plan_close(
        actor=shuji, plan=plan, expected_version=plan.version, outcome=SupportOutcome.TRANSFORMED, note="已转变"
    )
    plan.refresh_from_db()
    assert (plan.status, plan.outcome, plan.closed_on, plan.review_due) == (
        SupportStatus.CLOSED,
        SupportOutcome.TRANSFORMED,
        today,
        None,
    )
    _refused(lambda: services.support_review_add(actor=shuji, plan=plan, held_on=today, change="结束后"))
