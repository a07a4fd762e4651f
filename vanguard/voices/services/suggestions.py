"""Writes of the suggestion workflow (合理化建议). Every function is keyword-only, atomic and audited; a
refused step raises a Chinese ``ValidationError`` (or ``ScopeError``) and changes nothing.

submitted ─单位初审→ unit_reviewed ─专家评审(推荐实施)→ adopted ─实施完成→ implemented ─效益核定→ verified ─奖励→ rewarded
    Either review may return it (需完善: the proposer revises and resubmits), reject it (不予采纳) or mark it
    a duplicate of an earlier one (credit to the first proposer, who keeps it; the later one may join it).
Each waiting state gets its reply deadline (``ReplyDeadline``, in working days) in ``due_date``.
"""

import datetime
from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone

from vanguard.core.access import ensure_allowed, is_system, may
from vanguard.core.audit import audit, audit_many, snapshot
from vanguard.core.choices import Action
from vanguard.core.dates import add_months, add_workdays, month_number, month_start, not_in_future
from vanguard.core.events import emit
from vanguard.core.exceptions import ScopeError
from vanguard.core.numbers import parse_decimal
from vanguard.core.services import check_version, model_update
from vanguard.core.uploads import atomic_with_files, check_upload
from vanguard.org.choices import SECTION_AND_ABOVE
from vanguard.org.models import Person, User

from .. import events
from ..choices import (
    DEFAULT_DEADLINES,
    DUPLICATE_FROM,
    EXPERT_DECISIONS,
    REASON_REQUIRED,
    REGULATION_1986_TIERS,
    UNIT_DECISIONS,
    WAITING_STATES,
    RewardBasis,
    SuggestionCategory,
    SuggestionStatus,
    SuggestionStep,
)
from ..models import (
    CoProposer,
    ReplyDeadline,
    RewardRule,
    RewardSetting,
    Suggestion,
    SuggestionAttachment,
    SuggestionReview,
)
from ..summaries import suggestion_figures_refresh, suggestions_figures_refresh

S = SuggestionStatus
MAX_BENEFIT = Decimal(10**11)  # yuan: beyond it a figure was typed in the wrong unit
CONTENT_MIN = 10  # characters: "降本" alone says nothing a reviewer can act on
PHOTO_SUFFIXES = (".jpg", ".jpeg", ".png", ".heic", ".webp", ".gif", ".bmp", ".pdf")
MAX_ATTACHMENTS = 6

# Where each step may start from, where it leads, and the action it needs (``access.SUGGESTION``).
STEPS = {
    SuggestionStep.RESUBMIT: ((S.RETURNED,), S.SUBMITTED, Action.CHANGE),
    SuggestionStep.UNIT_PASS: ((S.SUBMITTED,), S.UNIT_REVIEWED, Action.REVIEW),
    SuggestionStep.RECOMMEND: ((S.UNIT_REVIEWED,), S.ADOPTED, Action.APPROVE),
    SuggestionStep.IMPLEMENT: ((S.ADOPTED,), S.IMPLEMENTED, Action.REVIEW),
    SuggestionStep.VERIFY: ((S.IMPLEMENTED,), S.VERIFIED, Action.APPROVE),
    SuggestionStep.REWARD: ((S.VERIFIED,), S.REWARDED, Action.APPROVE),
}
# Return, reject and duplicate are taken by whoever reviews the suggestion at its step.
REVIEW_ACTION = {S.SUBMITTED: Action.REVIEW, S.UNIT_REVIEWED: Action.APPROVE}

REFUSED = {
    Action.CHANGE: "只有建议人本人可以办理此步骤。",
    Action.REVIEW: "此步骤须由建议人所在单位的班组长、工会干部或支部书记办理,该建议不在您的初审范围内。",
    Action.APPROVE: "此步骤须由党委管理员或工会干部(专家评审)办理,该建议不在您的评审范围内。",
}


# ---------------------------------------------------------------- helpers


def _actor_name(actor: User) -> str:
    if is_system(actor):
        return "系统"
    person = getattr(actor, "person", None)
    return person.name if person else actor.get_username()


def _ensure(actor: User, suggestion: Suggestion, action: str) -> None:
    if not may(actor, action, suggestion):
        raise ScopeError(REFUSED[action])


def _review(
    *, actor: User, suggestion: Suggestion, step: str, before_status: str, reason: str = ""
) -> SuggestionReview:
    return SuggestionReview.objects.create(
        suggestion=suggestion, step=step, from_status=before_status, to_status=suggestion.status, reason=reason,
        actor=actor, actor_name=_actor_name(actor), at=timezone.now(),
    )  # fmt: skip


def reply_deadlines() -> dict[str, int]:
    """``{waiting status: working days}`` as the office set them (one query); a step without a row keeps the
    default, so no waiting suggestion goes without a deadline."""
    defaults = {status: days for status, (days, _label) in DEFAULT_DEADLINES.items()}
    return defaults | dict(ReplyDeadline.objects.values_list("status", "workdays"))


@transaction.atomic
def workflow_defaults_ensure() -> None:
    """The reply deadlines, the 1986 reward tiers and the reward setting, where a database lacks them (the
    migration seeds them; a demo built on emptied tables puts them back)."""
    for status, (days, label) in DEFAULT_DEADLINES.items():
        ReplyDeadline.objects.get_or_create(status=status, defaults={"label": label, "workdays": days})
    if not RewardRule.objects.exists():
        RewardRule.objects.bulk_create(
            RewardRule(
                label=f"年效益 {low:,} 元起",
                min_benefit=low,
                max_benefit=high,
                min_amount=least,
                max_amount=most,
                certificate=certificate,
                basis="国务院《合理化建议和技术改进奖励条例》(1986)",
            )  # fmt: skip
            for low, high, least, most, certificate in REGULATION_1986_TIERS
        )
    if not RewardSetting.objects.exists():
        RewardSetting.objects.create(duty_excluded_levels=list(SECTION_AND_ABOVE))


def due_date_for(status: str, start: datetime.date, deadlines: dict | None = None) -> datetime.date | None:
    """The reply deadline of a suggestion that starts waiting in ``status`` on ``start``; None when nobody owes one."""
    if status not in WAITING_STATES:
        return None
    days = (deadlines if deadlines is not None else reply_deadlines()).get(status)
    return add_workdays(start, days) if days else None


def parse_amount(value: object, *, field: str, label: str, required: bool = True) -> Decimal | None:
    """An amount in yuan from user input: a Chinese message for text, a negative or an absurd amount."""
    if value is None or str(value).strip() == "":
        if required:
            raise ValidationError({field: f"请填写{label}(元)。"})
        return None
    amount = parse_decimal(value, label=label, field=field)
    if amount < 0:
        raise ValidationError({field: f"{label}不能为负数,您填写的是 {value}。"})
    if amount >= MAX_BENEFIT:
        raise ValidationError({field: f"{label} {value} 超出合理范围,请核对单位(元)。"})
    return amount.quantize(Decimal("0.01"))


def _text(data: dict) -> dict:
    """Title, content, category and expected benefit, checked: what a proposer writes."""
    errors = {}
    title = (data.get("title") or "").strip()
    content = (data.get("content") or "").strip()
    category = data.get("category") or ""
    if not title:
        errors["title"] = "请填写建议名称。"
    elif len(title) > 200:
        errors["title"] = f"建议名称最多 200 字,现有 {len(title)} 字。"
    limit = Suggestion._meta.get_field("content").max_length
    if len(content) < CONTENT_MIN:
        errors["content"] = f"请写明建议内容(现状、问题和具体做法),至少 {CONTENT_MIN} 个字。"
    elif len(content) > limit:
        errors["content"] = f"建议内容最多 {limit} 字,现有 {len(content)} 字,请精简或作为附件上传。"
    if category not in SuggestionCategory.values:
        errors["category"] = f"请选择类别({'、'.join(SuggestionCategory.labels)})。"
    try:
        benefit = parse_amount(data.get("expected_benefit"), field="expected_benefit", label="预期效益", required=False)
    except ValidationError as exc:
        errors.update(exc.message_dict)
        benefit = None
    if errors:
        raise ValidationError(errors)
    return {"title": title, "content": content, "category": category, "expected_benefit": benefit}


def _next_number(year: int) -> str:
    """JY2026-00042: the year's next number; the padded numbers sort as text, so the last is read from the index."""
    prefix = f"JY{year}-"
    last = (
        Suggestion.objects.filter(number__startswith=prefix)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    return f"{prefix}{int(last[len(prefix) :]) + 1 if last else 1:05d}"


def _check_photos(files: Iterable[File]) -> list[File]:
    files = [f for f in files if f]
    if len(files) > MAX_ATTACHMENTS:
        raise ValidationError({"attachments": f"每条建议最多上传 {MAX_ATTACHMENTS} 个附件,您选择了 {len(files)} 个。"})
    for file in files:
        name = (getattr(file, "name", "") or "").lower()
        if not name.endswith(PHOTO_SUFFIXES):
            raise ValidationError(
                {"attachments": f"文件“{file.name}”的类型不支持,请上传照片或 PDF({'、'.join(PHOTO_SUFFIXES)})。"}
            )
        check_upload(file, field="attachments")
    return files


def _attach(actor: User, suggestion: Suggestion, files: list[File]) -> None:
    for file in files:
        row = SuggestionAttachment(
            suggestion=suggestion, name=file.name.rpartition("/")[2][:200], size=file.size, uploaded_by=actor
        )
        row.file.save(row.name, file, save=False)
        row.save()
        audit(actor=actor, action=events.SUGGESTION_ATTACH, obj=suggestion, after={"file": row.name, "size": row.size})


# ---------------------------------------------------------------- submit and revise


@atomic_with_files()
def suggestion_submit(
    *, actor: User, title: str, content: str, category: str, expected_benefit: object = None,
    co_proposers: Iterable[Person] = (), attachments: Iterable[File] = (), proposer: Person | None = None,
    submitted_on: datetime.date | None = None,
) -> Suggestion:  # fmt: skip
    """提交 a suggestion for the actor himself (``proposer`` defaults to his person): numbered, dated, with the
    unit's reply deadline; co-proposers share the credit; photos are checked before anything is written."""
    proposer = proposer or getattr(actor, "person", None)
    if proposer is None:
        raise ScopeError("您的账号没有关联人员档案,不能提交建议。")
    if not proposer.is_active or proposer.unit_id is None:
        raise ValidationError(f"{proposer.name} 已不在职或没有所在单位,不能提交建议。")
    fields = _text({"title": title, "content": content, "category": category, "expected_benefit": expected_benefit})
    files = _check_photos(attachments)
    today = timezone.localdate()
    day = not_in_future(submitted_on or today, "提交日期", field="submitted_on")
    suggestion = Suggestion(
        **fields, proposer=proposer, unit_id=proposer.unit_id, status=S.SUBMITTED, submitted_on=day,
        month=month_number(day), due_date=due_date_for(S.SUBMITTED, day), submitted_by=actor,
        number=_next_number(day.year),
    )  # fmt: skip
    suggestion.full_clean()
    suggestion.save()
    if not Suggestion.objects.restrict(actor, Action.ADD).filter(pk=suggestion.pk).exists():
        raise ScopeError("只能以本人名义提交建议。")
    others = {p.pk: p for p in co_proposers if p.pk != proposer.pk}
    CoProposer.objects.bulk_create(CoProposer(suggestion=suggestion, person_id=pk) for pk in others)
    suggestion_figures_refresh(suggestion)  # the statistics' kept figures, in this transaction
    _attach(actor, suggestion, files)
    _review(actor=actor, suggestion=suggestion, step=SuggestionStep.SUBMIT, before_status="")
    audit(actor=actor, action=events.SUGGESTION_SUBMITTED, obj=suggestion, after=snapshot(suggestion))
    emit(events.SUGGESTION_SUBMITTED, events.SuggestionChange(actor=actor, suggestion=suggestion))
    return suggestion


@atomic_with_files()
def suggestion_attach(*, actor: User, suggestion: Suggestion, attachments: Iterable[File]) -> Suggestion:
    """Add photos to one's own suggestion while it is not yet settled (until it is adopted)."""
    _ensure(actor, suggestion, Action.CHANGE)
    if suggestion.status not in (S.SUBMITTED, S.UNIT_REVIEWED, S.RETURNED):
        raise ValidationError(f"建议当前状态为“{suggestion.get_status_display()}”,不能再添加附件。")
    files = _check_photos(attachments)
    if suggestion.attachments.count() + len(files) > MAX_ATTACHMENTS:
        raise ValidationError({"attachments": f"每条建议最多上传 {MAX_ATTACHMENTS} 个附件。"})
    _attach(actor, suggestion, files)
    return suggestion


def _locked(suggestion: Suggestion, expected_version: int | None) -> Suggestion:
    fresh = Suggestion.objects.select_for_update().select_related("unit", "proposer").get(pk=suggestion.pk)
    check_version(fresh, expected_version)
    return fresh


def _refuse_state(suggestion: Suggestion, step: str, sources: Iterable[str]) -> None:
    label = SuggestionStep(step).label
    allowed = "、".join(S(s).label for s in sources)
    raise ValidationError(
        f"建议当前状态为“{suggestion.get_status_display()}”,不能{label};只有“{allowed}”的建议可以{label}。"
    )


def _save_step(
    *, actor: User, suggestion: Suggestion, step: str, to_status: str, reason: str = "", changes: dict | None = None
) -> Suggestion:
    """Write the step: the new state and its deadline, the fields it sets, its history row, audit and event."""
    before_status, before = suggestion.status, snapshot(suggestion)
    scope = {"unit_id": suggestion.unit_id, "month": suggestion.month, "category": suggestion.category}
    changes = {**(changes or {}), "status": to_status, "due_date": due_date_for(to_status, timezone.localdate())}
    for name, value in changes.items():
        setattr(suggestion, name, value)
    suggestion.version += 1
    suggestion.save(update_fields=[*changes, "version", "updated_at"])
    suggestion_figures_refresh(suggestion, before=scope)  # a revision may change the category
    _review(actor=actor, suggestion=suggestion, step=step, before_status=before_status, reason=reason)
    after = snapshot(suggestion) | ({"reason": reason} if reason else {})
    event = events.STEP_EVENTS[step]
    audit(actor=actor, action=event, obj=suggestion, before=before, after=after)
    emit(event, events.SuggestionChange(actor=actor, suggestion=suggestion))
    return suggestion


def _simple_step(actor, suggestion, step, expected_version, *, reason="", changes=None) -> Suggestion:
    suggestion = _locked(suggestion, expected_version)
    sources, target, needed = STEPS[step]
    if suggestion.status not in sources:
        _refuse_state(suggestion, step, sources)
    _ensure(actor, suggestion, needed)
    fields = changes(suggestion) if callable(changes) else changes
    return _save_step(actor=actor, suggestion=suggestion, step=step, to_status=target, reason=reason, changes=fields)


@transaction.atomic
def suggestion_revise(
    *, actor: User, suggestion: Suggestion, title: str, content: str, category: str, expected_benefit: object = None,
    note: str = "", expected_version: int | None = None,
) -> Suggestion:  # fmt: skip
    """修改后重新提交 a returned suggestion: the text as revised, back to the unit with a new deadline. The
    history keeps every earlier decision and the audit the earlier text: nothing disappears."""
    fields = _text({"title": title, "content": content, "category": category, "expected_benefit": expected_benefit})
    return _simple_step(
        actor, suggestion, SuggestionStep.RESUBMIT, expected_version, reason=(note or "").strip(), changes=fields
    )


# ---------------------------------------------------------------- reviews


def _decide(actor, suggestion, decision, reason, expected_version, *, at: str, allowed, changes=None) -> Suggestion:
    suggestion = _locked(suggestion, expected_version)
    if decision not in allowed:
        choices = "、".join(SuggestionStep(d).label for d in allowed)
        raise ValidationError({"decision": f"请选择评审意见({choices})。"})
    if suggestion.status != at:
        _refuse_state(suggestion, decision, (at,))
    _ensure(actor, suggestion, REVIEW_ACTION[at])
    reason = (reason or "").strip()
    if decision in REASON_REQUIRED and not reason:
        raise ValidationError({"reason": f"{SuggestionStep(decision).label}须写明理由,建议人会看到。"})
    target = {
        SuggestionStep.UNIT_PASS: S.UNIT_REVIEWED,
        SuggestionStep.RECOMMEND: S.ADOPTED,
        SuggestionStep.RETURN: S.RETURNED,
        SuggestionStep.REJECT: S.REJECTED,
    }[decision]
    return _save_step(
        actor=actor, suggestion=suggestion, step=decision, to_status=target, reason=reason, changes=changes
    )


@transaction.atomic
def suggestion_unit_review(
    *, actor: User, suggestion: Suggestion, decision: str, reason: str = "", expected_version: int | None = None
) -> Suggestion:
    """单位初审: pass it on to the experts (单位初审通过), return it for revision (需完善) or reject it (不予采纳)."""
    return _decide(actor, suggestion, decision, reason, expected_version, at=S.SUBMITTED, allowed=UNIT_DECISIONS)


@transaction.atomic
def suggestion_expert_review(
    *, actor: User, suggestion: Suggestion, decision: str, reason: str = "", within_duty: bool = False,
    expected_version: int | None = None,
) -> Suggestion:  # fmt: skip
    """专家评审: 推荐实施 (the suggestion is adopted), 需完善 or 不予采纳. ``within_duty`` records that the idea lies
    within the proposer's own duties (``RewardSetting`` decides whether that bars a reward)."""
    changes = {"within_duty": bool(within_duty)} if decision == SuggestionStep.RECOMMEND else None
    return _decide(
        actor, suggestion, decision, reason, expected_version, at=S.UNIT_REVIEWED, allowed=EXPERT_DECISIONS,
        changes=changes,
    )  # fmt: skip


@transaction.atomic
def suggestion_mark_duplicate(
    *, actor: User, suggestion: Suggestion, original: Suggestion, reason: str = "", expected_version: int | None = None
) -> Suggestion:
    """重复建议: ``suggestion`` repeats ``original``, submitted earlier; the credit stays with the first proposer.

    The later proposer reads which one in the history (the reason names it) and may join it as co-proposer
    (``suggestion_join_original``). The original is followed to the first of its chain.
    """
    suggestion = _locked(suggestion, expected_version)
    if suggestion.status not in DUPLICATE_FROM:
        _refuse_state(suggestion, SuggestionStep.DUPLICATE, DUPLICATE_FROM)
    _ensure(actor, suggestion, REVIEW_ACTION[suggestion.status])
    original = Suggestion.objects.select_related("proposer").get(pk=original.pk)
    while original.duplicate_of_id is not None:
        original = Suggestion.objects.select_related("proposer").get(pk=original.duplicate_of_id)
    if original.pk == suggestion.pk:
        raise ValidationError({"original": "不能认定为与自身重复。"})
    if (original.submitted_on, original.pk) > (suggestion.submitted_on, suggestion.pk):
        raise ValidationError(
            {"original": f"原建议 {original.number} 提交于本建议之后,请反过来把后提交的那条认定为重复。"}
        )
    if original.status in (S.REJECTED, S.RETURNED):
        raise ValidationError(
            {"original": f"原建议 {original.number} 为“{original.get_status_display()}”,不能作为重复的依据。"}
        )
    if not may(actor, Action.VIEW, original):
        raise ValidationError({"original": "找不到该原建议,或它不在您的查看范围内。"})
    note = (reason or "").strip()
    told = f"与 {original.number}“{original.title}”({original.proposer.name})重复" + (f":{note}" if note else "。")
    return _save_step(
        actor=actor, suggestion=suggestion, step=SuggestionStep.DUPLICATE, to_status=S.DUPLICATE, reason=told,
        changes={"duplicate_of": original},
    )  # fmt: skip


@transaction.atomic
def suggestion_join_original(*, actor: User, suggestion: Suggestion) -> CoProposer:
    """The proposer of a duplicate joins the original as co-proposer (``joined``): his support is kept."""
    suggestion = _locked(suggestion, None)
    if suggestion.status != S.DUPLICATE or suggestion.duplicate_of_id is None:
        raise ValidationError("只有被认定为重复的建议,其建议人才能并入原建议。")
    _ensure(actor, suggestion, Action.CHANGE)
    original = Suggestion.objects.get(pk=suggestion.duplicate_of_id)
    person_id = suggestion.proposer_id
    if (
        original.proposer_id == person_id
        or CoProposer.objects.filter(suggestion=original, person_id=person_id).exists()
    ):
        raise ValidationError(f"您已是建议 {original.number} 的建议人或共同建议人。")
    row = CoProposer.objects.create(suggestion=original, person_id=person_id, joined=True)
    suggestion_figures_refresh(original)  # one more person taking part
    _review(
        actor=actor, suggestion=suggestion, step=SuggestionStep.JOIN, before_status=suggestion.status,
        reason=f"并入 {original.number} 为共同建议人",
    )  # fmt: skip
    audit(
        actor=actor,
        action=events.SUGGESTION_JOINED,
        obj=original,
        after={"co_proposer": person_id, "from": suggestion.pk},
    )
    emit(events.SUGGESTION_JOINED, events.SuggestionChange(actor=actor, suggestion=original))
    return row


# ---------------------------------------------------------------- implementation, benefit, reward


@transaction.atomic
def suggestion_implement(
    *, actor: User, suggestion: Suggestion, implementation_cost: object = None, note: str = "",
    expected_version: int | None = None,
) -> Suggestion:  # fmt: skip
    """实施完成: the unit reports it carried the adopted suggestion out, and what it cost."""
    cost = parse_amount(implementation_cost, field="implementation_cost", label="实施费用", required=False)
    return _simple_step(
        actor, suggestion, SuggestionStep.IMPLEMENT, expected_version, reason=(note or "").strip(),
        changes={"implementation_cost": cost or Decimal("0.00")},
    )  # fmt: skip


@transaction.atomic
def suggestion_verify(
    *, actor: User, suggestion: Suggestion, gross_benefit: object, benefit_from: datetime.date | None,
    evidence: str, finance_signoff: str, expected_version: int | None = None,
) -> Suggestion:  # fmt: skip
    """效益核定: the benefit of the 12 months from the first month it appeared, net of the implementation cost,
    with its evidence and the finance officer who signed it off. The 12 months must be over."""
    gross = parse_amount(gross_benefit, field="gross_benefit", label="12 个月效益")
    evidence, signoff = (evidence or "").strip(), (finance_signoff or "").strip()
    errors = {}
    if benefit_from is None:
        errors["benefit_from"] = "请填写效益起算月(首次产生效益的月份)。"
    elif add_months(benefit_from, 12) > month_start(timezone.localdate()):
        last = add_months(benefit_from, 11)
        errors["benefit_from"] = f"效益按起算月起 12 个月核定,须到 {last.year}年{last.month}月结束后才能核定。"
    if not evidence:
        errors["evidence"] = "请填写核定依据(如财务核算单、指标报表)。"
    if not signoff:
        errors["finance_signoff"] = "效益须经财务签认,请填写财务签认人。"
    if errors:
        raise ValidationError(errors)

    def fields(current):
        net = gross - (current.implementation_cost or Decimal("0.00"))
        return {
            "gross_benefit": gross, "verified_benefit": net, "benefit_from": month_start(benefit_from),
            "benefit_evidence": evidence, "finance_signoff": signoff,
        }  # fmt: skip

    return _simple_step(actor, suggestion, SuggestionStep.VERIFY, expected_version, changes=fields)


def reward_range(suggestion: Suggestion) -> tuple[Decimal, Decimal, bool, str]:
    """(least, most, certificate, basis) a reward of ``suggestion`` may be, by the company's setting: the tier
    of its verified benefit, or up to the share of it. Raises a Chinese ``ValidationError`` when none is due."""
    benefit = suggestion.verified_benefit
    if benefit is None:
        raise ValidationError("该建议尚未核定效益,不能奖励;请先完成效益核定。")
    setting = RewardSetting.objects.first() or RewardSetting()
    if suggestion.duplicate_of_id is not None:
        raise ValidationError("重复建议不予奖励,奖励归首先提出的建议人。")
    level = suggestion.proposer.cadre_level
    if suggestion.within_duty and level in (setting.duty_excluded_levels or []):
        raise ValidationError("该建议属建议人本职工作范围,按公司规定不作为合理化建议奖励。")
    net = max(benefit, Decimal("0"))
    if setting.basis == RewardBasis.SHARE:
        most = (net * setting.share_percent / 100).quantize(Decimal("0.01"))
        return Decimal("0.00"), most, False, f"首年净效益的 {setting.share_percent}%"
    rule = (
        RewardRule.objects.filter(active=True, min_benefit__lte=net)
        .exclude(max_benefit__lte=net)
        .order_by("-min_benefit")
        .first()
    )
    if rule is None:
        raise ValidationError("没有适用于该效益的奖励标准,请党委管理员在奖励标准中补充。")
    return rule.min_amount, rule.max_amount, rule.certificate, rule.label


@transaction.atomic
def suggestion_reward(
    *, actor: User, suggestion: Suggestion, amount: object, note: str = "", expected_version: int | None = None
) -> Suggestion:
    """奖励: an amount within the tier (or share) of its verified benefit; refused without a verified benefit,
    for a duplicate, or for an idea within the proposer's duties where the company says so."""
    value = parse_amount(amount, field="reward_amount", label="奖励金额")

    def fields(current):
        least, most, certificate, basis = reward_range(current)
        if not least <= value <= most:
            raise ValidationError(
                {
                    "reward_amount": f"按“{basis}”,奖励金额应在 {least:,.2f} 至 {most:,.2f} 元之间,您填写的是 {value:,.2f} 元。"
                }
            )
        return {"reward_amount": value, "reward_certificate": certificate}

    return _simple_step(
        actor, suggestion, SuggestionStep.REWARD, expected_version, reason=(note or "").strip(), changes=fields
    )


# ---------------------------------------------------------------- one entry for pages and the API

# The action forms and the API name one step; each maps to the service that takes it.
ACTIONS = ("unit_review", "expert_review", "duplicate", "resubmit", "implement", "verify", "reward")


def suggestion_act(*, actor: User, suggestion: Suggestion, action: str, data: dict) -> Suggestion:
    """Take the step ``action`` with the fields a form or API body posted (each service checks them)."""
    version = data.get("version")
    common = {"actor": actor, "suggestion": suggestion, "expected_version": version}
    if action == "unit_review":
        return suggestion_unit_review(**common, decision=data.get("decision", ""), reason=data.get("reason", ""))
    if action == "expert_review":
        return suggestion_expert_review(
            **common, decision=data.get("decision", ""), reason=data.get("reason", ""),
            within_duty=bool(data.get("within_duty")),
        )  # fmt: skip
    if action == "duplicate":
        original = data.get("original")
        if original is None:
            raise ValidationError({"original": "请填写与之重复的原建议编号。"})
        return suggestion_mark_duplicate(**common, original=original, reason=data.get("reason", ""))
    if action == "resubmit":
        fields = {k: data.get(k, getattr(suggestion, k)) for k in ("title", "content", "category", "expected_benefit")}
        return suggestion_revise(**common, **fields, note=data.get("reason", ""))
    if action == "implement":
        return suggestion_implement(
            **common, implementation_cost=data.get("implementation_cost"), note=data.get("reason", "")
        )
    if action == "verify":
        return suggestion_verify(
            **common, gross_benefit=data.get("gross_benefit"), benefit_from=data.get("benefit_from"),
            evidence=data.get("evidence", ""), finance_signoff=data.get("finance_signoff", ""),
        )  # fmt: skip
    if action == "reward":
        return suggestion_reward(**common, amount=data.get("reward_amount"), note=data.get("reason", ""))
    raise ValidationError({"action": f"未知的操作“{action}”。"})


# ---------------------------------------------------------------- many at once (import, demo)


@transaction.atomic
def suggestion_bulk_create(
    *, actor: User, suggestions: list[Suggestion], reviews: dict[int, list[SuggestionReview]] | None = None,
    co_proposers: dict[int, list[CoProposer]] | None = None, action=events.SUGGESTION_IMPORT,
) -> list[Suggestion]:  # fmt: skip
    """Many suggestions at once (the import of historical ones, the demo), with their history and co-proposers.

    ``reviews`` and ``co_proposers`` map a suggestion's index to unsaved rows whose ``suggestion`` is set
    here; the month is written from the date; one audit event per suggestion. The caller builds valid rows.
    """
    for row in suggestions:
        row.month = month_number(row.submitted_on)
    created = Suggestion.objects.bulk_create(suggestions, batch_size=2000)
    history, people = [], []
    for i, row in enumerate(created):
        for review in (reviews or {}).get(i, ()):
            review.suggestion_id = row.pk
            history.append(review)
        for co in (co_proposers or {}).get(i, ()):
            co.suggestion_id = row.pk
            people.append(co)
    SuggestionReview.objects.bulk_create(history, batch_size=5000)
    CoProposer.objects.bulk_create(people, batch_size=5000)
    suggestions_figures_refresh(created)
    audit_many(
        actor=actor, action=action,
        changes=((s, None, {"number": s.number, "status": s.status, "unit": s.unit_id}) for s in created),
    )  # fmt: skip
    return created


# ---------------------------------------------------------------- the rules as data (the office, in the admin)

RULE_FIELDS = {
    ReplyDeadline: ("label", "workdays"),
    RewardRule: ("label", "min_benefit", "max_benefit", "min_amount", "max_amount", "certificate", "basis", "active"),
    RewardSetting: ("basis", "share_percent", "duty_excluded_levels"),
}


@transaction.atomic
def workflow_rule_save(*, actor: User, obj, data: dict):
    """Save a reply deadline, a reward tier or the reward setting as the office changed it, audited.

    A tier's amounts must be ordered; the rules apply to the steps taken from now on."""
    model = type(obj)
    data = {name: value for name, value in data.items() if name in RULE_FIELDS[model]}
    if model is RewardRule:
        least, most = data.get("min_amount"), data.get("max_amount")
        if least is not None and most is not None and least > most:
            raise ValidationError({"max_amount": "奖金上限不能低于下限。"})
        if data.get("max_benefit") is not None and data["max_benefit"] <= data.get("min_benefit", 0):
            raise ValidationError({"max_benefit": "年效益上限须高于下限。"})
    if obj.pk is None:
        ensure_allowed(actor, model, Action.ADD)
        for name, value in data.items():
            setattr(obj, name, value)
        obj.full_clean()
        obj.save()
        audit(actor=actor, action=events.SUGGESTION_RULE_CHANGE, obj=obj, after=snapshot(obj))
        return obj
    ensure_allowed(actor, obj, Action.CHANGE)
    stored = model.objects.select_for_update().get(pk=obj.pk)
    if isinstance(stored, RewardRule | RewardSetting):
        return model_update(obj=stored, data=data, actor=actor, action=events.SUGGESTION_RULE_CHANGE)
    before = snapshot(stored)
    for name, value in data.items():
        setattr(stored, name, value)
    stored.full_clean()
    stored.save()
    audit(actor=actor, action=events.SUGGESTION_RULE_CHANGE, obj=stored, before=before, after=snapshot(stored))
    return stored
