"""The support demo builds on whatever published rounds exist: a plan per 不合格 graded member, with a group,
measures, a review and the ground; again: nothing more."""

from django.utils import timezone

from ..choices import RoundStatus
from ..demo import build_support_demo
from ..models import ResultGround, ReverseSituation, SupportPlan
from .support_kit import graded_round


def test_the_demo_opens_plans_for_the_published_unqualified_members_once(company):
    round_ = graded_round(company, status=RoundStatus.PUBLISHED)
    ResultGround.objects.all().delete()  # a live server after a flush: the situations come back
    ReverseSituation.objects.all().delete()
    plans = build_support_demo("tiny", today=timezone.localdate())
    assert [p.member for p in plans] == [company.users["dangyuan"].person]
    plan = SupportPlan.objects.get(round=round_)
    assert plan.helpers.count() == 2 and plan.helpers.filter(leader=True).count() == 1
    assert plan.measures.count() == 3 and plan.reviews.count() == 1
    assert plan.result.grounds.get().situation.code == "org-life"
    assert plan.reviews.get().held_on <= timezone.localdate()
    assert build_support_demo("tiny", today=timezone.localdate()) == []
    assert SupportPlan.objects.filter(round=round_).count() == 1


def test_a_plan_publishing_opened_gets_its_group_from_the_demo(company):
    from .support_kit import publish

    round_ = publish(graded_round(company), company.users["shuji"])
    plan = SupportPlan.objects.get(round=round_)
    assert not plan.helpers.exists()
    assert [p.pk for p in build_support_demo("tiny", today=timezone.localdate())] == [plan.pk]
    assert plan.helpers.count() == 2 and plan.measures.count() == 3
    assert plan.reviews.get().held_on == timezone.localdate()  # opened today: reviewed today, not in the future
