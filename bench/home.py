"""The home page of every persona (what is due from them) and the organisation overview it no longer holds.

Each home must cost the same however large the company: ≤ 100 ms median at large scale, large/small
≤ ``RATIO_LIMIT``, and no more queries than it makes now. The home's panels are ``vanguard/*/home.py``;
``vanguard/org/tests/test_home.py`` asserts the counts for a fresh session, a few more than here,
where the session's scope is already cached.
"""

HOME_MS = 100
# Queries of a home request by a warmed-up session, per persona.
# The secretary's review queue and target counts read their candidate targets first (a query each, by index).
# The indicators' items: a judge's sheets and an assessor's nominations for everyone; the results to publish,
# terms to re-assess, studios past 复核 and pledges to follow for the office and the union; a team leader's month.
HOME_QUERIES = {"dangwei": 35, "shuji": 35, "dangyuan": 21, "zhigong": 18, "banzhang": 22, "gonghui": 26}


def _name(persona):
    return "home" if persona == "dangwei" else f"home {persona}"


def register(Case, Job):
    homes = [
        Case(_name(persona), "/", persona=persona, budget={"median_ms": HOME_MS, "queries": queries})
        for persona, queries in HOME_QUERIES.items()
    ]
    overview = [
        Case("org overview", "/org/overview/"),
        Case("org overview shuji", "/org/overview/", persona="shuji"),
    ]
    return homes + overview, []
