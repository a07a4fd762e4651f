"""Test rows for the evaluations app, written straight to the tables (the services under test are not used to
build their own fixtures): a 民主评议党员-like scheme and a round over the tiny company's branch."""

import datetime
from decimal import Decimal

from django.utils import timezone

from vanguard.org.choices import MembershipStatus
from vanguard.org.models import PartyMembership

from ..choices import EvaluatorKind, Method, RoundStatus, SubjectKind
from ..models import (
    Criterion,
    EvaluationRound,
    EvaluationScheme,
    EvaluatorGroup,
    GradeBand,
    RoundEvaluator,
    RoundSubject,
)

APPRAISAL_CHOICES = [
    {"code": "excellent", "label": "优秀", "points": 100},
    {"code": "qualified", "label": "合格", "points": 80},
    {"code": "basic", "label": "基本合格", "points": 60},
    {"code": "unqualified", "label": "不合格", "points": 0},
]


def appraisal_scheme(code="test-appraisal"):
    """A democratic appraisal: one ballot criterion, the masses' group at 100 %, the four grades (优秀 ≤ 1/3)."""
    scheme = EvaluationScheme.objects.create(
        code=code, name="测试民主评议党员", subject_kind=SubjectKind.MEMBER, ballot_choices=APPRAISAL_CHOICES,
        self_assessment=True, grade_probationary=False,
    )  # fmt: skip
    Criterion.objects.create(scheme=scheme, code="vote", name="民主测评", weight=100, method=Method.BALLOT)
    EvaluatorGroup.objects.create(scheme=scheme, kind=EvaluatorKind.MASSES, weight=100)
    for code, label, min_score, quota in (
        ("excellent", "优秀", 90, Decimal("0.3333")),
        ("qualified", "合格", 70, None),
        ("basic", "基本合格", 60, None),
        ("unqualified", "不合格", 0, None),
    ):
        GradeBand.objects.create(scheme=scheme, code=code, label=label, min_score=min_score, quota=quota)
    return scheme


def appraisal_round(company, *, status=RoundStatus.VOTING, scheme=None, hours_left=48):
    """A round of ``scheme`` over shuji's branch: every member is a subject (probationary ones not graded) and a
    voter; voting runs from an hour ago for ``hours_left`` more hours."""
    scheme = scheme or appraisal_scheme()
    now = timezone.now()
    round_ = EvaluationRound.objects.create(
        scheme=scheme, name=f"{company.branch.name} 2026 年民主评议党员", org=company.branch,
        period_start=datetime.date(2026, 1, 1), period_end=datetime.date(2026, 12, 31), status=status,
        voting_opens=now - datetime.timedelta(hours=1), voting_closes=now + datetime.timedelta(hours=hours_left),
        created_by=company.users["shuji"],
    )  # fmt: skip
    memberships = PartyMembership.objects.filter(party_org__path__startswith=company.branch.path).select_related(
        "person"
    )
    for membership in memberships.order_by("person_id"):
        graded = scheme.grade_probationary or membership.status != MembershipStatus.PROBATIONARY
        RoundSubject.objects.create(round=round_, person=membership.person, graded=graded)
        RoundEvaluator.objects.create(round=round_, person=membership.person, kind=EvaluatorKind.MASSES, votes=True)
    return round_
