"""The home page (what is due from each persona) and the organisation overview it no longer holds.

``home`` and ``home shuji`` stay in ``run.py`` (the office's and the secretary's home); here the
member's and the worker's, and the overview page.
"""


def register(Case, Job):
    cases = [
        Case("home dangyuan", "/", persona="dangyuan"),
        Case("home zhigong", "/", persona="zhigong"),
        Case("org overview", "/org/overview/"),
        Case("org overview shuji", "/org/overview/", persona="shuji"),
    ]
    return cases, []
