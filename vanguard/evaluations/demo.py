"""Demo rows of the evaluations app, a builder per area (registered in ``apps.py``, run in that order). Each
builds from whatever rounds the earlier builders left, by status, with bulk writes and no services per row."""

# ---- support
import datetime  # noqa: E402

from django.db import transaction  # noqa: E402
from django.db.models import Q  # noqa: E402
from django.utils import timezone  # noqa: E402

from vanguard.org.models import PartyMembership  # noqa: E402

from .choices import Grade, SupportOrigin, SupportStatus  # noqa: E402
from .situations import situations_ensure  # noqa: E402

SUPPORT_MEASURES = (
    ("每月参加主题党日和党小组会,并在会上交流思想", 90),
    ("结对学习党章党规,每季度写一篇学习体会", 180),
    ("在本岗位承担一项攻坚任务,由帮促小组组长跟踪", 120),
)
SUPPORT_REVIEW = "参加了本月主题党日,能主动交流;岗位任务按时完成,仍需巩固。"


def _branch_people(orgs):
    """``{org pk: [person pk …]}``: the active members of each org and the groups under it, in one query."""
    found = {org.pk: [] for org in orgs}
    if not orgs:
        return found
    under = Q()
    for org in orgs:
        under |= Q(party_org__path__startswith=org.path)
    rows = (
        PartyMembership.objects.filter(under, person__is_active=True)
        .order_by("person__employee_no")
        .values_list("party_org__path", "person_id")
    )
    for path, person_id in rows:
        for org in orgs:
            if path.startswith(org.path):
                found[org.pk].append(person_id)
    return found


@transaction.atomic
def build_support_demo(size, stdout=None, today=None):
    """A plan for each graded member of a published round whose result is 不合格 (the reverse situation of
    not taking part in organisational life recorded with the result), with a support group of two, three
    measures and one follow-up review; plans that publishing opened without a group get the same."""
    from .models import SupportPlan

    situations_ensure()
    today = today or timezone.localdate()
    plans = _new_plans(today)
    bare = (
        SupportPlan.objects.filter(round__status="published", status=SupportStatus.OPEN, helpers__isnull=True)
        .filter(reviews__isnull=True)
        .exclude(pk__in=[p.pk for p in plans])
        .select_related("org")
    )
    plans += list(bare)
    _fill(plans, today)
    if stdout is not None:
        stdout.write(f"  帮促计划 {len(plans)} 份")
    return plans


def _new_plans(today):
    from .models import ResultGround, ReverseSituation, RoundResult, SupportPlan

    results = list(
        RoundResult.objects.filter(
            round__status="published", grade__code=Grade.UNQUALIFIED, subject__graded=True,
            subject__person__isnull=False, support_plan__isnull=True,
        ).select_related("round__org", "subject__person").order_by("pk")
    )  # fmt: skip
    if not results:
        return []
    ground = ReverseSituation.objects.get(code="org-life")
    grounded = set(ResultGround.objects.filter(result__in=results).values_list("result_id", flat=True))
    plans = []
    for result in results:
        round_ = result.round
        published = round_.published_at.date() if round_.published_at else round_.period_end
        opened = min(max(published, today - datetime.timedelta(days=60)), today - datetime.timedelta(days=31))
        plans.append(SupportPlan(
            round=round_, result=result, org=round_.org, member=result.subject.person, origin=SupportOrigin.AUTO,
            status=SupportStatus.OPEN, shortcomings=f"{ground.name}:评议年度内多次无故缺席组织生活。",
            goal="按时参加组织生活,在岗位上发挥党员作用。", opened_on=opened, opened_by=round_.created_by,
            review_due=today + datetime.timedelta(days=20),
        ))  # fmt: skip
    SupportPlan.objects.bulk_create(plans, batch_size=500)
    ResultGround.objects.bulk_create(
        ResultGround(result=r, situation=ground, note="评议年度内多次无故缺席组织生活", recorded_by=r.round.created_by,
                     recorded_at=timezone.now())
        for r in results if r.pk not in grounded
    )  # fmt: skip
    return plans


def _fill(plans, today):
    """Each plan's group (the first two other members of its branch), measures and one review (a month after
    the plan was opened, never after today)."""
    from .models import SupportHelper, SupportMeasure, SupportReview

    people = _branch_people(list({p.org_id: p.org for p in plans}.values()))
    now = timezone.now()
    helpers, measures, reviews = [], [], []
    for plan in plans:
        group = [p for p in people[plan.org_id] if p != plan.member_id][:2]
        helpers += [SupportHelper(plan=plan, person_id=p, leader=n == 0) for n, p in enumerate(group)]
        leader = group[0] if group else None
        for n, (text, days) in enumerate(SUPPORT_MEASURES):
            who = plan.member_id if n != 2 or leader is None else leader
            measures.append(SupportMeasure(plan=plan, content=text, due_date=plan.opened_on + datetime.timedelta(days=days),
                                           responsible_id=who))  # fmt: skip
        held_on = max(min(plan.opened_on + datetime.timedelta(days=30), today), plan.opened_on)
        reviews.append(SupportReview(
            plan=plan, held_on=held_on, change=SUPPORT_REVIEW, reviewer_id=leader, recorded_by=plan.opened_by,
            recorded_at=now,
        ))  # fmt: skip
    SupportHelper.objects.bulk_create(helpers, batch_size=1000)
    SupportMeasure.objects.bulk_create(measures, batch_size=1000)
    SupportReview.objects.bulk_create(reviews, batch_size=1000)


# ---- end support
