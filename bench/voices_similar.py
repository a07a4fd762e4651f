"""Benchmark cases of similar suggestions, added to ``bench/run.py``'s lists by ``register(Case, Job)``.

At large scale the demo holds 30,000 suggestions. A lookup reads the index kept in the worker (built
by the warm-up requests), checks its stamp (one aggregate over the suggestions), scores the
candidates of the rarest terms and keeps the user's with one query. Budget (issue 14): ≤ 50 ms
against all 30,000. Not judged on large/small: the postings read grow with the table up to the
query's budget, by design.
"""

from urllib.parse import urlencode

SIMILAR = {"median_ms": 50, "queries": 10}
TEXT = "压缩空气管道接头漏气严重,空压机一直加载,建议每周用检漏仪巡检,挂牌限期处理"


def register(Case, Job):
    api = "/api/v1/suggestions/similar/?" + urlencode({"text": TEXT})
    fragment = "/voices/suggestions/similar/?" + urlencode({"title": "压缩空气漏气巡检", "content": TEXT})
    cases = [
        Case("api suggestions similar", api, budget=SIMILAR, ratio_limit=None),
        Case("api suggestions similar zhigong", api, persona="zhigong", budget=SIMILAR, ratio_limit=None),
        Case(
            "suggestion similar fragment",
            fragment,
            persona="zhigong",
            budget=SIMILAR,
            ratio_limit=None,
            headers={"HTTP_HX_REQUEST": "true"},
        ),  # fmt: skip
    ]
    return cases, []
