"""The import template with an example row and instructions."""

from datetime import date

from vanguard.core.choices import Action
from vanguard.core.excel import SafeWorkbook

from ..models import PartyOrg, Unit
from ..selectors import tree_path_names
from ..validators import id_card_check_digit
from .columns import COLUMNS


def _example_paths(actor):
    """Paths of the deepest unit and party org the actor may import into, for the example row."""
    unit = Unit.objects.restrict(actor, Action.CHANGE).order_by("-depth", "path").first()
    org = PartyOrg.objects.restrict(actor, Action.CHANGE).order_by("-depth", "path").first()
    units = tree_path_names(Unit) if unit else {}
    orgs = tree_path_names(PartyOrg) if org else {}
    unit_path = next((p for p, pk in units.items() if unit and pk == unit.pk), "公司/轧管厂/第一作业区/加热工序/甲班")
    org_path = next((p for p, pk in orgs.items() if org and pk == org.pk), "公司党委/轧管厂党总支/第一党支部")
    return unit_path, org_path


def _labels(choices):
    return "、".join(label for _, label in choices.choices)


def roster_template(*, actor, target=None):
    """The import template: the header, one example row, and a sheet of instructions and allowed values."""
    unit_path, org_path = _example_paths(actor)
    first17 = "12011619900501123"
    example = {
        "姓名": "张三",
        "工号": "T000001",
        "性别": "男",
        "出生日期": date(1990, 5, 1),
        "民族": "汉族",
        "学历": "大学本科",
        "身份证号": first17 + id_card_check_digit(first17),
        "所在单位": unit_path,
        "党组织": org_path,
        "政治面貌": "中共党员",
        "入党日期": date(2015, 7, 1),
        "转正日期": date(2016, 7, 1),
        "职务": "操作工",
        "干部级别": "无",
        "人员类别(三支队伍)": "技能操作",
        "手机号": "13800000000",
    }
    notes = [
        ["花名册导入说明", ""],
        ["必填列", "姓名、工号、性别、所在单位。表头可以不在第一行,列的顺序可以调整。"],
        ["示例行", "第一张表的第2行是示例,导入前请删除或改写。"],
        ["工号", "按工号新增或更新:系统中已有该工号则更新其信息,否则新增。"],
        ["日期", "可写作 2019-07-01、2019/7/1、2019.7.1、2019年7月1日,只写年月(2019.07)视为当月1日。"],
        ["所在单位 / 党组织", "填写唯一的名称,或用“/”分隔的完整路径,如:" + unit_path],
        ["身份证号", "18位,校验位须正确;出生日期须与身份证一致(出生日期留空时按身份证填入)。"],
        ["党员信息", "中共党员、中共预备党员须填写党组织;预备党员不填转正日期;其他政治面貌不填党组织和入党日期。"],
        ["导入规则", "先预览检查,任何一行有错误则整批不导入,并可下载标明错误的文件。"],
        ["", ""],
        ["可填写的值", ""],
        *([c.title, _labels(c.choices)] for c in COLUMNS if c.choices is not None),
    ]
    book = SafeWorkbook(target)
    sheet = book.add_sheet("花名册", columns=COLUMNS)
    sheet.write_row(1, [example[c.title] for c in COLUMNS])
    help_sheet = book.add_sheet("填写说明")
    help_sheet.worksheet.set_column(0, 0, 20)
    help_sheet.worksheet.set_column(1, 1, 90)
    for index, values in enumerate(notes):
        fmt = book.formats["title"] if index in (0, 10) else book.formats["note"]
        help_sheet.write_row(index, values, cell_format=fmt)
    return book.close()
