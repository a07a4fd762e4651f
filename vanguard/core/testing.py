"""A permission-matrix kit: personas × URLs × expected answer, one line per case.

    MATRIX = [
        Case("/org/people/", {"dangwei": 200, "shuji": 200, "dangyuan": 404, "zhigong": 404}),
        Case(lambda c: f"/org/people/{c.users['zhigong'].person.pk}/", {"outsider": 404, "shuji": 200}),
    ]

    @pytest.mark.parametrize("case,persona,expected", expand(MATRIX))
    def test_permission_matrix(client_as, company, case, persona, expected):
        check(client_as, company, case, persona, expected)

A URL may be a string or a function of the demo company handles. ``anonymous`` is a
persona too (not logged in). API cases use ``api=True`` and the DRF client.
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Case:
    url: object
    expected: dict
    method: str = "get"
    data: dict = field(default_factory=dict)
    api: bool = False

    def resolve(self, company):
        return self.url(company) if callable(self.url) else self.url

    def __str__(self):
        return self.url if isinstance(self.url, str) else getattr(self.url, "__name__", "url")


def expand(cases):
    """Parametrisation rows ``(case, persona, expected)`` with readable ids."""
    import pytest

    return [
        pytest.param(case, persona, status, id=f"{case.method} {case} as {persona}")
        for case in cases
        for persona, status in case.expected.items()
    ]


def check(client_factory, company, case, persona, expected, api_factory=None):
    from django.test import Client
    from rest_framework.test import APIClient

    if persona == "anonymous":
        client = APIClient() if case.api else Client()
    elif case.api:
        client = APIClient()
        client.force_authenticate(company.users[persona])
    else:
        client = client_factory(persona)
    kwargs = {"format": "json"} if case.api and case.method != "get" else {}
    response = getattr(client, case.method)(case.resolve(company), case.data or None, **kwargs)
    assert response.status_code == expected, (
        f"{persona} {case.method.upper()} {case.resolve(company)}: got {response.status_code}, expected {expected}"
    )
