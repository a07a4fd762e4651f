"""Who opens the page of automatic sources: every signed-in user (the rules are no secret; the office designs
schemes with them), nobody signed out."""

import pytest

from vanguard.core.testing import Case, check, expand, expect

MATRIX = [
    Case("/evaluations/sources/", expect(200)),
    Case("/evaluations/sources/?kind=team", expect(200)),
    Case("/evaluations/sources/export/", expect(200)),
]


@pytest.mark.parametrize("case,persona,expected", expand(MATRIX))
def test_permission_matrix(client_as, company, case, persona, expected):
    check(client_as, company, case, persona, expected)


def test_every_sources_route_is_in_the_matrix(company):
    from .test_permission_coverage import uncovered_in

    assert uncovered_in(MATRIX, company, {"views.sources"}) == []
