"""Writes of talent (人才): titles, nomination → panel assessment → award with its term, re-assessment (复评) at
the end of a term, revocation; the plans (《人才培养使用规划》) and their ledger.

Every function is keyword-only, atomic, audited and declares its event; a step out of order or by the wrong
role is refused in Chinese (``ValidationError`` / ``ScopeError``) before anything is written.
"""

import calendar
import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from vanguard.core.access import may
from vanguard.core.audit import audit, snapshot
from vanguard.core.choices import Action
from vanguard.core.events import emit
from vanguard.core.exceptions import ScopeError
from vanguard.core.services import check_version
from vanguard.org.models import Person, Unit, User

from .. import events
from ..choices import AwardStatus, NominationStatus, PlanRecordKind
from ..models import (
    TalentAward,
    TalentCriterion,
    TalentNomination,
    TalentPlan,
    TalentPlanRecord,
    TalentScore,
    TalentTitle,
)

REFUSED_MANAGE = "只有党委管理员或被推荐人所在单位的工会干部可以办理此步骤。"
REFUSED_SCORE = "您不是该推荐的评审组成员,不能评分。"
TITLE_FIELDS = (
    "name",
    "kind",
    "channel",
    "term_years",
    "pass_score",
    "min_assessors",
    "description",
    "active",
    "order",
)


def _text(value) -> str:
    return (value or "").strip()


def _ensure(actor, obj, action, message):
    if not may(actor, action, obj):
        raise ScopeError(message)


def _state(nomination, *allowed, doing):
    if nomination.status not in allowed:
        raise ValidationError(f"该推荐当前为“{nomination.get_status_display()}”,不能{doing}。")


def _decimal(raw, label):
    try:
        value = raw if isinstance(raw, Decimal) else Decimal(str(raw).strip())
    except (InvalidOperation, ValueError, TypeError):
        raise ValidationError(f"{label}“{str(raw)[:20]}”不是数字。") from None
    if not value.is_finite():
        raise ValidationError(f"{label}必须是有限的数字。")
    return value


def term_end(valid_from: datetime.date, years: int) -> datetime.date:
    """The last day of a term of ``years`` from ``valid_from`` (a term from 29 February ends on 27 February)."""
    year = valid_from.year + years
    day = min(valid_from.day, calendar.monthrange(year, valid_from.month)[1])
    return datetime.date(year, valid_from.month, day) - datetime.timedelta(days=1)


# ---------------------------------------------------------------- titles


@transaction.atomic
def talent_title_save(
    *, actor: User, title: TalentTitle | None = None, data: dict, criteria: list | None = None,
    unit: Unit | None = None, expected_version=None,
) -> TalentTitle:  # fmt: skip
    """Create or change a title; ``criteria`` ([(name, max_score), …]) replaces its criteria when given."""
    before = snapshot(title) if title else None
    if title is None:
        title = TalentTitle(unit=unit)
    else:
        check_version(title, expected_version)
        _ensure(actor, title, Action.CHANGE, "您不能修改这个称号。")
    for name in TITLE_FIELDS:
        if name in data:
            setattr(title, name, _text(data[name]) if isinstance(data[name], str) else data[name])
    title.full_clean(validate_unique=False)
    if TalentTitle.objects.filter(name=title.name, channel=title.channel).exclude(pk=title.pk).exists():
        raise ValidationError({"name": f"“{title.name}”已在该通道设立。"})
    title.version = (title.version or 0) + (1 if before else 0)
    title.save()
    if before is None and not TalentTitle.objects.restrict(actor, Action.ADD).filter(pk=title.pk).exists():
        raise ScopeError("公司称号由党委管理员设立,单位自设称号由该单位的工会干部设立。")
    if criteria is not None:
        _replace_criteria(title, criteria)
    audit(actor=actor, action=events.TALENT_TITLE_SAVE, obj=title, before=before, after=snapshot(title))
    emit(events.TALENT_TITLE_SAVE)
    return title


def _replace_criteria(title, criteria):
    rows = [(_text(name), _decimal(score, "满分")) for name, score in criteria if _text(name)]
    if not rows:
        raise ValidationError({"criteria": "请至少设置一项评审标准。"})
    if any(score <= 0 for _, score in rows):
        raise ValidationError({"criteria": "每项评审标准的满分须大于 0。"})
    if TalentScore.objects.filter(criterion__title=title).exists():
        raise ValidationError({"criteria": "该称号已有评分,评审标准不能再改。"})
    title.criteria.all().delete()
    TalentCriterion.objects.bulk_create(
        TalentCriterion(title=title, name=name, max_score=score, order=i) for i, (name, score) in enumerate(rows, 1)
    )


# ---------------------------------------------------------------- nomination → assessment → award


def _nominator_name(actor):
    person = getattr(actor, "person", None)
    return person.name if person else actor.get_username()


@transaction.atomic
def talent_nominate(
    *, actor: User, person: Person, title: TalentTitle, year: int, reasons: str, evidence: str = "",
    nominator_name: str = "", renews: TalentAward | None = None,
) -> TalentNomination:  # fmt: skip
    """推荐 a person for a title (or, with ``renews``, for re-assessment of the award whose term ends)."""
    reasons = _text(reasons)
    if not reasons:
        raise ValidationError({"reasons": "请填写推荐理由。"})
    if not title.active:
        raise ValidationError({"title": f"称号“{title.name}”已停用。"})
    if not person.is_active:
        raise ValidationError({"person": f"{person.name} 已不在职。"})
    if person.channel and person.channel != title.channel:
        raise ValidationError({"title": f"{person.name}属于{person.get_channel_display()}通道,不能推荐为“{title}”。"})
    if renews is not None and (renews.person_id != person.pk or renews.title_id != title.pk):
        raise ValidationError({"renews": "复评须是同一人、同一称号。"})
    if renews is not None and renews.status != AwardStatus.ACTIVE:
        raise ValidationError({"renews": "该称号已撤销或已复评,不能再复评。"})
    if TalentNomination.objects.open().filter(person=person, title=title).exists():
        raise ValidationError(f"{person.name}已有“{title.name}”的推荐正在办理。")
    nomination = TalentNomination(
        person=person, title=title, year=year, nominated_by=actor, reasons=reasons, evidence=_text(evidence),
        nominator_name=_text(nominator_name) or _nominator_name(actor), renews=renews,
    )  # fmt: skip
    nomination.full_clean(exclude=["panel"])
    nomination.save()
    if not TalentNomination.objects.restrict(actor, Action.ADD).filter(pk=nomination.pk).exists():
        raise ScopeError(REFUSED_MANAGE)
    return _record(actor, events.TALENT_NOMINATE, nomination, None)


def _record(actor, event, obj, before):
    audit(actor=actor, action=event, obj=obj, before=before, after=snapshot(obj))
    emit(event, events.TalentChange(actor=actor, obj=obj))
    return obj


@transaction.atomic
def talent_panel_set(*, actor: User, nomination: TalentNomination, assessors: list[Person]) -> TalentNomination:
    """组建评审组 and open the assessment: at least the title's number of assessors, never the nominee."""
    _ensure(actor, nomination, Action.CHANGE, REFUSED_MANAGE)
    _state(nomination, NominationStatus.NOMINATED, doing="组建评审组")
    assessors = list({p.pk: p for p in assessors}.values())
    if any(p.pk == nomination.person_id for p in assessors):
        raise ValidationError({"assessors": "被推荐人不能评审自己。"})
    if len(assessors) < nomination.title.min_assessors:
        raise ValidationError({"assessors": f"评审组至少需要 {nomination.title.min_assessors} 人。"})
    if any(not p.is_active for p in assessors):
        raise ValidationError({"assessors": "评审组成员须在职。"})
    before = snapshot(nomination)
    nomination.panel.set(assessors)
    nomination.status = NominationStatus.ASSESSING
    nomination.version += 1
    nomination.save(update_fields=["status", "version", "updated_at"])
    return _record(actor, events.TALENT_PANEL, nomination, before)


@transaction.atomic
def talent_scores_submit(*, actor: User, nomination: TalentNomination, scores: dict) -> list[TalentScore]:
    """An assessor's score sheet: every criterion of the title, each from 0 to its maximum; a second sheet from
    him replaces his first while the assessment is open."""
    if not may(actor, Action.REVIEW, nomination):
        raise ScopeError(REFUSED_SCORE)
    _state(nomination, NominationStatus.ASSESSING, doing="评分")
    assessor = actor.person
    criteria = list(nomination.title.criteria.all())
    rows = []
    for criterion in criteria:
        raw = scores.get(criterion.pk, scores.get(str(criterion.pk)))
        if raw in (None, ""):
            raise ValidationError(f"请为“{criterion.name}”打分。")
        value = _decimal(raw, criterion.name)
        if value < 0 or value > criterion.max_score:
            raise ValidationError(f"“{criterion.name}”的得分须在 0 到 {criterion.max_score:g} 之间。")
        rows.append(TalentScore(nomination=nomination, assessor=assessor, criterion=criterion, score=value,
                                at=timezone.now()))  # fmt: skip
    if not rows:
        raise ValidationError("该称号没有评审标准,请先设置。")
    TalentScore.objects.filter(nomination=nomination, assessor=assessor).delete()
    TalentScore.objects.bulk_create(rows)
    total = sum(r.score for r in rows)
    audit(actor=actor, action=events.TALENT_SCORE, obj=nomination, after={"assessor": assessor.pk, "total": total})
    emit(events.TALENT_SCORE, events.TalentChange(actor=actor, obj=nomination))
    return rows


def panel_totals(nomination) -> dict[int, Decimal]:
    """Each assessor's total, for those who scored every criterion (one query)."""
    from django.db.models import Count, Sum

    wanted = nomination.title.criteria.count()
    rows = (
        TalentScore.objects.filter(nomination=nomination)
        .values("assessor_id")
        .annotate(total=Sum("score"), n=Count("pk"))
    )
    return {r["assessor_id"]: r["total"] for r in rows if r["n"] == wanted}


@transaction.atomic
def talent_assessment_conclude(*, actor: User, nomination: TalentNomination) -> TalentNomination:
    """评审结论: once every panel member has scored, the mean total against the title's pass line."""
    _ensure(actor, nomination, Action.CHANGE, REFUSED_MANAGE)
    _state(nomination, NominationStatus.ASSESSING, doing="作出评审结论")
    panel = set(nomination.panel.values_list("pk", flat=True))
    totals = panel_totals(nomination)
    missing = panel - set(totals)
    if missing:
        names = "、".join(Person.objects.filter(pk__in=missing).order_by("name").values_list("name", flat=True))
        raise ValidationError(f"评审组还有人未评分:{names}。")
    before = snapshot(nomination)
    mean = (sum(totals[p] for p in panel) / len(panel)).quantize(Decimal("0.01"))
    nomination.mean_score = mean
    nomination.status = NominationStatus.PASSED if mean >= nomination.title.pass_score else NominationStatus.FAILED
    nomination.version += 1
    nomination.save(update_fields=["mean_score", "status", "version", "updated_at"])
    return _record(actor, events.TALENT_CONCLUDE, nomination, before)


@transaction.atomic
def talent_award_grant(
    *, actor: User, nomination: TalentNomination, valid_from: datetime.date | None = None
) -> TalentAward:
    """授予 the title of a nomination that passed, for the title's term. A re-assessment continues the award it
    renews: the new term starts the day after the old one ends (or today, if that has passed)."""
    _ensure(actor, nomination, Action.CHANGE, REFUSED_MANAGE)
    _state(nomination, NominationStatus.PASSED, doing="授予称号")
    today = timezone.localdate()
    renews = nomination.renews
    if valid_from is None:
        valid_from = today
        if renews is not None and renews.valid_to >= today:
            valid_from = renews.valid_to + datetime.timedelta(days=1)
    before = snapshot(nomination)
    award = TalentAward.objects.create(
        person=nomination.person, title=nomination.title, nomination=nomination, year=nomination.year,
        valid_from=valid_from, valid_to=term_end(valid_from, nomination.title.term_years),
    )  # fmt: skip
    nomination.status = NominationStatus.AWARDED
    nomination.version += 1
    nomination.save(update_fields=["status", "version", "updated_at"])
    audit(actor=actor, action=events.TALENT_AWARD, obj=nomination, before=before, after=snapshot(nomination))
    if renews is not None:
        # The old award runs to the end of its term and the new one starts the day after: superseded, not
        # revoked, and no longer due for re-assessment.
        old = snapshot(renews)
        renews.status = AwardStatus.RENEWED
        renews.valid_to = min(renews.valid_to, valid_from - datetime.timedelta(days=1))
        renews.valid_to = max(renews.valid_to, renews.valid_from)
        renews.version += 1
        renews.save(update_fields=["status", "valid_to", "version", "updated_at"])
        audit(actor=actor, action=events.TALENT_AWARD, obj=renews, before=old, after=snapshot(renews))
    return _record(actor, events.TALENT_AWARD, award, None)


@transaction.atomic
def talent_award_revoke(*, actor: User, award: TalentAward, reason: str) -> TalentAward:
    """撤销 an award in force, with the reason (it stops counting from today)."""
    if not may(actor, Action.CHANGE, award):
        raise ScopeError("只有党委管理员或本人所在单位的工会干部可以撤销人才称号。")
    reason = _text(reason)
    if not reason:
        raise ValidationError({"reason": "撤销称号须写明原因。"})
    if award.status != AwardStatus.ACTIVE:
        raise ValidationError(f"该称号{award.get_status_display()},不能撤销。")
    before = snapshot(award)
    award.status = AwardStatus.REVOKED
    award.revoked_on = timezone.localdate()
    award.revoke_reason = reason
    award.version += 1
    award.save(update_fields=["status", "revoked_on", "revoke_reason", "version", "updated_at"])
    return _record(actor, events.TALENT_REVOKE, award, before)


@transaction.atomic
def talent_nomination_withdraw(*, actor: User, nomination: TalentNomination, reason: str) -> TalentNomination:
    """撤回 a nomination not yet concluded, with the reason."""
    _ensure(actor, nomination, Action.CHANGE, REFUSED_MANAGE)
    _state(nomination, NominationStatus.NOMINATED, NominationStatus.ASSESSING, doing="撤回")
    reason = _text(reason)
    if not reason:
        raise ValidationError({"reason": "撤回推荐须写明原因。"})
    before = snapshot(nomination)
    nomination.status = NominationStatus.WITHDRAWN
    nomination.note = reason[:300]
    nomination.version += 1
    nomination.save(update_fields=["status", "note", "version", "updated_at"])
    return _record(actor, events.TALENT_WITHDRAW, nomination, before)


# ---------------------------------------------------------------- plans and their ledger

PLAN_FIELDS = ("year", "unit", "channel", "name", "measures", "training_hours_goal", "budget")


@transaction.atomic
def talent_plan_save(*, actor: User, plan: TalentPlan | None = None, data: dict, expected_version=None) -> TalentPlan:
    """制定 or change a plan of a year for a unit (and a channel)."""
    before = snapshot(plan) if plan else None
    if plan is None:
        plan = TalentPlan()
    else:
        check_version(plan, expected_version)
        _ensure(actor, plan, Action.CHANGE, "您不能修改这份规划。")
        plan.version += 1
    for name in PLAN_FIELDS:
        if name in data:
            setattr(plan, name, _text(data[name]) if isinstance(data[name], str) else data[name])
    plan.full_clean()
    plan.save()
    if not TalentPlan.objects.restrict(actor, Action.CHANGE).filter(pk=plan.pk).exists():
        raise ScopeError("只能为本人负责的单位制定人才培养使用规划。")
    audit(actor=actor, action=events.TALENT_PLAN_SAVE, obj=plan, before=before, after=snapshot(plan))
    emit(events.TALENT_PLAN_SAVE)
    return plan


@transaction.atomic
def talent_plan_record_add(
    *, actor: User, plan: TalentPlan, kind: str, date: datetime.date, content: str, person: Person | None = None,
    hours=None, amount=None,
) -> TalentPlanRecord:  # fmt: skip
    """登记 a training given (学时) or an incentive paid (金额) under a plan."""
    _ensure(actor, plan, Action.CHANGE, "只有制定规划的单位的党委管理员或工会干部可以登记执行记录。")
    content = _text(content)
    if not content:
        raise ValidationError({"content": "请填写内容。"})
    if date.year != plan.year:
        raise ValidationError({"date": f"日期须在规划年度 {plan.year} 年内。"})
    if date > timezone.localdate():
        raise ValidationError({"date": "日期不能晚于今天。"})
    if kind == PlanRecordKind.TRAINING and (hours is None or _decimal(hours, "学时") <= 0):
        raise ValidationError({"hours": "培训记录须填写学时(大于 0)。"})
    if kind == PlanRecordKind.INCENTIVE and (amount is None or _decimal(amount, "金额") <= 0):
        raise ValidationError({"amount": "激励记录须填写金额(大于 0)。"})
    record = TalentPlanRecord(plan=plan, kind=kind, date=date, content=content, person=person, hours=hours,
                              amount=amount, created_by=actor)  # fmt: skip
    record.full_clean()
    record.save()
    audit(actor=actor, action=events.TALENT_PLAN_RECORD, obj=record, after=snapshot(record))
    emit(events.TALENT_PLAN_RECORD)
    return record
