"""Benchmark cases of appraisal schemes and rounds (考评方案, 评议轮次), added to ``bench/run.py``'s lists by
``register``.

At large scale the demo holds 40 branches' 民主评议党员 rounds of last year, shuji's of this year and the
committee's 四佳 round over 400 branches (about 1,000 rating evaluators). The round page shows the first subjects
and evaluators and counts the rest; the list pages its rows by id. Query counts constant in the data size.
"""

PAGE = {"median_ms": 100, "queries": 20}


def _scheme(h):
    from vanguard.evaluations.models import EvaluationScheme

    return f"/evaluations/schemes/{EvaluationScheme.objects.get(code='leadership-assessment').pk}/"


def _four_best(h):
    from vanguard.evaluations.models import EvaluationRound

    return f"/evaluations/rounds/{EvaluationRound.objects.filter(scheme__code='four-best-branch').first().pk}/"


def _appraisal(h):
    from vanguard.evaluations.models import EvaluationRound

    found = EvaluationRound.objects.filter(scheme__code="democratic-appraisal").order_by("-period_end", "pk").first()
    return f"/evaluations/rounds/{found.pk}/"


def register(Case, Job):
    cases = [
        Case("scheme list", "/evaluations/schemes/", budget=PAGE),
        Case("scheme page", _scheme, budget=PAGE),
        Case("round list", "/evaluations/rounds/", budget=PAGE),
        Case("round list shuji", "/evaluations/rounds/", persona="shuji", budget=PAGE),
        Case("round page four-best", _four_best, budget=PAGE),
        Case("round page appraisal shuji", _appraisal, persona="shuji", budget=PAGE),
        Case("api rounds", "/api/v1/rounds/", budget=PAGE),
    ]
    return cases, []
