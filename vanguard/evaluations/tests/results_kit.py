"""Hand-made rounds for the results tests: ballots, ratings and an automatic source written straight to the
tables, so each test works out its expected numbers from what it wrote."""

import datetime
import itertools
from decimal import Decimal

from django.utils import timezone

from ..choices import EvaluatorKind, Method, RoundStatus, SubjectKind
from ..models import (
    Ballot,
    BallotMark,
    Criterion,
    EvaluationRound,
    EvaluationScheme,
    EvaluatorGroup,
    GradeBand,
    RoundEvaluator,
    RoundSubject,
    Voter,
)
from ..sources import Source, SourceValue, register_source, source

_codes = itertools.count(1)
# What the test source answers: ``{subject.pk: score}``; a test sets it before computing.
FIXED: dict = {}


def _fixed(round_, subjects, params):
    return {
        s.pk: SourceValue(score=FIXED[s.pk], value=FIXED[s.pk], unit="分", detail="测试来源", url=f"/records/{s.pk}/")
        for s in subjects
        if s.pk in FIXED
    }


TEST_SOURCE = source("test-fixed") or register_source(
    Source(code="test-fixed", label="测试来源", subject_kinds=frozenset(SubjectKind.values), compute=_fixed)
)


def cast(round_, columns, kind=EvaluatorKind.MASSES, criterion=None):
    """Cast ballots: ``columns`` maps a subject to the choices the ballots give it, the i-th ballot marking
    each subject with its i-th choice (as many ballots as the longest column)."""
    for i in range(max(len(c) for c in columns.values())):
        ballot = Ballot.objects.create(round=round_, code=f"T{next(_codes):011d}", cast=True, kind=kind)
        for subject, choices in columns.items():
            if i < len(choices):
                BallotMark.objects.create(ballot=ballot, subject=subject, criterion=criterion, choice=choices[i])


def mark_voted(round_, n):
    """``n`` of the round's voters have voted (the others are due): the round stands when n > half."""
    for i, evaluator in enumerate(round_.evaluators.filter(votes=True).order_by("pk")):
        Voter.objects.create(round=round_, person=evaluator.person, has_voted=i < n)


def scheme(code=None, *, kind=SubjectKind.MEMBER, groups=None, bands=None, **fields):
    """A scheme with ``groups`` ({kind: weight}) and ``bands`` ([(code, min, quota, stars)])."""
    scheme_ = EvaluationScheme.objects.create(
        code=code or f"results-test-{next(_codes)}", name="测试方案", subject_kind=kind, **fields
    )
    for group_kind, weight in (groups or {}).items():
        EvaluatorGroup.objects.create(scheme=scheme_, kind=group_kind, weight=weight)
    for band_code, min_score, quota, stars in bands or ():
        GradeBand.objects.create(
            scheme=scheme_, code=band_code, label=band_code, min_score=min_score, quota=quota, stars=stars
        )
    return scheme_


def criterion(scheme_, code, weight, method="", parent=None, **fields):
    return Criterion.objects.create(
        scheme=scheme_, code=code, name=code, weight=weight, method=method, parent=parent, **fields
    )


def round_over(company, scheme_, people=(), orgs=(), status=RoundStatus.SCORING, year=2026):
    round_ = EvaluationRound.objects.create(
        scheme=scheme_, name=f"测试轮次 {year}", org=company.committee if orgs else company.branch,
        period_start=datetime.date(year, 1, 1), period_end=datetime.date(year, 12, 31), status=status,
        voting_opens=timezone.now() - datetime.timedelta(hours=1), created_by=company.users["dangwei"],
    )  # fmt: skip
    subjects = [RoundSubject.objects.create(round=round_, person=p) for p in people]
    subjects += [RoundSubject.objects.create(round=round_, party_org=o) for o in orgs]
    return round_, subjects


def rater(round_, person, kind, subject=None):
    return RoundEvaluator.objects.create(round=round_, person=person, kind=kind, rates=True, subject=subject)


def d(text) -> Decimal:
    return Decimal(str(text))


__all__ = ["Method"]
