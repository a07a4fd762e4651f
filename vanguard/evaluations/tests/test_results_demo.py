"""The results demo builder composes with the rounds the other builders leave: past voting rounds whose vote
stands are computed and published, the others stay; rounds in scoring get their ratings; running it again
adds nothing."""

import datetime

from django.utils import timezone

from ..choices import EvaluatorKind, Method, RoundStatus
from ..demo import build_demo_results
from ..models import Rating, RoundResult
from . import results_kit as kit
from .kit import APPRAISAL_CHOICES, appraisal_round


def test_the_demo_publishes_past_rounds_and_rates_scoring_ones(company):
    past = appraisal_round(company)
    past.voting_closes = timezone.now() - datetime.timedelta(days=1)
    past.save()
    subjects = list(past.subjects.all())
    kit.mark_voted(past, len(subjects))
    kit.cast(past, {s: ["qualified", "excellent"] for s in subjects})
    void = appraisal_round(company, scheme=kit.scheme(ballot_choices=APPRAISAL_CHOICES))
    kit.criterion(void.scheme, "vote", 100, Method.BALLOT)
    void.voting_closes = timezone.now() - datetime.timedelta(days=1)
    void.save()  # no voters: its vote does not stand
    scheme = kit.scheme(groups={EvaluatorKind.PEER: 100})
    kit.criterion(scheme, "work", 100, Method.RATING, scale_max=10)
    scoring = appraisal_round(company, scheme=scheme, status=RoundStatus.SCORING)
    kit.rater(scoring, company.users["dangyuan"].person, EvaluatorKind.PEER)

    build_demo_results("tiny")
    past.refresh_from_db()
    void.refresh_from_db()
    assert past.status == RoundStatus.PUBLISHED and RoundResult.objects.filter(round=past).count() == len(subjects)
    assert void.status == RoundStatus.VOTING
    ratings = Rating.objects.filter(round=scoring)
    assert ratings.count() == scoring.subjects.count()
    assert all(0 <= r.score <= 10 for r in ratings)
    build_demo_results("tiny")
    assert Rating.objects.filter(round=scoring).count() == ratings.count()
