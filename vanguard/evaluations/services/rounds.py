"""Writes of evaluation rounds (评议轮次): opening a round of a scheme over an org's subjects with its evaluators
and voters, editing them while in 筹备, and moving the round through 筹备 → 已启动 → 评分中 → 投票中.

Computing and publishing are the results' (``services.results``). Each write is atomic and audited; a refused
write raises a Chinese ``ValidationError`` or ``ScopeError`` and changes nothing. Every state change emits
``ROUND_TRANSITION`` (voting starting issues the ballots).
"""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from vanguard.core.access import choices, may
from vanguard.core.audit import audit, snapshot
from vanguard.core.choices import Action
from vanguard.core.events import emit
from vanguard.core.exceptions import ScopeError
from vanguard.core.services import check_version
from vanguard.org.choices import SECTION_AND_ABOVE, MembershipStatus, PartyOrgKind, PartyPost, Role
from vanguard.org.models import PartyMembership, PartyOrg, Person, RoleAssignment, Unit
from vanguard.orglife.attendees import covered_units_q

from .. import events
from ..choices import EvaluatorKind, Method, RoundStatus, SubjectKind
from ..models import EvaluationRound, RoundEvaluator, RoundSubject
from .schemes import scheme_problems

COMMITTEE_POSTS = (PartyPost.SECRETARY, PartyPost.DEPUTY_SECRETARY, PartyPost.COMMITTEE_MEMBER)
LEADERSHIP_KINDS = (PartyOrgKind.COMMITTEE, PartyOrgKind.GENERAL_BRANCH)  # orgs with a 委员会 of their own
# The forward moves a user makes; computing and publishing are the results'.
MOVES = {
    RoundStatus.DRAFT: (RoundStatus.OPEN,),
    RoundStatus.OPEN: (RoundStatus.SCORING, RoundStatus.VOTING),
    RoundStatus.SCORING: (RoundStatus.VOTING,),
}
MOVE_LABELS = {RoundStatus.OPEN: "启动", RoundStatus.SCORING: "开始评分", RoundStatus.VOTING: "开始投票"}
BATCH = 2000


def _methods(scheme):
    return set(scheme.criteria.filter(children__isnull=True).values_list("method", flat=True))


# ---------------------------------------------------------------- who is assessed


def _members(org):
    return PartyMembership.objects.filter(party_org__path__startswith=org.path, person__is_active=True)


def subject_rows(scheme, org):
    """The subjects a round of ``scheme`` run by ``org`` assesses, as unsaved ``RoundSubject`` rows (no round):
    the members of a branch (probationary ones not graded unless the scheme grades them), the branches under a
    committee, the leadership teams under it (党委/党总支; the org itself when none is under it), the
    section-level cadres of the units it covers, the teams and the workers of those units."""
    kind = scheme.subject_kind
    if kind == SubjectKind.MEMBER:
        rows = _members(org).order_by("person_id").values_list("person_id", "status")
        return [
            RoundSubject(person_id=p, graded=scheme.grade_probationary or s != MembershipStatus.PROBATIONARY)
            for p, s in rows
        ]
    if kind in (SubjectKind.BRANCH, SubjectKind.LEADERSHIP):
        kinds = (PartyOrgKind.BRANCH,) if kind == SubjectKind.BRANCH else LEADERSHIP_KINDS
        below = PartyOrg.objects.filter(path__startswith=org.path, kind__in=kinds)
        if kind == SubjectKind.LEADERSHIP:
            below = below.filter(depth__gt=org.depth)
        pks = list(below.order_by("path").values_list("pk", flat=True))
        if not pks and org.kind in kinds:
            pks = [org.pk]
        return [RoundSubject(party_org_id=pk) for pk in pks]
    covered = covered_units_q(org, prefix="")
    if kind == SubjectKind.TEAM:
        pks = Unit.objects.filter(covered, kind="team").order_by("path").values_list("pk", flat=True)
        return [RoundSubject(unit_id=pk) for pk in pks]
    people = Person.objects.filter(covered_units_q(org), is_active=True)
    if kind == SubjectKind.CADRE:
        people = people.filter(cadre_level__in=SECTION_AND_ABOVE)
    else:  # the workers (职工) of the units: everyone below the section-level cadres
        people = people.exclude(cadre_level__in=SECTION_AND_ABOVE)
    return [RoundSubject(person_id=pk) for pk in people.order_by("employee_no").values_list("pk", flat=True)]


def _office(org):
    """The people of the office over ``org``: holders of 党委管理员 on it or an org above it."""
    above = [org.path[:i] for i in range(org.steplen, len(org.path) + 1, org.steplen)]
    users = RoleAssignment.objects.filter(role=Role.COMMITTEE_ADMIN, party_org__path__in=above)
    return set(Person.objects.filter(user__in=users.values("user_id"), is_active=True).values_list("pk", flat=True))


def _committee(orgs):
    """The 委员会 (secretary, deputies, committee members) of the orgs ``orgs`` themselves."""
    rows = PartyMembership.objects.filter(party_org__in=orgs, post__in=COMMITTEE_POSTS, person__is_active=True)
    return set(rows.values_list("person_id", flat=True))


def evaluator_rows(scheme, org, subjects):
    """The evaluators and voters of a round, as unsaved ``RoundEvaluator`` rows (no round), one per person and
    group (and per subject where only some subjects are theirs): superiors are the org's committee and the
    office over it; peers the subjects themselves (persons) or the secretaries of the subject orgs; subordinates
    the committees of the orgs below; the masses every member of the org. The masses vote when the scheme has
    ballot criteria; the named groups rate when it has rating criteria (and vote when it has only ballots)."""
    methods = _methods(scheme)
    rating, ballot = Method.RATING in methods, Method.BALLOT in methods
    groups = set(scheme.evaluator_groups.values_list("kind", flat=True))
    people = {}
    person_subjects = [s.person_id for s in subjects if s.person_id]
    org_subjects = [s.party_org_id for s in subjects if s.party_org_id]
    if EvaluatorKind.SUPERIOR in groups:
        people[EvaluatorKind.SUPERIOR] = _committee([org.pk]) | _office(org)
    if EvaluatorKind.PEER in groups:
        people[EvaluatorKind.PEER] = set(person_subjects) or _committee(org_subjects)
    if EvaluatorKind.SUBORDINATE in groups:
        below = PartyOrg.objects.filter(path__startswith=org.path, depth=org.depth + 1).values("pk")
        people[EvaluatorKind.SUBORDINATE] = _committee(below) or _committee(org_subjects)
    if EvaluatorKind.MASSES in groups:
        people[EvaluatorKind.MASSES] = set(_members(org).values_list("person_id", flat=True))
    rows = []
    for kind, pks in people.items():
        masses = kind == EvaluatorKind.MASSES
        rates = rating and (not masses or not ballot)
        votes = ballot and (masses or not rating or EvaluatorKind.MASSES not in groups)
        rows += [RoundEvaluator(person_id=pk, kind=kind, rates=rates, votes=votes) for pk in sorted(pks)]
    if EvaluatorKind.SELF in groups:  # each person subject rates himself
        rows += [
            RoundEvaluator(person_id=s.person_id, kind=EvaluatorKind.SELF, subject=s, rates=True)
            for s in subjects
            if s.person_id
        ]
    return rows


# ---------------------------------------------------------------- the round


def organisable_orgs(actor):
    """The party orgs ``actor`` may run a round for."""
    return choices(actor, EvaluationRound, "org")


def _validate_window(opens, closes, *, now=None):
    if opens and closes and closes <= opens:
        raise ValidationError({"voting_closes": "投票截止时间须晚于开始时间。"})


@transaction.atomic
def round_create(
    *, actor, scheme, org, name="", period_start, period_end, voting_opens=None, voting_closes=None,
    quorum=Decimal("0.5"), min_tally_group=3,
):  # fmt: skip
    """Open a round in 筹备 and fill its subjects and evaluators from ``org`` by the scheme's subject kind."""
    if not organisable_orgs(actor).filter(pk=org.pk).exists():
        raise ScopeError("只有本组织的党委管理员或支部书记可以组织评议。")
    if not scheme.active:
        raise ValidationError({"scheme": "该方案已停用。"})
    if problems := scheme_problems(scheme):
        raise ValidationError({"scheme": ["方案尚不完整:", *problems]})
    if period_end < period_start:
        raise ValidationError({"period_end": "考评期止须不早于考评期起。"})
    _validate_window(voting_opens, voting_closes)
    round_ = EvaluationRound(
        scheme=scheme, org=org, name=name or f"{org} {period_end.year} 年{scheme.name}", period_start=period_start,
        period_end=period_end, voting_opens=voting_opens, voting_closes=voting_closes, quorum=quorum,
        min_tally_group=min_tally_group, created_by=actor,
    )  # fmt: skip
    round_.full_clean()
    round_.save()
    subjects = subject_rows(scheme, org)
    for subject in subjects:
        subject.round = round_
    RoundSubject.objects.bulk_create(subjects, batch_size=BATCH)
    if any(s.pk is None for s in subjects):  # SQLite before 3.35 returns no ids: read them back
        subjects = list(round_.subjects.all())
    evaluators = evaluator_rows(scheme, org, subjects)
    for evaluator in evaluators:
        evaluator.round = round_
    RoundEvaluator.objects.bulk_create(evaluators, batch_size=BATCH)
    audit(
        actor=actor, action=events.ROUND_SAVE, obj=round_,
        after={**snapshot(round_), "subjects": len(subjects), "evaluators": len(evaluators)},
    )  # fmt: skip
    return round_


def _ensure_organiser(actor, round_):
    if not may(actor, Action.CHANGE, round_):
        raise ScopeError("只有本轮评议的组织者(党委管理员、支部书记)可以进行此操作。")


def _ensure_draft(round_):
    if round_.status != RoundStatus.DRAFT:
        raise ValidationError(f"轮次已{round_.get_status_display()},考评对象和评价人不能再修改。")


def _bump(actor, round_, what, before=None, after=None):
    EvaluationRound.objects.filter(pk=round_.pk).update(version=F("version") + 1, updated_at=timezone.now())
    round_.version += 1
    audit(actor=actor, action=events.ROUND_SAVE, obj=round_, before=before, after={"part": what, **(after or {})})


@transaction.atomic
def round_update(*, actor, round_, data, expected_version=None):
    """Change a round's name, period, voting window and quorum; the window may move until voting starts."""
    _ensure_organiser(actor, round_)
    check_version(round_, expected_version)
    fields = ["name", "voting_opens", "voting_closes", "quorum", "min_tally_group"]
    if round_.status == RoundStatus.DRAFT:
        fields += ["period_start", "period_end"]
    elif round_.status not in (RoundStatus.OPEN, RoundStatus.SCORING):
        raise ValidationError(f"轮次已{round_.get_status_display()},不能再修改。")
    before = snapshot(round_)
    for name in fields:
        if name in data:
            setattr(round_, name, data[name])
    if round_.period_end < round_.period_start:
        raise ValidationError({"period_end": "考评期止须不早于考评期起。"})
    _validate_window(round_.voting_opens, round_.voting_closes)
    round_.full_clean()
    round_.version += 1
    round_.save()
    audit(actor=actor, action=events.ROUND_SAVE, obj=round_, before=before, after=snapshot(round_))
    return round_


@transaction.atomic
def subject_add(*, actor, round_, person=None, party_org=None, unit=None, graded=True, expected_version=None):
    """Add one subject of the scheme's kind while the round is in 筹备."""
    _ensure_organiser(actor, round_)
    check_version(round_, expected_version)
    _ensure_draft(round_)
    kind = round_.scheme.subject_kind
    thing = {"person": person} if person else {"party_org": party_org} if party_org else {"unit": unit}
    wanted = {
        SubjectKind.LEADERSHIP: "party_org", SubjectKind.BRANCH: "party_org", SubjectKind.TEAM: "unit",
    }.get(kind, "person")  # fmt: skip
    if wanted not in thing or next(iter(thing.values())) is None:
        raise ValidationError(f"本方案考评{SubjectKind(kind).label},请选择{SubjectKind(kind).label}。")
    if round_.subjects.filter(**thing).exists():
        raise ValidationError(f"“{next(iter(thing.values()))}”已是本轮的考评对象。")
    subject = RoundSubject.objects.create(round=round_, graded=graded, **thing)
    _bump(actor, round_, "subject_add", after={"subject": str(subject)})
    return subject


@transaction.atomic
def subject_remove(*, actor, round_, subject, expected_version=None):
    _ensure_organiser(actor, round_)
    check_version(round_, expected_version)
    _ensure_draft(round_)
    text = str(subject)
    subject.delete()
    _bump(actor, round_, "subject_remove", before={"subject": text})


@transaction.atomic
def subject_set_graded(*, actor, round_, subject, graded, expected_version=None):
    _ensure_organiser(actor, round_)
    check_version(round_, expected_version)
    _ensure_draft(round_)
    RoundSubject.objects.filter(pk=subject.pk).update(graded=graded)
    _bump(actor, round_, "subject_graded", after={"subject": str(subject), "graded": graded})


@transaction.atomic
def evaluator_add(*, actor, round_, person, kind, subject=None, rates=True, votes=False, expected_version=None):
    """Add a named evaluator or voter in one of the scheme's groups while the round is in 筹备."""
    _ensure_organiser(actor, round_)
    check_version(round_, expected_version)
    _ensure_draft(round_)
    if not round_.scheme.evaluator_groups.filter(kind=kind).exists():
        raise ValidationError({"kind": f"方案没有“{EvaluatorKind(kind).label}”评价群体。"})
    if not (rates or votes):
        raise ValidationError("请选择署名评分或无记名投票(至少一项)。")
    if subject is not None and subject.round_id != round_.pk:
        raise ValidationError({"subject": "评价对象不属于本轮。"})
    if round_.evaluators.filter(person=person, kind=kind, subject=subject).exists():
        raise ValidationError(f"{person}已在本轮的“{EvaluatorKind(kind).label}”评价人中。")
    evaluator = RoundEvaluator.objects.create(
        round=round_, person=person, kind=kind, subject=subject, rates=rates, votes=votes
    )
    _bump(actor, round_, "evaluator_add", after={"evaluator": str(evaluator)})
    return evaluator


@transaction.atomic
def evaluator_remove(*, actor, round_, evaluator, expected_version=None):
    _ensure_organiser(actor, round_)
    check_version(round_, expected_version)
    _ensure_draft(round_)
    text = str(evaluator)
    evaluator.delete()
    _bump(actor, round_, "evaluator_remove", before={"evaluator": text})


@transaction.atomic
def subject_plan_save(*, actor, round_, subject, plan, expected_version=None):
    """一人一策: the subject's own targets and measures, kept by the organisers until the rating starts."""
    _ensure_organiser(actor, round_)
    check_version(round_, expected_version)
    if not round_.scheme.individual_plans:
        raise ValidationError("本方案不是一人一策,考评对象没有个人目标与措施。")
    if round_.status not in (RoundStatus.DRAFT, RoundStatus.OPEN):
        raise ValidationError(f"轮次已{round_.get_status_display()},个人目标与措施不能再修改。")
    plan = (plan or "").strip()
    subject.plan = plan
    subject.full_clean(exclude=["round", "person", "party_org", "unit"])
    RoundSubject.objects.filter(pk=subject.pk).update(plan=plan)
    _bump(actor, round_, "subject_plan", after={"subject": str(subject), "plan": plan})
    return subject


# ---------------------------------------------------------------- the moves


def transition_problems(round_, to, *, now=None):
    """Why ``round_`` cannot move to ``to`` now (empty: it can)."""
    now = now or timezone.now()
    if to not in MOVES.get(round_.status, ()):
        return [f"轮次{round_.get_status_display()},不能{MOVE_LABELS.get(to, '转到' + RoundStatus(to).label)}。"]
    problems = []
    methods = _methods(round_.scheme)
    if round_.status == RoundStatus.DRAFT:
        problems += [f"方案:{p}" for p in scheme_problems(round_.scheme)]
        if not round_.subjects.exists():
            problems.append("还没有考评对象。")
        evaluators = round_.evaluators.all()
        if Method.RATING in methods and not evaluators.filter(rates=True).exists():
            problems.append("方案有评分指标,还没有署名评分的评价人。")
        if Method.BALLOT in methods and not evaluators.filter(votes=True).exists():
            problems.append("方案有投票指标,还没有投票人。")
    if to == RoundStatus.SCORING and Method.RATING not in methods:
        problems.append("方案没有评分指标,请直接开始投票。")
    if to == RoundStatus.VOTING:
        if Method.BALLOT not in methods:
            problems.append("方案没有投票指标,评分结束后直接计算结果。")
        elif round_.status == RoundStatus.OPEN and Method.RATING in methods:
            problems.append("方案有评分指标,请先开始评分。")
    if (round_.status == RoundStatus.DRAFT and Method.BALLOT in methods) or to == RoundStatus.VOTING:
        if not (round_.voting_opens and round_.voting_closes):
            problems.append("请先设定投票时间。")
        elif round_.voting_closes <= now:
            problems.append("投票截止时间已过,请先修改投票时间。")
    return problems


@transaction.atomic
def round_transition(*, actor, round_, to, version=None):
    """Move ``round_`` one step forward (启动, 开始评分, 开始投票): checked, audited, ``ROUND_TRANSITION``."""
    _ensure_organiser(actor, round_)
    round_ = EvaluationRound.objects.select_for_update().select_related("scheme").get(pk=round_.pk)
    check_version(round_, version)
    if problems := transition_problems(round_, to):
        raise ValidationError(problems)
    before = round_.status
    now = timezone.now()
    changes = {"status": to, "version": round_.version + 1, "updated_at": now}
    EvaluationRound.objects.filter(pk=round_.pk).update(**changes)
    for name, value in changes.items():
        setattr(round_, name, value)
    audit(actor=actor, action=events.ROUND_TRANSITION, obj=round_, before={"status": before}, after={"status": to})
    emit(events.ROUND_TRANSITION, events.RoundChange(actor=actor, round=round_, before=before))
    return round_


def next_moves(round_):
    """The moves the round's page offers: those its scheme has a use for (one query)."""
    moves = MOVES.get(round_.status, ())
    if not moves:
        return []
    methods = _methods(round_.scheme)
    useless = set()
    if Method.RATING not in methods:
        useless.add(RoundStatus.SCORING)
    if Method.BALLOT not in methods or (round_.status == RoundStatus.OPEN and Method.RATING in methods):
        useless.add(RoundStatus.VOTING)
    return [(to, MOVE_LABELS[to]) for to in moves if to not in useless]


def default_period(today=None):
    today = today or timezone.localdate()
    return datetime.date(today.year, 1, 1), datetime.date(today.year, 12, 31)
