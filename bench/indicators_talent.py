"""Benchmark cases of the talent pool (人才库) and the innovation studios, added to ``bench/run.py``'s lists by
``register``.

At large scale the demo holds about 1,500 title holders (some past their term, some re-assessed) among
40,000 people, 1,000 nominations and 80 studios. The pool pages people by an index of the awards in force
and reads each figure (training hours, projects, adopted suggestions) in one grouped query over the page's
25 people, so its cost does not grow with the company. Budget: ≤ 100 ms; the same queries at both scales.
"""

PAGE = {"median_ms": 100, "queries": 20}


def register(Case, Job):
    cases = [
        Case("talent pool", "/indicators/talent/", budget=PAGE),
        Case("talent pool filtered", "/indicators/talent/?channel=skilled&state=all&title=4", budget=PAGE),
        # One common character: the name is matched on every holder (the text index cannot narrow 王).
        Case("talent pool search", "/indicators/talent/?q=王", budget=PAGE),
        Case("talent pool union", "/indicators/talent/", persona="gonghui", budget=PAGE),
        Case("talent pool due", "/indicators/talent/?state=due", budget=PAGE),
        Case("talent mine", "/indicators/talent/mine/", persona="zhigong", budget=PAGE),
        Case("talent nominations", "/indicators/talent/nominations/", budget=PAGE),
        Case("studio list", "/indicators/studios/", budget=PAGE),
        Case("api talent awards", "/api/v1/talent-awards/", budget=PAGE),
    ]
    return cases, []
