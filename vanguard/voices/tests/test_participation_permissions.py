"""Who sees the participation statistics: personas × URLs × expected answer.

Those who read a unit's roster (the office, a secretary, a team leader, a union cadre) see its statistics
and export them, and read the targets; the office sets the targets; a member or a worker sees none of it
(404). ``MATRIX`` joins the app's permission matrix.
"""

import pytest

from vanguard.core.testing import Case, check, expand, expect

READERS = {"admin": 200, "dangwei": 200, "shuji": 200}


def unit_target(c):
    from vanguard.voices.models import ParticipationTarget

    return ParticipationTarget.objects.get_or_create(
        unit=c.team, defaults={"per_head": 1, "participation": 50, "implementation": 30}
    )[0]


MATRIX = [
    Case("/voices/suggestions/statistics/", expect(404, **READERS), label="statistics"),
    Case("/voices/suggestions/statistics/?year=2026&month=3", expect(404, **READERS), label="statistics month"),
    Case(
        lambda c: f"/voices/suggestions/statistics/?unit={c.other_team.pk}",
        expect(404, admin=200, dangwei=200),
        label="statistics of another plant's team",
    ),
    Case("/voices/suggestions/statistics/export/", expect(404, **READERS), label="statistics export"),
    Case("/voices/suggestions/participation-targets/", expect(404, **READERS), label="participation targets"),
    Case(
        "/voices/suggestions/participation-targets/",
        expect(404, admin=302, dangwei=302),
        method="post",
        data={"unit": "", "per_head": "1", "participation": "40", "implementation": "30"},
        label="participation target set",
    ),
    Case(
        lambda c: f"/voices/suggestions/participation-targets/{unit_target(c).pk}/delete/",
        expect(404, admin=302, dangwei=302),
        method="post",
        label="participation target delete",
    ),
]


@pytest.mark.parametrize(("case", "persona", "expected"), expand(MATRIX))
def test_permission_matrix(client_as, company, case, persona, expected):
    check(client_as, company, case, persona, expected)
