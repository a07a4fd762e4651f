"""Writes of 帮促: the reverse situations (kept by the office), the grounds of a result (before publishing), and the
support plan of a member graded 不合格 (opened on publishing) or 基本合格 (opened by the secretary): its support
group, measures, follow-up reviews, closure, and the shortcomings raised as findings of the rectification loop.

Every function is keyword-only, atomic and audited; a refused write raises a Chinese ``ScopeError`` or
``ValidationError`` and changes nothing.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from vanguard.core.access import ensure_allowed
from vanguard.core.audit import audit, audit_many, snapshot
from vanguard.core.choices import Action
from vanguard.core.exceptions import ScopeError
from vanguard.core.services import check_version
from vanguard.org.models import PartyMembership, Person, User
from vanguard.voices.choices import FindingSource
from vanguard.voices.models import Finding
from vanguard.voices.services.findings import finding_create

from .. import events
from ..choices import SUPPORT_GRADES, Grade, RoundStatus, SupportOrigin, SupportOutcome, SupportStatus
from ..events import RoundChange
from ..models import (
    ResultGround,
    ReverseSituation,
    RoundResult,
    SupportFinding,
    SupportHelper,
    SupportMeasure,
    SupportPlan,
    SupportReview,
)

FIRST_REVIEW_DAYS = 30  # the first follow-up review falls a month after the plan is opened
PLAN_FIELDS = ["status", "shortcomings", "goal", "review_due", "outcome", "outcome_note", "rectify_by", "closed_on"]


def _text(value) -> str:
    return (value or "").strip()


def _bump(plan: SupportPlan, *fields: str) -> None:
    """Save ``fields`` of ``plan`` with its version moved on, so a form read before this write is refused."""
    plan.version += 1
    plan.save(update_fields=[*fields, "version", "updated_at"])


# ---------------------------------------------------------------- reverse situations (the office)


@transaction.atomic
def situation_save(
    *, actor: User, situation: ReverseSituation | None = None, code: str, category: str, name: str,
    description: str = "", order: int = 0, is_active: bool = True, expected_version: int | None = None,
) -> ReverseSituation:  # fmt: skip
    """Add a reverse situation or change one (the office); a retired one (``is_active`` off) is no longer offered."""
    if situation is None:
        ensure_allowed(actor, ReverseSituation, Action.ADD)
        situation = ReverseSituation()
    else:
        ensure_allowed(actor, situation, Action.CHANGE)
        check_version(situation, expected_version)
    before = snapshot(situation) if situation.pk else None
    for field, value in (("code", _text(code)), ("category", _text(category)), ("name", _text(name)),
                         ("description", _text(description)), ("order", order or 0), ("is_active", is_active)):  # fmt: skip
        setattr(situation, field, value)
    situation.full_clean()
    if situation.pk:
        situation.version += 1
    situation.save()
    audit(actor=actor, action=events.SITUATION_SAVE, obj=situation, before=before, after=snapshot(situation))
    return situation


# ---------------------------------------------------------------- grounds of a result (before publishing)


def _check_ground_result(actor: User, result: RoundResult) -> None:
    if not RoundResult.objects.restrict(actor, Action.CHANGE).filter(pk=result.pk).exists():
        raise ScopeError("只有本轮的组织者可以记录情形依据。")
    result = RoundResult.objects.select_related("round", "grade").get(pk=result.pk)  # the round's state as it is now
    if result.round.status == RoundStatus.PUBLISHED:
        raise ValidationError("结果已公布,情形依据不能再改动。")
    if result.grade is None or result.grade.code not in SUPPORT_GRADES:
        raise ValidationError("只有评为基本合格或不合格的结果需要记录情形依据。")


@transaction.atomic
def result_ground_add(*, actor: User, result: RoundResult, situation: ReverseSituation, note: str = "") -> ResultGround:
    """Record one reverse situation as a ground of a 不合格 or 基本合格 result, with what the member did."""
    _check_ground_result(actor, result)
    if not situation.is_active:
        raise ValidationError({"situation": f"情形“{situation.name}”已停用。"})
    if ResultGround.objects.filter(result=result, situation=situation).exists():
        raise ValidationError({"situation": f"已记录过情形“{situation.name}”。"})
    ground = ResultGround.objects.create(
        result=result, situation=situation, note=_text(note), recorded_by=actor, recorded_at=timezone.now()
    )
    audit(actor=actor, action=events.RESULT_GROUND_ADD, obj=ground, after=snapshot(ground))
    return ground


@transaction.atomic
def result_ground_remove(*, actor: User, ground: ResultGround) -> None:
    _check_ground_result(actor, ground.result)
    audit(actor=actor, action=events.RESULT_GROUND_REMOVE, obj=ground, before=snapshot(ground))
    ground.delete()


# ---------------------------------------------------------------- opening a plan


def _shortcomings_from_grounds(result: RoundResult) -> str:
    """The plan's first text: the grounds recorded with the result, one a line."""
    lines = []
    for ground in result.grounds.all():  # prefetched with their situations
        lines.append(f"{ground.situation.name}:{ground.note}" if ground.note else ground.situation.name)
    return "\n".join(lines)


def _new_plan(actor: User, result: RoundResult, origin: str, shortcomings: str = "") -> SupportPlan:
    today = timezone.localdate()
    return SupportPlan(
        round=result.round, result=result, org=result.round.org, member=result.subject.person, origin=origin,
        shortcomings=_text(shortcomings) or _shortcomings_from_grounds(result), opened_on=today, opened_by=actor,
        review_due=today + datetime.timedelta(days=FIRST_REVIEW_DAYS),
    )  # fmt: skip


@transaction.atomic
def support_plan_open(*, actor: User, result: RoundResult, shortcomings: str = "") -> SupportPlan:
    """Open a plan by hand (the branch secretary or the office) for a member graded 基本合格 or 不合格 in a
    published round; one plan per result."""
    result = (
        RoundResult.objects.select_related("round__org", "subject__person", "grade")
        .prefetch_related("grounds__situation")
        .get(pk=result.pk)
    )
    plan = _new_plan(actor, result, SupportOrigin.MANUAL, shortcomings)
    ensure_allowed(actor, result.round, Action.CHANGE)
    if result.round.status != RoundStatus.PUBLISHED:
        raise ValidationError("结果公布后才能建立帮促计划。")
    if result.subject.person_id is None or not result.subject.graded:
        raise ValidationError("只有参与定等的党员可以建立帮促计划。")
    if result.grade is None or result.grade.code not in SUPPORT_GRADES:
        raise ValidationError("只有评为基本合格或不合格的党员需要帮促。")
    if SupportPlan.objects.filter(result=result).exists():
        raise ValidationError(f"{result.subject.person.name} 的帮促计划已经建立。")
    plan.full_clean(exclude=["round", "result", "org", "member", "opened_by"])
    plan.save()
    audit(actor=actor, action=events.SUPPORT_PLAN_OPEN, obj=plan, after=snapshot(plan))
    return plan


def support_plans_open_for_round(change: RoundChange) -> list[SupportPlan]:
    """On publishing: a plan for each graded person whose result is 不合格 and who has none yet (again: none).

    Subscribed to ``ROUND_PUBLISHED`` in the publishing transaction, as the publisher."""
    results = (
        RoundResult.objects.filter(
            round=change.round, grade__code=Grade.UNQUALIFIED, subject__graded=True, subject__person__isnull=False
        )
        .exclude(support_plan__isnull=False)
        .select_related("round__org", "subject__person")
        .prefetch_related("grounds__situation")
        .order_by("pk")
    )
    plans = [_new_plan(change.actor, result, SupportOrigin.AUTO) for result in results]
    if plans:
        SupportPlan.objects.bulk_create(plans)
        audit_many(actor=change.actor, action=events.SUPPORT_PLAN_OPEN, changes=[(p, None, snapshot(p)) for p in plans])
    return plans


# ---------------------------------------------------------------- the plan, its group and its measures


def _writable(actor: User, plan: SupportPlan, expected_version) -> None:
    ensure_allowed(actor, plan, Action.CHANGE)
    check_version(plan, expected_version)
    if plan.closed:
        raise ValidationError("帮促计划已结束,不能再修改。")


def _check_helpers(plan: SupportPlan, helpers: list[Person], leader: Person | None) -> None:
    if not helpers:
        raise ValidationError({"helpers": "请确定帮促小组成员。"})
    if leader is None or leader not in helpers:
        raise ValidationError({"leader": "请从帮促小组成员中确定一名组长。"})
    if plan.member in helpers:
        raise ValidationError({"helpers": "帮促对象本人不能是帮促小组成员。"})
    branch_members = set(
        PartyMembership.objects.filter(
            person__in=helpers, party_org__path__startswith=plan.org.path, person__is_active=True
        ).values_list("person_id", flat=True)
    )
    strangers = [p.name for p in helpers if p.pk not in branch_members]
    if strangers:
        raise ValidationError({"helpers": f"{'、'.join(strangers)} 不是{plan.org.name}的在职党员。"})


@transaction.atomic
def support_plan_save(
    *, actor: User, plan: SupportPlan, expected_version: int | None, shortcomings: str, goal: str = "",
    helpers: list[Person], leader: Person | None, review_due: datetime.date | None = None,
) -> SupportPlan:  # fmt: skip
    """The secretary (or the office) writes what falls short, the aim, the next review and the support group."""
    _writable(actor, plan, expected_version)
    helpers = list(dict.fromkeys(helpers))
    _check_helpers(plan, helpers, leader)
    if not _text(shortcomings):
        raise ValidationError({"shortcomings": "请写明存在的主要问题。"})
    if review_due is not None and review_due < plan.opened_on:
        raise ValidationError({"review_due": "下次回访日期不能早于计划建立日期。"})
    before = {**snapshot(plan, PLAN_FIELDS), "helpers": _helper_names(plan)}
    plan.shortcomings, plan.goal, plan.review_due = _text(shortcomings), _text(goal), review_due
    plan.full_clean(exclude=["round", "result", "org", "member", "opened_by"])
    _bump(plan, "shortcomings", "goal", "review_due")
    plan.helpers.all().delete()
    SupportHelper.objects.bulk_create(SupportHelper(plan=plan, person=p, leader=p == leader) for p in helpers)
    after = {**snapshot(plan, PLAN_FIELDS), "helpers": _helper_names(plan)}
    audit(actor=actor, action=events.SUPPORT_PLAN_SAVE, obj=plan, before=before, after=after)
    return plan


def _helper_names(plan: SupportPlan) -> list[str]:
    return [f"{h.person.name}(组长)" if h.leader else h.person.name for h in plan.helpers.select_related("person")]


@transaction.atomic
def support_measure_save(
    *, actor: User, plan: SupportPlan, measure: SupportMeasure | None = None, content: str,
    due_date: datetime.date, responsible: Person, done_on: datetime.date | None = None,
    expected_version: int | None = None,
) -> SupportMeasure:  # fmt: skip
    """Add an improvement measure (what, by when, by whom) or change one; ``done_on`` marks it done."""
    _writable(actor, plan, None)
    if measure is None:
        measure = SupportMeasure(plan=plan)
    else:
        if measure.plan_id != plan.pk:
            raise ValidationError("措施不属于这个帮促计划。")
        check_version(measure, expected_version)
    if not _text(content):
        raise ValidationError({"content": "请填写措施内容。"})
    if due_date is None:
        raise ValidationError({"due_date": "请填写完成时限。"})
    if responsible is None:
        raise ValidationError({"responsible": "请确定落实人。"})
    people = {plan.member_id, *plan.helpers.values_list("person_id", flat=True)}
    if responsible.pk not in people:
        raise ValidationError({"responsible": "落实人须是帮促对象本人或帮促小组成员。"})
    if done_on is not None and done_on > timezone.localdate():
        raise ValidationError({"done_on": "完成日期不能晚于今天。"})
    before = snapshot(measure) if measure.pk else None
    measure.content, measure.due_date, measure.responsible, measure.done_on = (
        _text(content), due_date, responsible, done_on,
    )  # fmt: skip
    measure.full_clean()
    if measure.pk:
        measure.version += 1
    measure.save()
    audit(actor=actor, action=events.SUPPORT_MEASURE_SAVE, obj=measure, before=before, after=snapshot(measure))
    return measure


# ---------------------------------------------------------------- follow-up reviews and closure


@transaction.atomic
def support_review_add(
    *, actor: User, plan: SupportPlan, held_on: datetime.date, change: str,
    next_review: datetime.date | None = None,
) -> SupportReview:  # fmt: skip
    """A helper (or the secretary) records a follow-up review: the day, what has changed, the next review (a month
    on unless given)."""
    ensure_allowed(actor, plan, Action.REPORT)
    if plan.closed:
        raise ValidationError("帮促计划已结束,不能再记录回访。")
    today = timezone.localdate()
    if held_on is None or held_on > today:
        raise ValidationError({"held_on": "回访日期不能晚于今天。"})
    if held_on < plan.opened_on:
        raise ValidationError({"held_on": "回访日期不能早于计划建立日期。"})
    if not _text(change):
        raise ValidationError({"change": "请写明帮促对象的转变情况。"})
    if next_review is not None and next_review <= held_on:
        raise ValidationError({"next_review": "下次回访日期须晚于本次回访。"})
    review = SupportReview(
        plan=plan, held_on=held_on, change=_text(change), reviewer=getattr(actor, "person", None),
        recorded_by=actor, recorded_at=timezone.now(),
    )  # fmt: skip
    review.full_clean()
    review.save()
    plan.review_due = next_review or held_on + datetime.timedelta(days=FIRST_REVIEW_DAYS)
    _bump(plan, "review_due")
    audit(actor=actor, action=events.SUPPORT_REVIEW_ADD, obj=review, after=snapshot(review))
    return review


@transaction.atomic
def support_plan_close(
    *, actor: User, plan: SupportPlan, expected_version: int | None, outcome: str, note: str,
    rectify_by: datetime.date | None = None,
) -> SupportPlan:  # fmt: skip
    """The secretary ends the support: 转化, 限期改正 (with the deadline) or 组织处置, with a note; only after at
    least one follow-up review."""
    _writable(actor, plan, expected_version)
    if outcome not in SupportOutcome.values:
        raise ValidationError({"outcome": "请选择处置结果(" + "、".join(SupportOutcome.labels) + ")。"})
    if not _text(note):
        raise ValidationError({"note": "请写明处置说明。"})
    if not plan.reviews.exists():
        raise ValidationError("至少回访一次后才能结束帮促计划。")
    today = timezone.localdate()
    if outcome == SupportOutcome.RECTIFY and (rectify_by is None or rectify_by <= today):
        raise ValidationError({"rectify_by": "限期改正须确定晚于今天的改正期限。"})
    before = snapshot(plan, PLAN_FIELDS)
    plan.status, plan.outcome, plan.outcome_note = SupportStatus.CLOSED, outcome, _text(note)
    plan.rectify_by = rectify_by if outcome == SupportOutcome.RECTIFY else None
    plan.closed_on, plan.closed_by, plan.review_due = today, actor, None
    plan.full_clean(exclude=["round", "result", "org", "member", "opened_by", "closed_by"])
    _bump(plan, "status", "outcome", "outcome_note", "rectify_by", "closed_on", "closed_by", "review_due")
    audit(actor=actor, action=events.SUPPORT_PLAN_CLOSE, obj=plan, before=before, after=snapshot(plan, PLAN_FIELDS))
    return plan


# ---------------------------------------------------------------- shortcomings become findings


@transaction.atomic
def support_finding_raise(
    *, actor: User, plan: SupportPlan, title: str, deadline: datetime.date, description: str = "",
    measure: str = "",
) -> Finding:  # fmt: skip
    """Raise a shortcoming as a finding of the rectification loop: source 考评 (the round's name), raised in the
    branch's unit by the one raising it, the member answering for it. The plan lists it with its live status."""
    _writable(actor, plan, None)
    raised_by = getattr(actor, "person", None)
    if raised_by is None:
        raise ScopeError("提出问题须以本人名义,请使用有人员档案的账号。")
    raised_unit = plan.org.units.order_by("path").first()
    if raised_unit is None:
        raise ValidationError(f"{plan.org.name}尚未关联覆盖的单位,不能提出问题。")
    member = plan.member
    finding = finding_create(
        actor=actor, title=title, source_kind=FindingSource.APPRAISAL, source_ref=plan.round.name,
        raised_unit=raised_unit, raised_by=raised_by, responsible_unit=member.unit, responsible_person=member,
        deadline=deadline, description=description, measure=measure,
    )  # fmt: skip
    link = SupportFinding.objects.create(plan=plan, finding=finding)
    audit(
        actor=actor, action=events.SUPPORT_FINDING_RAISE, obj=plan, after={"finding": finding.number, "link": link.pk}
    )
    return finding
