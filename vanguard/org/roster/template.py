"""The import template with an example row and instructions."""

from datetime import date

from vanguard.core.choices import Action
from vanguard.core.excel import SafeWorkbook

from ..models import PartyOrg, Unit
from ..selectors import tree_path_names
from ..validators import id_card_check_digit
from .columns import COLUMNS
from .sheet import sheet_columns


def _paths(model, actor):
    """Full paths of the nodes the actor may import into, in tree order, and that of the deepest (the example)."""
    pks = set(model.objects.restrict(actor, Action.CHANGE).values_list("pk", flat=True))
    if not pks:
        return [], None
    names = tree_path_names(model)  # path order
    paths = [path for path, pk in names.items() if pk in pks]
    deepest = model.objects.filter(pk__in=pks).order_by("-depth", "path").values_list("pk", flat=True).first()
    return paths, next(path for path, pk in names.items() if pk == deepest)


def _trees(actor):
    """The drop-downs of 所在单位 and 党组织, and the example row's unit and org."""
    units, unit_path = _paths(Unit, actor)
    orgs, org_path = _paths(PartyOrg, actor)
    trees = {"unit_id": units, "membership__party_org_id": orgs}
    return trees, unit_path or "公司/轧管厂/第一作业区/加热工序/甲班", org_path or "公司党委/轧管厂党总支/第一党支部"


def _labels(choices):
    return "、".join(label for _, label in choices.choices)


def roster_template(*, actor, target=None):
    """The import template: the header, one example row, and a sheet of instructions and allowed values."""
    trees, unit_path, org_path = _trees(actor)
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
        [
            "下拉选择",
            "性别、学历、政治面貌、干部级别、人员类别、所在单位、党组织可从下拉列表中选择;工号、身份证号、手机号列已设为文本格式。",
        ],
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
    sheet = book.add_sheet("花名册", columns=sheet_columns(trees=trees))
    sheet.write_row(1, [example[c.title] for c in COLUMNS])
    help_sheet = book.add_sheet("填写说明")
    help_sheet.worksheet.set_column(0, 0, 20)
    help_sheet.worksheet.set_column(1, 1, 90)
    for index, values in enumerate(notes):
        fmt = book.formats["title"] if values[0] in ("花名册导入说明", "可填写的值") else book.formats["note"]
        help_sheet.write_row(index, values, cell_format=fmt)
    return book.close()
