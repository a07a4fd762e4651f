"""Writes of the results area: signed ratings (评分), veto and adjustment cases, computing a round, reopening it
and publishing its results (with the stars of 星级支部). Atomic and audited; bad input raises a Chinese
``ValidationError`` and changes nothing."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from vanguard.core.access import ensure_allowed
from vanguard.core.audit import audit, snapshot
from vanguard.core.choices import Action
from vanguard.core.events import emit
from vanguard.core.exceptions import ScopeError
from vanguard.core.numbers import parse_decimal

from .. import events
from ..choices import Method, RoundStatus
from ..models import (
    AdjustmentCase,
    AdjustmentItem,
    BranchStar,
    Criterion,
    EvaluationRound,
    Rating,
    RoundEvaluator,
    RoundResult,
    RoundSubject,
    VetoCase,
    VetoRule,
)
from ..selectors.ballots import round_validity
from . import compute

COMPUTABLE = (RoundStatus.SCORING, RoundStatus.VOTING, RoundStatus.COMPUTED)
CASE_STATUSES = (RoundStatus.OPEN, RoundStatus.SCORING, RoundStatus.VOTING, RoundStatus.COMPUTED)
REOPEN_TO = (RoundStatus.SCORING, RoundStatus.VOTING)


def _locked(round_) -> EvaluationRound:
    """The round read again under a row lock, so two organisers never compute or publish it at once."""
    return EvaluationRound.objects.select_for_update().select_related("scheme").get(pk=round_.pk)


# ---------------------------------------------------------------- ratings


def evaluator_for(actor, round_, subject) -> RoundEvaluator | None:
    """The actor's rating seat in ``round_`` for ``subject``: one for that subject before one for all."""
    person_id = getattr(getattr(actor, "person", None), "pk", None)
    if person_id is None:
        return None
    seats = RoundEvaluator.objects.filter(round=round_, person_id=person_id, rates=True).order_by("subject_id")
    seats = [s for s in seats if s.subject_id in (None, subject.pk)]
    seats.sort(key=lambda s: s.subject_id is None)
    return seats[0] if seats else None


@transaction.atomic
def ratings_save(*, actor, round_, subject: RoundSubject, scores: dict, comments: dict | None = None) -> list[Rating]:
    """保存 one subject's row of the rating grid: ``scores`` maps rating criteria to a score (0 … ``scale_max``;
    empty leaves it as it was). Every score is checked before any is written."""
    round_ = _locked(round_)
    if round_.status != RoundStatus.SCORING:
        raise ValidationError(f"“{round_.name}”{round_.get_status_display()},不在评分阶段,不能评分。")
    if subject.round_id != round_.pk:
        raise ValidationError("该考评对象不属于本轮次。")
    evaluator = evaluator_for(actor, round_, subject)
    if evaluator is None:
        raise ScopeError(f"您不是“{subject}”的署名评价人,不能评分。")
    comments = comments or {}
    checked, errors = [], []
    for criterion, raw in scores.items():
        if criterion.scheme_id != round_.scheme_id or criterion.method != Method.RATING:
            raise ValidationError(f"“{criterion.name}”不是本轮的评分指标。")
        try:
            score = parse_decimal(raw, label=f"“{criterion.name}”的评分")
        except ValidationError as exc:
            errors.extend(exc.messages)
            continue
        if score is None:
            continue
        if not 0 <= score <= criterion.scale_max:
            errors.append(f"“{criterion.name}”的评分 {score:g} 超出范围,须在 0 至 {criterion.scale_max} 之间。")
            continue
        checked.append((criterion, score, (comments.get(criterion) or "").strip()[:200]))
    if errors:
        raise ValidationError(errors)
    saved = []
    for criterion, score, comment in checked:
        rating = Rating.objects.filter(evaluator=evaluator, subject=subject, criterion=criterion).first()
        before = snapshot(rating, ["score", "comment"]) if rating else None
        if rating is None:
            rating = Rating(round=round_, evaluator=evaluator, subject=subject, criterion=criterion)
        rating.score, rating.comment = score, comment
        rating.save()
        audit(actor=actor, action=events.RATING_SAVE, obj=rating, before=before, after=snapshot(rating))
        saved.append(rating)
    return saved


@transaction.atomic
def ratings_import(*, actor, round_, rows) -> int:
    """An uploaded rating grid: ``rows`` of (Excel row number, subject, {criterion: raw score}). Every row is
    checked; one bad cell anywhere and nothing is written (the errors name their rows)."""
    errors, saved = [], 0
    for number, subject, scores in rows:
        try:
            with transaction.atomic():
                saved += len(ratings_save(actor=actor, round_=round_, subject=subject, scores=scores))
        except ValidationError as exc:
            errors.extend(f"第 {number} 行:{message}" for message in exc.messages)
    if errors:
        raise ValidationError(errors)
    return saved


def rating_save(*, actor, round_, subject, criterion: Criterion, score, comment="") -> Rating:
    """One rating (the API's unit): see ``ratings_save``."""
    saved = ratings_save(
        actor=actor, round_=round_, subject=subject, scores={criterion: score}, comments={criterion: comment}
    )
    if not saved:
        raise ValidationError({"score": "请填写评分。"})
    return saved[0]


# ---------------------------------------------------------------- vetoes and adjustments


def _ensure_case_allowed(actor, round_, subject):
    ensure_allowed(actor, round_, Action.CHANGE)
    if round_.status not in CASE_STATUSES:
        raise ValidationError(f"“{round_.name}”{round_.get_status_display()},不能再登记。")
    if subject.round_id != round_.pk:
        raise ValidationError("该考评对象不属于本轮次。")


@transaction.atomic
def veto_record(*, actor, round_, subject, rule: VetoRule, note: str, evidence: str = "") -> VetoCase:
    """登记 一票否决: the subject's grade is capped at the rule's ``max_grade`` when the round is computed."""
    round_ = _locked(round_)
    _ensure_case_allowed(actor, round_, subject)
    if rule.scheme_id != round_.scheme_id:
        raise ValidationError({"rule": "该否决事项不属于本轮的考评方案。"})
    if not (note or "").strip():
        raise ValidationError({"note": "请写明情况。"})
    case = VetoCase.objects.create(
        round=round_, subject=subject, rule=rule, note=note.strip(), evidence=(evidence or "").strip(),
        created_by=actor,
    )  # fmt: skip
    audit(actor=actor, action=events.VETO_RECORD, obj=case, after=snapshot(case))
    return case


@transaction.atomic
def adjustment_record(*, actor, round_, subject, item: AdjustmentItem, note: str) -> AdjustmentCase:
    """登记 一次加分或扣分 by one of the scheme's items; their sum is capped when the round is computed."""
    round_ = _locked(round_)
    _ensure_case_allowed(actor, round_, subject)
    if item.scheme_id != round_.scheme_id:
        raise ValidationError({"item": "该加减分事项不属于本轮的考评方案。"})
    if not (note or "").strip():
        raise ValidationError({"note": "请写明情况。"})
    case = AdjustmentCase.objects.create(round=round_, subject=subject, item=item, note=note.strip(), created_by=actor)
    audit(actor=actor, action=events.ADJUSTMENT_RECORD, obj=case, after=snapshot(case))
    return case


@transaction.atomic
def case_delete(*, actor, case) -> None:
    """撤销 a veto or an adjustment case recorded by mistake (before the round is published)."""
    round_ = _locked(case.round)
    _ensure_case_allowed(actor, round_, case.subject)
    event = events.VETO_DELETE if isinstance(case, VetoCase) else events.ADJUSTMENT_DELETE
    audit(actor=actor, action=event, obj=case, before=snapshot(case))
    case.delete()


# ---------------------------------------------------------------- compute, reopen, publish


def _ensure_computable(round_) -> None:
    if round_.status not in COMPUTABLE:
        raise ValidationError(
            f"“{round_.name}”{round_.get_status_display()},只有评分中、投票中或已计算的轮次可以计算。"
        )
    if round_.scheme.criteria.filter(method=Method.BALLOT).exists():
        validity = round_validity(round_)
        still_open = (
            round_.status == RoundStatus.VOTING and round_.voting_closes and timezone.now() < round_.voting_closes
        )
        if still_open and validity.voted < validity.due:
            # Computing seals the ballots: no one due may be cut off before the window they were promised closes.
            closes = timezone.localtime(round_.voting_closes)
            raise ValidationError(
                f"投票尚未截止({closes:%Y-%m-%d %H:%M}),还有 {validity.due - validity.voted} 人未投票,"
                "请在截止后或全部投票后再计算。"
            )
        if not validity.valid:
            raise ValidationError(validity.message)


@transaction.atomic
def round_compute(*, actor, round_, progress=None) -> EvaluationRound:
    """计算 a round in scoring or voting (or again once computed): writes one ``RoundResult`` per subject and
    moves it to computed. Refused when the scheme has ballot criteria and the vote does not stand."""
    ensure_allowed(actor, round_, Action.CHANGE)
    round_ = _locked(round_)
    _ensure_computable(round_)
    tick = progress or (lambda: None)
    rows, taken = compute.compute_rows(round_, progress=tick)
    created, updated = compute.write_rows(round_, rows, progress=tick)
    before = round_.status
    round_.status, round_.computed_at = RoundStatus.COMPUTED, timezone.now()
    _save_round(round_, "status", "computed_at")
    audit(
        actor=actor, action=events.ROUND_COMPUTE, obj=round_, before={"status": before},
        after={"status": round_.status, "subjects": len(rows), "created": created, "updated": updated, "grades": taken},
    )  # fmt: skip
    emit(events.ROUND_COMPUTE, events.RoundChange(actor=actor, round=round_, before=before))
    return round_


@transaction.atomic
def round_reopen(*, actor, round_, to: str, reason: str) -> EvaluationRound:
    """重新打开 a computed round for more scoring or voting, with the reason (kept in the audit trail)."""
    ensure_allowed(actor, round_, Action.CHANGE)
    round_ = _locked(round_)
    if round_.status != RoundStatus.COMPUTED:
        raise ValidationError(f"“{round_.name}”{round_.get_status_display()},只有已计算、未公布的轮次可以重新打开。")
    if to not in REOPEN_TO:
        raise ValidationError({"to": "只能退回评分中或投票中。"})
    if not (reason or "").strip():
        raise ValidationError({"reason": "请写明重新打开的原因。"})
    before = round_.status
    round_.status = to
    _save_round(round_, "status")
    audit(
        actor=actor, action=events.ROUND_REOPEN, obj=round_, before={"status": before},
        after={"status": to, "reason": reason.strip()},
    )  # fmt: skip
    emit(events.ROUND_REOPEN, events.RoundChange(actor=actor, round=round_, before=before))
    return round_


@transaction.atomic
def round_publish(*, actor, round_) -> EvaluationRound:
    """公布 a computed round: its subjects then read their own results; a scheme with star bands writes each
    branch's stars for the year; ``ROUND_PUBLISHED`` hands the results on (公示, 表彰, 帮促)."""
    ensure_allowed(actor, round_, Action.CHANGE)
    round_ = _locked(round_)
    if round_.status != RoundStatus.COMPUTED:
        raise ValidationError(f"“{round_.name}”{round_.get_status_display()},只有已计算的轮次可以公布。")
    before = round_.status
    round_.status, round_.published_at = RoundStatus.PUBLISHED, timezone.now()
    _save_round(round_, "status", "published_at")
    stars = branch_stars_write(round_)
    audit(
        actor=actor, action=events.ROUND_PUBLISHED, obj=round_, before={"status": before},
        after={"status": round_.status, "stars": stars},
    )  # fmt: skip
    emit(events.ROUND_PUBLISHED, events.RoundChange(actor=actor, round=round_, before=before))
    return round_


def branch_stars_write(round_) -> int:
    """Each branch subject's stars for the round's year: the stars of its band, at most one step from last
    year's unless vetoed (then it may fall further). Returns how many were written."""
    if not round_.scheme.grades.filter(stars__gt=0).exists():
        return 0
    year = round_.period_end.year
    results = list(
        RoundResult.objects.filter(round=round_, subject__party_org__isnull=False)
        .select_related("grade", "subject")
        .order_by("pk")
    )
    branch_ids = [r.subject.party_org_id for r in results]
    last = dict(BranchStar.objects.filter(branch_id__in=branch_ids, year=year - 1).values_list("branch_id", "stars"))
    BranchStar.objects.filter(branch_id__in=branch_ids, year=year).delete()
    rows = []
    for result in results:
        stars, change, note = star_step(
            result.grade.stars if result.grade else 0, last.get(result.subject.party_org_id), result.vetoed
        )
        rows.append(
            BranchStar(branch_id=result.subject.party_org_id, year=year, stars=stars, score=result.total,
                       round=round_, change=change, note=note)
        )  # fmt: skip
    BranchStar.objects.bulk_create(rows)
    return len(rows)


def star_step(earned: int, last: int | None, vetoed: bool) -> tuple[int, int, str]:
    """(stars, change, note): a branch moves at most one star a year from last year's, unless vetoed."""
    if last is None:
        return earned, 0, "首次评定"
    if vetoed:
        stars, note = min(earned, last), "一票否决"
    elif earned > last + 1:
        stars, note = last + 1, f"得分可评 {earned} 星,每年至多晋升一星"
    elif earned < last - 1:
        stars, note = last - 1, f"得分可评 {earned} 星,每年至多降低一星"
    else:
        stars, note = earned, ""
    return stars, stars - last, note


def _save_round(round_, *fields):
    round_.version += 1
    round_.save(update_fields=[*fields, "updated_at", "version"])


# ---------------------------------------------------------------- computing in the background

COMPUTE_TASK = "evaluations.round_compute"
# A round with more subjects than this computes in the background, the page following a progress bar.
COMPUTE_BACKGROUND_SUBJECTS = 2000


def compute_steps(round_, subjects: int) -> int:
    """The progress steps of computing ``round_``: one per automatic criterion, per 500 subjects scored and
    per batch of results written."""
    auto = round_.scheme.criteria.filter(method=Method.AUTO).count()
    return auto + subjects // 500 + 1 + (subjects + compute.BATCH - 1) // compute.BATCH


def round_compute_start(*, actor, round_):
    """Compute ``round_`` now when it is small, else in the background: returns the ``TaskRun`` or None."""
    from vanguard.core.tasks import task_start

    subjects = RoundSubject.objects.filter(round=round_).count()
    if subjects <= COMPUTE_BACKGROUND_SUBJECTS:
        round_compute(actor=actor, round_=round_)
        return None
    ensure_allowed(actor, round_, Action.CHANGE)
    _ensure_computable(round_)  # refused on the page, not later on the task's
    return task_start(
        name=COMPUTE_TASK, owner=actor, params={"round": round_.pk}, total=compute_steps(round_, subjects),
        label=f"计算考评结果:{round_.name}({subjects} 个考评对象)",
    )  # fmt: skip


def _compute_task(run, *, round):  # noqa: A002 - the task's parameter as stored
    from vanguard.core.tasks import task_progress
    from vanguard.org.models import User

    actor = User.objects.get(pk=run.owner_id)
    done = [0]

    def tick():
        done[0] += 1
        task_progress(run, done=done[0])

    round_ = round_compute(actor=actor, round_=EvaluationRound.objects.get(pk=round), progress=tick)
    return {"round": round_.pk, "status": round_.status, "url": f"/evaluations/rounds/{round_.pk}/results/"}


def register_tasks():
    from vanguard.core.tasks import register_task

    register_task(COMPUTE_TASK)(_compute_task)
