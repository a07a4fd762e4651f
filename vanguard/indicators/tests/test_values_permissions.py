"""Who may do what with indicator values, targets and pledges: personas × URLs × expected answer.

Everyone signed in reads the boards of his own team and the units above it, and the lists (scoped); another
plant's team is out of scope (404) but for the office. The office (and the team leaders and union cadres, who
are not among the kit's personas: ``test_values_pages.py`` checks them) enters values, sets targets and takes
pledges; only the office closes months; the API refuses a push for a unit the user may not enter, row by row.
"""

import pytest

from vanguard.core.testing import Case, check, expand, expect

ALL = expect(200)
OFFICE = expect(404, admin=200, dangwei=200)
LAST = "2026-05"


def push(c):
    return [{"indicator": "output", "unit": c.team.pk, "month": LAST, "value": "321.5"}]


MATRIX = [
    Case("/indicators/", ALL, label="board"),
    Case(lambda c: f"/indicators/?unit={c.team.pk}", expect(200, outsider=404), label="board of zhigong's team"),
    Case(
        lambda c: f"/indicators/?unit={c.other_team.pk}",
        expect(404, admin=200, dangwei=200),
        label="board of another plant's team",
    ),  # fmt: skip
    Case("/indicators/entry/", OFFICE, label="entry"),
    Case(
        lambda c: f"/indicators/entry/?unit={c.team.pk}&month={LAST}",
        expect(404, admin=302, dangwei=302),
        method="post",
        data={"output": "100"},
        label="entry save",
    ),  # fmt: skip
    Case("/indicators/values/", ALL, label="values"),
    Case("/indicators/values/export/", ALL, label="values export"),
    Case("/indicators/values/import/", OFFICE, label="values import"),
    Case("/indicators/values/import/template/", OFFICE, label="values import template"),
    Case("/indicators/months/", ALL, label="months"),
    Case(
        "/indicators/months/",
        expect(404, admin=302, dangwei=302),
        method="post",
        data={"month": LAST},
        label="month close",
    ),  # fmt: skip
    Case("/indicators/targets/", ALL, label="targets"),
    Case("/indicators/targets/edit/", OFFICE, label="target edit"),
    Case("/indicators/pledges/", ALL, label="pledges"),
    Case("/indicators/pledges/new/", OFFICE, label="pledge new"),
    Case("/indicators/pledges/export/", ALL, label="pledges export"),
    Case("/indicators/targets/export/?year=2026", ALL, label="targets export"),
    Case("/api/v1/indicators/", ALL, api=True, label="api indicators"),
    Case(
        "/api/v1/indicators/",
        expect(403, admin=201, dangwei=201),
        api=True,
        method="post",
        data={
            "code": "test-energy",
            "name": "吨管能耗",
            "kind": "custom",
            "unit_of_measure": "kgce/t",
            "direction": "lower",
            "aggregation": "mean",
        },
        label="api indicator add",
    ),  # fmt: skip
    Case("/api/v1/indicator-values/", ALL, api=True, label="api values"),
    Case(
        "/api/v1/indicator-values/",
        expect(400, admin=200, dangwei=200),
        api=True,
        method="post",
        data=push,
        label="api values push",
    ),  # fmt: skip
    Case("/api/v1/indicator-targets/", ALL, api=True, label="api targets"),
    Case("/api/v1/pledges/", ALL, api=True, label="api pledges"),
]


@pytest.mark.parametrize(("case", "persona", "expected"), expand(MATRIX))
def test_permission_matrix(client_as, company, case, persona, expected):
    check(client_as, company, case, persona, expected)
