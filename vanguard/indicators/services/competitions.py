"""Writes of competitions: setting one up (categories, entries, rules, judges), judges' signed scores,
vetoes and bonuses, the board's screen token, and making a period's results final.

Each write that moves points recomputes the period's standings in its own transaction
(``services.standings``), so a board never shows points its inputs no longer give.
"""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from vanguard.core.access import choices, ensure_allowed
from vanguard.core.audit import audit
from vanguard.core.choices import Action
from vanguard.core.events import emit
from vanguard.core.exceptions import ScopeError
from vanguard.org.models import Person, Unit, User

from .. import events
from ..choices import ScoringMethod
from ..models import (
    BonusAward,
    BonusItem,
    Competition,
    CompetitionCategory,
    CompetitionEntry,
    CompetitionResult,
    CompetitionStanding,
    Judge,
    JudgeScore,
    ScoringRule,
    Veto,
    VetoRule,
)
from ..periods import Period, month_number
from .standings import recompute, recompute_all

SETUP_FIELDS = ("name", "kind", "year", "granularity", "method", "min_judges", "judge_scale", "red_flag_threshold",
                "bonus_cap", "description")  # fmt: skip


def _period(competition, first, last):
    """The competition's period ``first``…``last``, refused when it is not one of its periods."""
    period = Period(first, last)
    if period not in competition.periods():
        raise ValidationError(f"“{period.label}”不是本竞赛的评比周期。")
    return period


def _ensure_open(competition, period):
    if CompetitionResult.objects.filter(competition=competition, first_month=period.first,
                                        last_month=period.last).exists():  # fmt: skip
        raise ValidationError(f"{period.label}的竞赛结果已公布,不能再更改。")


def _decimal(raw, label, low=None, high=None):
    try:
        value = raw if isinstance(raw, Decimal) else Decimal(str(raw).strip())
    except (InvalidOperation, ValueError):
        raise ValidationError(f"{label}必须是数字。") from None
    if not value.is_finite():
        raise ValidationError(f"{label}必须是数字。")
    if low is not None and value < low:
        raise ValidationError(f"{label}不能小于 {low}。")
    if high is not None and value > high:
        raise ValidationError(f"{label}不能大于 {high}。")
    return value.quantize(Decimal("0.01"))


# ---------------------------------------------------------------------------------------- setting up


@transaction.atomic
def competition_create(*, actor: User, unit: Unit, categories=("全部",), **fields) -> Competition:
    """A competition organised by ``unit`` (the organiser's scope), with its categories."""
    competition = Competition(unit=unit, **{k: v for k, v in fields.items() if k in SETUP_FIELDS})
    if not _may_add(actor, unit):
        raise ScopeError("您无权在该单位组织竞赛。")
    competition.full_clean()
    competition.save()
    CompetitionCategory.objects.bulk_create(
        [CompetitionCategory(competition=competition, name=name, order=n) for n, name in enumerate(categories)]
    )
    audit(actor=actor, action=events.COMPETITION_SAVE, obj=competition,
          after={f: str(getattr(competition, f)) for f in SETUP_FIELDS} | {"unit": unit.name})  # fmt: skip
    return competition


def _may_add(actor, unit):
    return choices(actor, Competition, "unit", Action.ADD).filter(pk=unit.pk).exists()


@transaction.atomic
def competition_entries_add(*, actor: User, competition: Competition, category: CompetitionCategory,
                            units=(), people=()) -> int:  # fmt: skip
    """Enter teams (under the organising unit) or people into ``category``; returns how many were added."""
    ensure_allowed(actor, competition, Action.CHANGE)
    if category.competition_id != competition.pk:
        raise ValidationError("该类别不属于本竞赛。")
    outside = [u.name for u in units if not u.path.startswith(competition.unit.path)]
    if outside:
        raise ValidationError(f"{'、'.join(outside[:5])}不在{competition.unit.name}范围内。")
    taken = set(competition.entries.values_list("unit_id", flat=True)) | set(
        competition.entries.values_list("person_id", flat=True)
    )
    names = entry_names(units)
    rows = [CompetitionEntry(competition=competition, category=category, unit=u, name=names[u.pk])
            for u in units if u.pk not in taken]  # fmt: skip
    rows += [CompetitionEntry(competition=competition, category=category, person=p, name=p.name)
             for p in people if p.pk not in taken]  # fmt: skip
    CompetitionEntry.objects.bulk_create(rows)
    audit(actor=actor, action=events.COMPETITION_ENTRIES, obj=competition,
          after={"category": category.name, "added": [r.name for r in rows][:50]})  # fmt: skip
    recompute_all(competition, actor=actor)
    return len(rows)


def entry_names(units):
    """``{unit id: name}`` a team is known by on a board: with its work area (一作业区甲班), since every area
    has its 甲班; one query for the parents."""
    parents = {u.path[: -Unit.steplen] for u in units if u.depth > 1}
    names = dict(Unit.objects.filter(path__in=parents).values_list("path", "name"))
    return {u.pk: f"{names.get(u.path[: -Unit.steplen], '')}{u.name}" for u in units}


@transaction.atomic
def competition_rule_save(*, actor: User, competition: Competition, indicator, weight, normalisation="none",
                          target=None, tiers=()) -> ScoringRule:  # fmt: skip
    """Count ``indicator`` into the points (or change how it counts); ``tiers`` ``[(beyond %, points)]``."""
    ensure_allowed(actor, competition, Action.CHANGE)
    if competition.method != ScoringMethod.INDICATORS:
        raise ValidationError("评委打分的竞赛没有指标计分规则。")
    weight = _decimal(weight, "分值", low=0)
    rule, _ = ScoringRule.objects.update_or_create(
        competition=competition, indicator=indicator,
        defaults={"weight": weight, "normalisation": normalisation,
                  "target": None if target in (None, "") else _decimal(target, "目标值")},
    )  # fmt: skip
    rule.full_clean()
    rule.tiers.all().delete()
    rule.tiers.bulk_create([rule.tiers.model(rule=rule, beyond_percent=_decimal(b, "超出目标", low=0),
                                             points=_decimal(p, "档次加分", low=0)) for b, p in tiers])  # fmt: skip
    audit(actor=actor, action=events.COMPETITION_RULES, obj=competition,
          after={"indicator": indicator.name, "weight": str(weight), "normalisation": normalisation,
                 "tiers": [[str(b), str(p)] for b, p in tiers]})  # fmt: skip
    recompute_all(competition, actor=actor)
    return rule


@transaction.atomic
def competition_judges_set(*, actor: User, competition: Competition, people) -> None:
    """The panel of judges: those in ``people``; a judge who has signed scores stays."""
    ensure_allowed(actor, competition, Action.CHANGE)
    wanted = {p.pk for p in people}
    current = dict(competition.judges.values_list("person_id", "pk"))
    leaving = [pk for person, pk in current.items() if person not in wanted]
    if JudgeScore.objects.filter(judge_id__in=leaving).exists():
        raise ValidationError("已签名评分的评委不能移出评委组。")
    Judge.objects.filter(pk__in=leaving).delete()
    Judge.objects.bulk_create([Judge(competition=competition, person_id=p) for p in wanted - set(current)])
    audit(actor=actor, action=events.COMPETITION_JUDGES, obj=competition,
          after={"judges": sorted(Person.objects.filter(pk__in=wanted).values_list("name", flat=True))})  # fmt: skip


@transaction.atomic
def competition_screen_token_regenerate(*, actor: User, competition: Competition) -> str:
    """A new token for the board's screen: every screen opened with the old one stops showing it."""
    ensure_allowed(actor, competition, Action.CHANGE)
    from ..models.competitions import new_screen_token

    competition.screen_token = new_screen_token()
    competition.save(update_fields=["screen_token", "updated_at"])
    audit(actor=actor, action=events.COMPETITION_SCREEN_TOKEN, obj=competition, after={"regenerated": True})
    return competition.screen_token


@transaction.atomic
def competition_recompute(*, actor: User, competition: Competition) -> None:
    """Recompute every started period (after targets were set, or headcounts changed on the roster)."""
    ensure_allowed(actor, competition, Action.CHANGE)
    recompute_all(competition, actor=actor)
    audit(actor=actor, action=events.COMPETITION_RECOMPUTE, obj=competition, after={})


# ---------------------------------------------------------------------------------------- judges, vetoes, bonuses


def judge_seat(actor, competition):
    """The actor's seat on the competition's panel, or None."""
    person_id = getattr(getattr(actor, "person", None), "pk", None)
    if person_id is None:
        return None
    return Judge.objects.filter(competition=competition, person_id=person_id).first()


@transaction.atomic
def judge_score_sign(*, actor: User, entry: CompetitionEntry, first_month: int, last_month: int, score,
                     note: str = "") -> JudgeScore:  # fmt: skip
    """A judge signs his score of ``entry`` for a period: once, only in a competition he judges."""
    competition = entry.competition
    judge = judge_seat(actor, competition)
    if judge is None:
        raise ScopeError("您不是该竞赛的评委,不能评分。")
    if not competition.judged:
        raise ValidationError("该竞赛按指标计分,不设评委评分。")
    period = _period(competition, first_month, last_month)
    if period.first > month_number(timezone.localdate()):
        raise ValidationError(f"{period.label}尚未开始,不能评分。")
    _ensure_open(competition, period)
    value = _decimal(score, "评分", low=Decimal(0), high=competition.judge_scale)
    scores = JudgeScore.objects.select_for_update().filter(judge=judge, entry=entry, first_month=period.first,
                                                           last_month=period.last)  # fmt: skip
    if scores.exists():
        raise ValidationError(f"您已为“{entry.name}”{period.label}签名评分,不能重复评分。")
    row = JudgeScore.objects.create(judge=judge, entry=entry, first_month=period.first, last_month=period.last,
                                    score=value, note=(note or "").strip()[:300], signed_at=timezone.now())  # fmt: skip
    audit(actor=actor, action=events.COMPETITION_JUDGE_SCORE, obj=row,
          after={"entry": entry.name, "period": period.label, "score": str(value)})  # fmt: skip
    recompute(competition, period, actor=actor)
    return row


@transaction.atomic
def veto_record(*, actor: User, entry: CompetitionEntry, first_month: int, last_month: int, reason: str,
                evidence: str, rule: VetoRule | None = None, level: int | None = None) -> Veto:  # fmt: skip
    """一票否决 an entry for a period, with the reason and the evidence (an incident report's number)."""
    competition = entry.competition
    ensure_allowed(actor, competition, Action.CHANGE)
    period = _period(competition, first_month, last_month)
    _ensure_open(competition, period)
    reason, evidence = (reason or "").strip(), (evidence or "").strip()
    if not reason or not evidence:
        raise ValidationError("一票否决须写明原因和证据。")
    if rule is not None and rule.competition_id != competition.pk:
        raise ValidationError("该否决规则不属于本竞赛。")
    if rule is not None and rule.level and (level or 0) < rule.level:
        raise ValidationError(f"“{rule.label}”只对{rule.get_level_display()}及以上等级的事故否决。")
    veto = Veto.objects.create(entry=entry, rule=rule, level=level, first_month=period.first, last_month=period.last,
                               reason=reason[:300], evidence=evidence, recorded_by=actor, recorded_at=timezone.now())  # fmt: skip
    audit(actor=actor, action=events.COMPETITION_VETO, obj=veto,
          after={"entry": entry.name, "period": period.label, "reason": veto.reason, "evidence": evidence})  # fmt: skip
    recompute(competition, period, actor=actor)
    return veto


@transaction.atomic
def veto_delete(*, actor: User, veto: Veto, reason: str) -> None:
    """Withdraw a veto recorded in error, with the reason on record."""
    competition = veto.entry.competition
    ensure_allowed(actor, competition, Action.CHANGE)
    period = Period(veto.first_month, veto.last_month)
    _ensure_open(competition, period)
    if not (reason or "").strip():
        raise ValidationError("撤销一票否决须写明原因。")
    audit(actor=actor, action=events.COMPETITION_VETO_DELETE, obj=veto,
          before={"reason": veto.reason}, after={"why": reason.strip()})  # fmt: skip
    veto.delete()
    recompute(competition, period, actor=actor)


@transaction.atomic
def bonus_award(*, actor: User, entry: CompetitionEntry, item: BonusItem, first_month: int, last_month: int,
                points, reason: str) -> BonusAward:  # fmt: skip
    """Bonus points for an entry in a period (capped per item and in all when counted)."""
    competition = entry.competition
    ensure_allowed(actor, competition, Action.CHANGE)
    if item.competition_id != competition.pk:
        raise ValidationError("该加分项不属于本竞赛。")
    period = _period(competition, first_month, last_month)
    _ensure_open(competition, period)
    if not (reason or "").strip():
        raise ValidationError("加分须写明事由。")
    award = BonusAward.objects.create(item=item, entry=entry, first_month=period.first, last_month=period.last,
                                      points=_decimal(points, "加分", low=0), reason=reason.strip()[:200],
                                      recorded_by=actor, recorded_at=timezone.now())  # fmt: skip
    audit(actor=actor, action=events.COMPETITION_BONUS, obj=award,
          after={"entry": entry.name, "item": item.name, "points": str(award.points), "reason": award.reason})  # fmt: skip
    recompute(competition, period, actor=actor)
    return award


# ---------------------------------------------------------------------------------------- results


@transaction.atomic
def competition_results_publish(*, actor: User, competition: Competition, first_month: int,
                                last_month: int) -> CompetitionResult:  # fmt: skip
    """Make a period's results final (公布): the period must be over; the red flags are decided on the final
    standings. Emits ``COMPETITION_RESULTS_FINAL`` for notices and honours."""
    ensure_allowed(actor, competition, Action.CHANGE)
    period = _period(competition, first_month, last_month)
    if period.last >= month_number(timezone.localdate()):
        raise ValidationError(f"{period.label}尚未结束,不能公布结果。")
    _ensure_open(competition, period)
    # Final from here: the recomputation decides the red flags on these standings (refused, it all rolls back).
    result = CompetitionResult.objects.create(competition=competition, first_month=period.first,
                                              last_month=period.last, published_at=timezone.now(),
                                              published_by=actor)  # fmt: skip
    recompute(competition, period, actor=actor)
    if not CompetitionStanding.objects.filter(competition=competition, rank__isnull=False).of_period(period).exists():
        raise ValidationError(f"{period.label}没有成立的排名,不能公布。")
    audit(actor=actor, action=events.COMPETITION_RESULTS_FINAL, obj=result, after={"period": period.label})
    emit(events.COMPETITION_RESULTS_FINAL, result)
    return result
