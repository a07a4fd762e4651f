"""The project ledger as printed, and the application template as filled in Excel."""

import pytest

from vanguard.core.choices import Action
from vanguard.core.tests.sheets import assert_report, column_format, drop_down, open_workbook
from vanguard.projects.choices import ProblemKind, ProjectKind
from vanguard.projects.demo import build_demo_projects
from vanguard.projects.excel import project_import
from vanguard.projects.models import Project
from vanguard.projects.selectors import project_branch_choices
from vanguard.projects.views.pages import LEDGER_COLUMNS


@pytest.fixture
def demo(company):
    build_demo_projects("tiny")
    return company


def test_the_ledger_prints_with_its_year_and_amounts_with_separators(client_as, demo):
    response = client_as("dangwei").get("/projects/export/?year=2026")
    ws = open_workbook(response).active
    formats = {"立项编号": "@", "开始日期": "yyyy-mm-dd", "预期效益(元)": "#,##0.00", "缺少活动月数": "#,##0"}
    rows = assert_report(
        ws, title="立项台账 · 公司党委 · 2026年 · 导出于", header=[c.title for c in LEDGER_COLUMNS], formats=formats
    )
    benefits = [row[8] for row in rows if row[8] is not None]
    assert benefits and all(isinstance(b, int | float) for b in benefits)  # 预期效益 as numbers, not text


def test_the_ledger_of_one_branch_and_kind_says_so(client_as, demo):
    response = client_as("shuji").get(f"/projects/export/?kind=merit&branch={demo.branch.pk}")
    ws = open_workbook(response).active
    assert ws["A1"].value.startswith("立项台账(党员立功立项) · 轧管厂第一党支部 · 导出于")


def test_the_template_offers_kinds_problems_and_the_branches_one_may_apply_for(client_as, company):
    ws = open_workbook(client_as("shuji").get("/projects/import/template/")).active
    assert drop_down(ws, "类型") == (list(ProjectKind.labels), True)
    assert drop_down(ws, "针对问题") == (list(ProblemKind.labels), True)
    branches = [o.name for o in project_branch_choices(user=company.users["shuji"], action=Action.ADD)]
    assert drop_down(ws, "所属支部") == (branches, True) and ws["C2"].value == branches[0]
    assert column_format(ws, "负责人工号") == "@" and ws["H2"].number_format == "#,##0.00"


def test_the_template_as_downloaded_imports(client_as, company):
    content = client_as("shuji").get("/projects/import/template/").content
    before = Project.objects.count()
    result = project_import(actor=company.users["shuji"], source=content)
    assert result.errors == [] and Project.objects.count() == before + 1
