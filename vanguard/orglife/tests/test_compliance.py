"""The compliance matrix: red where a branch skipped a period, green once the meeting is held, grey when exempt,
drilling down to the meetings behind a cell, in a constant number of queries."""

from datetime import date

import pytest
from django.utils import timezone

from vanguard.core.testing import assert_max_queries
from vanguard.orglife import services
from vanguard.orglife.compliance import DUE, EXEMPT, MISSED, OK, compliance_matrix, due_this_week
from vanguard.orglife.models import Meeting

pytestmark = pytest.mark.django_db
LAST_YEAR = timezone.localdate().year - 1


def _row(matrix, org):
    return next(r for r in matrix.rows if r.org["pk"] == org.pk)


def _delete(company, meetings):
    """Take meetings off the ledger as the office would, through the service (the kept counts follow)."""
    for meeting in meetings:
        services.meeting_delete(actor=company.users["dangwei"], meeting=meeting)


def test_the_branch_that_skipped_a_quarters_general_meeting_is_red_there(company, life):
    matrix = compliance_matrix(user=company.users["dangwei"], year=LAST_YEAR, rule=life.general_rule)
    assert [label for label, *_ in matrix.columns] == ["第1季度", "第2季度", "第3季度", "第4季度"]
    cells = _row(matrix, company.other_branch).cells
    assert cells[1].status == MISSED
    assert "0/1" in cells[1].title
    assert not Meeting.objects.filter(
        org=company.other_branch, kind="general", date__gte=date(LAST_YEAR, 4, 1), date__lte=date(LAST_YEAR, 6, 30)
    ).exists()
    # The quarters it held are green, and the cell links to the meetings of its period.
    assert cells[0].status == OK
    assert f"org={company.other_branch.pk}" in cells[0].query and "kind=general" in cells[0].query
    assert f"date_from={LAST_YEAR}-01-01&date_to={LAST_YEAR}-03-31" in cells[0].query


def test_holding_the_missed_meeting_turns_the_cell_green(company, life):
    dangwei = company.users["dangwei"]
    services.meeting_create(
        actor=dangwei,
        org=company.other_branch,
        kind="general",
        title="补开党员大会",
        date=date(LAST_YEAR, 6, 20),
        held=True,
    )
    matrix = compliance_matrix(user=dangwei, year=LAST_YEAR, rule=life.general_rule)
    assert _row(matrix, company.other_branch).cells[1].status == OK


def test_a_planned_or_cancelled_meeting_does_not_count(company, life):
    dangwei = company.users["dangwei"]
    services.meeting_create(
        actor=dangwei, org=company.other_branch, kind="general", title="只是计划", date=date(LAST_YEAR, 6, 20)
    )
    matrix = compliance_matrix(user=dangwei, year=LAST_YEAR, rule=life.general_rule)
    assert _row(matrix, company.other_branch).cells[1].status == MISSED


def test_an_exemption_or_a_founding_mid_period_greys_the_cell(company, life):
    dangwei = company.users["dangwei"]
    services.exemption_create(
        actor=dangwei, org=company.other_branch, rule=life.general_rule, starts_on=date(LAST_YEAR, 4, 1),
        ends_on=date(LAST_YEAR, 6, 30), reason="支部改选",
    )  # fmt: skip
    matrix = compliance_matrix(user=dangwei, year=LAST_YEAR, rule=life.general_rule)
    assert _row(matrix, company.other_branch).cells[1].status == EXEMPT

    branch = company.branch
    _delete(company, Meeting.objects.filter(org=branch, kind="general", date__year=LAST_YEAR, date__month__lte=3))
    branch.founded_on = date(LAST_YEAR, 2, 15)
    branch.save(update_fields=["founded_on"])
    matrix = compliance_matrix(user=dangwei, year=LAST_YEAR, rule=life.general_rule)
    assert _row(matrix, branch).cells[0].status == EXEMPT  # founded during the first quarter


def test_the_current_period_is_due_not_missed(company):
    today = date(LAST_YEAR, 11, 26)
    matrix = compliance_matrix(user=company.users["dangwei"], year=LAST_YEAR, today=today)
    december = [c for row in matrix.rows for cell in row.cells[11:] for c in cell.checks]
    # December's monthly rules have not begun; the quarter and the year it closes are still open.
    assert {c.rule.period for c in december} == {"quarter", "year"}
    assert MISSED not in {c.status for c in december}
    _delete(company, Meeting.objects.filter(org=company.branch, kind="theme_day", date__year=LAST_YEAR, date__month=11))
    matrix = compliance_matrix(user=company.users["dangwei"], year=LAST_YEAR, today=today)
    assert _row(matrix, company.branch).cells[10].status == DUE
    items = due_this_week(user=company.users["dangwei"], today=today)
    assert any(i["org"]["pk"] == company.branch.pk and i["check"].rule.subject == "theme_day" for i in items)


def test_a_party_group_that_missed_its_month_fails_its_branch(company, life):
    month = date(LAST_YEAR, 3, 1)
    _delete(
        company, Meeting.objects.filter(org=life.group, kind="group", date__gte=month, date__lt=date(LAST_YEAR, 4, 1))
    )
    matrix = compliance_matrix(user=company.users["dangwei"], year=LAST_YEAR)
    cell = _row(matrix, company.branch).cells[2]
    assert cell.status == MISSED
    assert any(c.org_name == life.group.name and c.rule.subject == "group" for c in cell.problems)


def test_scope_shows_the_secretary_his_branch_only(company):
    matrix = compliance_matrix(user=company.users["shuji"], year=LAST_YEAR)
    assert [r.org["pk"] for r in matrix.rows] == [company.branch.pk]
    assert compliance_matrix(user=company.users["dangyuan"], year=LAST_YEAR).rows == []


def test_the_matrix_takes_the_same_few_queries_for_one_branch_or_the_company(company, life):
    dangwei = company.users["dangwei"]
    compliance_matrix(user=dangwei, year=LAST_YEAR)  # the scope is built once per user
    with assert_max_queries(5) as one:
        compliance_matrix(user=dangwei, year=LAST_YEAR, root=company.branch)
    with assert_max_queries(5) as everything:
        matrix = compliance_matrix(user=dangwei, year=LAST_YEAR)
    assert len(matrix.rows) > 1
    assert len(one) == len(everything)
    with assert_max_queries(5):
        compliance_matrix(user=dangwei, year=LAST_YEAR, rule=life.general_rule)
