"""A campaign's exports as printed (targets, check results), and the breakdown template as filled in Excel."""

from vanguard.campaigns.choices import Direction
from vanguard.campaigns.excel import EXPORT_COLUMNS
from vanguard.campaigns.models import Target
from vanguard.core.excel import period_label
from vanguard.core.tests.sheets import assert_report, column_format, drop_down, open_workbook


def title(what, campaign, orgs):
    return f"{what} · {campaign.title} · {orgs} · {period_label(campaign.starts_on, campaign.ends_on)} · 导出于"


def test_the_targets_print_with_measures_percentages_and_dates(client_as, demo):
    ws = open_workbook(client_as("dangwei").get(f"/campaigns/{demo.cost.pk}/targets/export/")).active
    formats = {"目标值": "#,##0.00##", "完成进度": "0.0%", "时间节点": "yyyy-mm-dd", "责任人工号": "@"}
    header = [c.title for c in EXPORT_COLUMNS]
    rows = assert_report(ws, title=title("目标分解", demo.cost, "公司党委"), header=header, formats=formats)
    by_id = {row[0]: row for row in rows}
    saving = Target.objects.get(pk=demo.saving.pk)
    assert by_id[saving.pk][header.index("完成进度")] == float(saving.progress_pct) / 100  # 42.5 → 42.5%
    assert by_id[saving.pk][header.index("目标值")] == float(saving.target_value)


def test_the_secretary_targets_name_his_branch(client_as, demo):
    ws = open_workbook(client_as("shuji").get(f"/campaigns/{demo.cost.pk}/targets/export/")).active
    assert ws["A1"].value.startswith(title("目标分解", demo.cost, "轧管厂第一党支部"))


def test_the_check_results_print_as_a_report(client_as, demo):
    ws = open_workbook(client_as("dangwei").get(f"/campaigns/{demo.cost.pk}/commitments/export/")).active
    assert_report(
        ws,
        title=title("承诺推动检查结果", demo.cost, "公司党委"),
        header=["检查半年", "承诺人/组织", "所在党组织", "承诺内容"],
        formats={"检查日期": "yyyy-mm-dd"},
    )


def test_the_breakdown_template_offers_directions_and_the_orgs_one_may_name(client_as, company, demo):
    ws = open_workbook(client_as("shuji").get(f"/campaigns/{demo.cost.pk}/targets/import/template/")).active
    assert drop_down(ws, "方向") == (list(Direction.labels), True)
    orgs, strict = drop_down(ws, "责任组织")
    assert company.branch.name in orgs and company.other_branch.name not in orgs and not strict
    assert column_format(ws, "责任人工号") == "@" and ws["K2"].is_date
