"""Rows for the 帮促 tests, written straight to the tables: a round over shuji's branch with computed results
(results come from the results area), dangyuan graded 不合格 and one other member 基本合格."""

from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from vanguard.core.events import emit

from ..choices import RoundStatus
from ..events import ROUND_PUBLISHED, RoundChange
from ..models import GradeBand, RoundResult
from .kit import appraisal_round


def graded_round(company, *, status=RoundStatus.COMPUTED, scheme=None):
    """The round with a result per subject: dangyuan 不合格, the first other graded member 基本合格, the rest 合格."""
    round_ = appraisal_round(company, status=status, scheme=scheme)
    bands = {b.code: b for b in GradeBand.objects.filter(scheme=round_.scheme)}
    dangyuan = company.users["dangyuan"].person
    basic_given = False
    for rank, subject in enumerate(round_.subjects.order_by("pk"), start=1):
        code = "qualified"
        if subject.person_id == dangyuan.pk:
            code = "unqualified"
        elif subject.graded and not basic_given:
            code, basic_given = "basic", True
        grade = bands[code] if subject.graded else None
        score = {"qualified": 80, "basic": 62, "unqualified": 40}[code]
        RoundResult.objects.create(
            round=round_, subject=subject, party_score=Decimal(score), total=Decimal(score), grade=grade, rank=rank
        )
    return round_


def publish(round_, actor):
    """What ``round_publish`` does for the support area: the state, then ``ROUND_PUBLISHED`` in its transaction."""
    with transaction.atomic():
        before = round_.status
        round_.status, round_.published_at = RoundStatus.PUBLISHED, timezone.now()
        round_.save(update_fields=["status", "published_at"])
        emit(ROUND_PUBLISHED, RoundChange(actor=actor, round=round_, before=before))
    return round_


def result_of(round_, person):
    return RoundResult.objects.select_related("round", "grade", "subject__person").get(
        round=round_, subject__person=person
    )


def branch_helpers(company, count=2):
    """Active members of shuji's branch other than dangyuan and shuji, each with a login: the support group."""
    from vanguard.org.models import Person, User

    users = company.users
    people = list(
        Person.objects.filter(membership__party_org__path__startswith=company.branch.path, is_active=True)
        .exclude(pk__in=[users["dangyuan"].person.pk, users["shuji"].person.pk])
        .select_related("user")
        .order_by("employee_no")[:count]
    )
    for person in people:
        if person.user_id is None:
            person.user = User.objects.create_user(username=f"helper{person.pk}", password="vanguard-demo")
            person.save(update_fields=["user"])
    return people


def plan_in_progress(company):
    """dangyuan's plan as it stands a while in: grounds recorded, published, a group of two, a measure, a review
    by shuji and a shortcoming raised as a finding. Built through the services (the tests read it)."""
    import datetime

    from ..models import ReverseSituation, SupportPlan
    from ..services import support as services

    shuji, today = company.users["shuji"], timezone.localdate()
    round_ = graded_round(company)
    result = result_of(round_, company.users["dangyuan"].person)
    services.result_ground_add(
        actor=shuji, result=result, situation=ReverseSituation.objects.get(code="org-life"), note="全年缺席 7 次"
    )
    publish(round_, shuji)
    plan = SupportPlan.objects.get(result=result)
    helpers = branch_helpers(company)
    services.support_plan_save(
        actor=shuji, plan=plan, expected_version=plan.version, shortcomings=plan.shortcomings, goal="按时参加组织生活",
        helpers=helpers, leader=helpers[0],
    )  # fmt: skip
    services.support_measure_save(
        actor=shuji, plan=plan, content="每月参加主题党日并交流发言", due_date=today + datetime.timedelta(days=60),
        responsible=plan.member,
    )  # fmt: skip
    services.support_review_add(actor=shuji, plan=plan, held_on=today, change="本月参加了主题党日")
    finding = services.support_finding_raise(
        actor=shuji, plan=plan, title="连续缺席组织生活", deadline=today + datetime.timedelta(days=30),
        measure="每月按时参加",
    )  # fmt: skip
    plan.refresh_from_db()
    return round_, plan, helpers, finding
