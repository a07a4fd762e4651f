"""Who may open which ballot page and call the ballot API: personas × URLs × expected answer.

The round is shuji's branch's 民主评议党员 in voting: shuji and dangyuan are members, so voters; dangwei (the
office) and the administrator organise and see it but are not on its roll; zhigong and the outsider cannot see
it. A ballot is cast only by a voter (403 for an organiser, 404 for whoever cannot see the round); turnout is
for the organisers; the published codes for the voters and the organisers. The API has no list and no read.
"""

import pytest

from vanguard.core.testing import Case, check, expand, expect

from .ballot_kit import full_ballot, voting_round

VOTERS = {"shuji": 200, "dangyuan": 200}
ORGANISERS = {"admin": 200, "dangwei": 200, "shuji": 200}


def _form(c):
    from ..services.ballots import ballot_criteria

    criterion = ballot_criteria(c.round)[0].pk
    return {**{f"m-{s}-{criterion}": "qualified" for s in full_ballot(c.round)}, "step": "cast"}


def _api_ballot(c):
    return {"round": c.round.pk, "marks": [{"subject": s, "choice": "qualified"} for s in full_ballot(c.round)]}


MATRIX = [
    Case("/evaluations/ballots/", expect(200)),
    Case(
        lambda c: f"/evaluations/ballots/{c.round.pk}/", expect(404, admin=403, dangwei=403, **VOTERS), label="ballot"
    ),
    Case(
        lambda c: f"/evaluations/ballots/{c.round.pk}/",
        expect(404, admin=403, dangwei=403, **VOTERS),
        method="post",
        data=_form,
        label="ballot cast",
    ),  # fmt: skip
    Case(lambda c: f"/evaluations/ballots/{c.round.pk}/codes/", expect(404, **{**VOTERS, **ORGANISERS}), label="codes"),
    Case(lambda c: f"/evaluations/rounds/{c.round.pk}/turnout/", expect(404, **ORGANISERS), label="turnout"),
    Case("/api/v1/ballots/", expect(405), api=True, label="api ballots list"),
    Case(
        "/api/v1/ballots/",
        expect(404, admin=403, dangwei=403, shuji=201, dangyuan=201),
        api=True,
        method="post",
        data=_api_ballot,
        label="api ballot cast",
    ),  # fmt: skip
]


@pytest.fixture
def company(company):
    company.round = voting_round(company)
    return company


@pytest.mark.parametrize(("case", "persona", "expected"), expand(MATRIX))
def test_permission_matrix(client_as, company, case, persona, expected):
    check(client_as, company, case, persona, expected)


def test_every_ballot_route_is_in_the_matrix(company):
    from .test_permission_coverage import uncovered_in

    assert [name for name in uncovered_in(MATRIX, company, {"views.ballots", "api.ballots"})] == []
