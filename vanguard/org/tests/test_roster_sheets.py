"""The roster export as printed, and the import template as filled in Excel."""

import pytest
from django.urls import reverse

from vanguard.core.choices import Action
from vanguard.core.tests.sheets import assert_report, column_format, drop_down, open_workbook
from vanguard.org import roster
from vanguard.org.choices import CadreLevel, Channel, Education, Gender, PoliticalStatus
from vanguard.org.models import PartyOrg, Person, Unit
from vanguard.org.selectors import tree_path_names

TEXT_COLUMNS = ("工号", "身份证号", "手机号")


def paths(model, user):
    """Full paths of the nodes ``user`` may import into, in tree order."""
    pks = set(model.objects.restrict(user, Action.CHANGE).values_list("pk", flat=True))
    return [path for path, pk in tree_path_names(model).items() if pk in pks]


@pytest.mark.parametrize(("who", "where"), [("dangwei", "公司党委"), ("shuji", "轧管厂第一党支部")])
def test_the_export_prints_as_a_report_named_after_the_orgs_it_covers(company, client_as, who, where):
    ws = open_workbook(client_as(who).get(reverse("person-export"))).active
    formats = {title: "@" for title in TEXT_COLUMNS} | {"出生日期": "yyyy-mm-dd"}
    rows = assert_report(ws, title=f"人员花名册 · {where} · 导出于", header=roster.TITLES, formats=formats)
    assert len(rows) == Person.objects.restrict(company.users[who]).count()


def test_the_export_of_one_org_says_which(company, client_as):
    response = client_as("dangwei").get(reverse("person-export"), {"party_org": company.other_branch.pk})
    ws = open_workbook(response).active
    assert ws["A1"].value.startswith("人员花名册 · 炼钢厂第二党支部 · 导出于")


def test_the_template_offers_coded_values_and_the_users_own_units_and_orgs(company):
    shuji = company.users["shuji"]
    book = open_workbook(roster.roster_template(actor=shuji))
    ws = book["花名册"]
    for title, choices in (
        ("性别", Gender),
        ("学历", Education),
        ("政治面貌", PoliticalStatus),
        ("干部级别", CadreLevel),
        ("人员类别(三支队伍)", Channel),
    ):
        assert drop_down(ws, title) == (list(choices.labels), True), title
    units, strict = drop_down(ws, "所在单位")
    assert units == paths(Unit, shuji) and not strict  # a unique plain name is accepted too
    assert len(units) < Unit.objects.count()  # his own units, not the company's
    assert drop_down(ws, "党组织") == (paths(PartyOrg, shuji), False)
    assert all(column_format(ws, title) == "@" for title in TEXT_COLUMNS)
    assert drop_down(ws, "姓名") is None and column_format(ws, "姓名") == "General"
    assert ws.page_setup.orientation == "landscape" and ws.print_title_rows == "$1:$1"
    assert book.sheetnames[0] == "花名册" and "填写说明" in book.sheetnames


def test_an_id_card_typed_into_the_template_stays_text(company):
    """What '@' on the column does for the office: Excel keeps 18 digits typed there as text.

    openpyxl cannot type, so the check is that the example row, written into the same column, is text
    and that the column's format, which Excel applies to what is typed, is text.
    """
    ws = open_workbook(roster.roster_template(actor=company.users["dangwei"]))["花名册"]
    column = roster.TITLES.index("身份证号") + 1
    example = ws.cell(2, column)
    assert example.data_type == "s" and len(example.value) == 18 and example.number_format == "@"
    assert column_format(ws, "身份证号") == "@"
