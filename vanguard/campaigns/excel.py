"""A target breakdown in and out of Excel.

Import: each row is a child of an existing target (``上级编号``), owned by an org (name or
full path) and/or a person (工号). Every row is checked first, then every parent's
allocation; one error anywhere and nothing is written (the same rule as the roster import).
"""

from collections import Counter
from dataclasses import dataclass, field
from typing import IO

from django.core.exceptions import ValidationError
from django.db import transaction

from vanguard.core import access
from vanguard.core.choices import Action
from vanguard.core.excel import (
    CODE,
    DATE,
    MEASURE,
    NUMBER,
    PERCENT,
    TEXT,
    Column,
    ExcelError,
    clean_text,
    digits_text,
    parse_date,
    read_table,
    write_table,
)
from vanguard.core.imports import ImportErrors
from vanguard.core.numbers import parse_decimal, parse_id
from vanguard.core.tabular import text_cell
from vanguard.org.models import PartyOrg, Person, User
from vanguard.org.selectors import tree_path_names

from . import services
from .choices import Direction
from .models import Campaign, Target

IMPORT_TITLES = [
    "上级编号",
    "任务内容",
    "责任组织",
    "责任人工号",
    "指标名称",
    "计量单位",
    "基准值",
    "目标值",
    "方向",
    "权重",
    "时间节点",
    "工作标准",
    "预期成效",
]
REQUIRED = ("上级编号", "任务内容")
ALIASES = {
    "上级编号": ["上级目标编号", "父目标编号"],
    "责任人工号": ["工号", "责任人"],
    "时间节点": ["完成时限", "截止日期"],
    "任务内容": ["目标", "任务"],
    "预期成效": ["成效"],
}
DIRECTIONS = {label: value for value, label in Direction.choices} | {
    "越高越好": "higher",
    "越低越好": "lower",
    "里程碑": "milestone",
}
EXPORT_COLUMNS = [
    Column("编号", 8, kind=NUMBER),
    Column("上级编号", 8, kind=NUMBER),
    Column("层级", 6, kind=NUMBER),
    Column("任务内容", 36),
    Column("责任组织", 20),
    Column("责任人", 10),
    Column("责任人工号", 12, kind=CODE),
    Column("指标名称", 14),
    Column("计量单位", 8),
    Column("基准值", 12, kind=MEASURE),
    Column("目标值", 12, kind=MEASURE),
    Column("方向", 10),
    Column("权重", 6, kind=NUMBER),
    Column("时间节点", 12, kind=DATE),
    Column("工作标准", 30),
    Column("预期成效", 30),
    Column("实际值", 12, kind=MEASURE),
    Column("完成进度", 10, kind=PERCENT),
    Column("状态", 8),
]


@dataclass
class ImportResult(ImportErrors):
    rows: int = 0
    created: int = 0
    errors: list = field(default_factory=list)  # (excel row, message)
    warnings: list = field(default_factory=list)

    @property
    def ok(self):
        return not self.errors


def _org_lookup(user):
    """Org names the user may give targets to: by full path and, where unique, by plain name."""
    visible = dict(access.choices(user, Target, "owner_org", Action.VIEW).values_list("pk", "name"))
    full = {name: pk for name, pk in tree_path_names(PartyOrg).items() if pk in visible}
    counts = Counter(visible.values())
    plain = {name: pk for pk, name in visible.items() if counts[name] == 1}
    return {**plain, **full}


def _parse(record, ctx):
    errors = []
    parent_text = digits_text(record.get("上级编号"))
    parent = ctx["parents"].get(parse_id(parent_text))
    if parent is None:
        errors.append(f"上级编号“{parent_text}”不是本活动中您可分解的目标。")
    org_name = clean_text(record.get("责任组织"))
    org = ctx["orgs"].get(org_name) if org_name else None
    if org_name and org is None:
        errors.append(f"责任组织“{org_name}”不存在或不在您的范围内(重名时请写全路径)。")
    number = digits_text(record.get("责任人工号"))
    person = ctx["people"].get(number) if number else None
    if number and person is None:
        errors.append(f"工号“{number}”的人员不存在或不在您的范围内。")
    direction_text = clean_text(record.get("方向"))
    direction = DIRECTIONS.get(direction_text) if direction_text else None
    if direction_text and direction is None:
        errors.append(f"方向“{direction_text}”应为 越高越好 / 越低越好 / 里程碑。")
    try:
        due = parse_date(record.get("时间节点"))
    except ValueError as exc:
        errors.append(str(exc))
        due = None
    row = {
        "title": text_cell(record.get("任务内容")),
        "owner_org": ctx["org_objects"].get(org),
        "owner_person": person,
        "metric_name": text_cell(record.get("指标名称")),
        "metric_unit": text_cell(record.get("计量单位")),
        "baseline": clean_text(record.get("基准值")),
        "target_value": clean_text(record.get("目标值")),
        "weight": clean_text(record.get("权重")) or "1",
        "due_date": due,
        "standard": text_cell(record.get("工作标准")),
        "outcome": text_cell(record.get("预期成效")),
    }
    if direction:
        row["direction"] = direction
    if not row["title"]:
        errors.append("任务内容不能为空。")
    for name, label in (("baseline", "基准值"), ("target_value", "目标值"), ("weight", "权重")):
        try:
            parse_decimal(row[name], label=label, field=name)
        except ValidationError as exc:
            errors.extend(exc.messages)
    return parent, row, errors


def _context(actor, campaign, table):
    parent_ids = {parse_id(digits_text(r.get("上级编号"))) for _, r in table.records()} - {None}
    parents = {
        t.pk: t
        for t in Target.objects.restrict(actor, Action.DECOMPOSE)
        .filter(campaign=campaign, pk__in=parent_ids)
        .select_related("campaign", "owner_org")
    }
    numbers = {digits_text(r.get("责任人工号")) for _, r in table.records()} - {""}
    people = {
        p.employee_no: p
        for p in Person.objects.restrict(actor).filter(employee_no__in=numbers).select_related("membership__party_org")
    }
    orgs = _org_lookup(actor)
    org_objects = PartyOrg.objects.in_bulk(set(orgs.values()))
    return {"parents": parents, "people": people, "orgs": orgs, "org_objects": org_objects}


@transaction.atomic
def target_import(*, actor: User, campaign: Campaign, source: IO[bytes] | bytes) -> ImportResult:
    """Read and write a breakdown; on any error nothing is written and every error is returned."""
    result = ImportResult()
    try:
        table = read_table(source, IMPORT_TITLES, aliases=ALIASES, required=REQUIRED)
    except ExcelError as exc:
        result.errors.append((0, str(exc)))
        return result
    ctx = _context(actor, campaign, table)
    by_parent, lines = {}, {}
    for line, record in table.records():
        result.rows += 1
        parent, row, errors = _parse(record, ctx)
        if not row["owner_org"] and row["owner_person"]:
            membership = getattr(row["owner_person"], "membership", None)
            row["owner_org"] = membership.party_org if membership else None
        result.errors.extend((line, e) for e in errors)
        if parent is not None and not errors:
            by_parent.setdefault(parent, []).append(row)
            lines.setdefault(parent.pk, []).append(line)
    if result.errors:
        return result
    if not result.rows:
        result.errors.append((0, "表格中没有数据行。"))
        return result
    point = transaction.savepoint()
    for parent, rows in by_parent.items():
        try:
            created, check = services.target_decompose(actor=actor, parent=parent, rows=rows)
        except ValidationError as exc:
            first = lines[parent.pk]
            result.errors.extend((_line(first, m), _strip(m)) for m in exc.messages)
            continue
        result.created += len(created)
        result.warnings.extend(f"上级目标 {parent.pk}:{w}" for w in check.warnings)
    if result.errors:
        transaction.savepoint_rollback(point)
        result.created = 0
    else:
        transaction.savepoint_commit(point)
    return result


def _line(lines, message):
    """Map "第 n 行" of one parent's rows back to the Excel row."""
    if message.startswith("第 ") and " 行" in message:
        n = message[2 : message.index(" 行")].strip()
        if (line := parse_id(n)) and line <= len(lines):
            return lines[line - 1]
    return lines[0]


def _strip(message):
    return message.split(":", 1)[1] if message.startswith("第 ") and ":" in message else message


def _org_options(actor):
    """责任组织 as the import reads it: each org the actor may name, by its name or, where not unique, its path."""
    lookup = _org_lookup(actor)
    plain = {pk for name, pk in lookup.items() if "/" not in name}
    return [name for name, pk in sorted(lookup.items(), key=lambda item: item[1]) if ("/" in name) != (pk in plain)]


def template_columns(actor):
    """The import's columns: 方向 and 责任组织 as drop-downs, 责任人工号 as text, numbers and dates by kind."""
    kinds = {"责任人工号": CODE, "基准值": MEASURE, "目标值": MEASURE, "权重": NUMBER, "时间节点": DATE}
    options = {"方向": [label for _, label in Direction.choices], "责任组织": _org_options(actor)}
    return [
        Column(t, 14, kind=kinds.get(t, TEXT), options=options.get(t) or None, strict=t != "责任组织")
        for t in IMPORT_TITLES
    ]


def import_template(campaign, parents, *, actor):
    """A template: the header, one example row per parent the user may split, and the instructions."""
    rows = [
        [
            p.pk,
            f"(示例){p.title}分解",
            "",
            "",
            p.metric_name,
            p.metric_unit,
            "",
            "",
            p.get_direction_display(),
            1,
            p.due_date,
            "",
            "",
        ]
        for p in parents[:5]
    ]
    notes = [
        ["上级编号", "要分解的目标的编号(见目标树或导出表的“编号”列)。"],
        ["责任组织", "党组织名称;重名时写全路径,如 公司党委/轧管厂党总支/轧管厂第一党支部。"],
        ["责任人工号", "分解到个人时填写;责任组织可不填(取其所在党组织)。"],
        ["目标值", "只填数字。总量指标的下级合计不能超过上级目标。"],
        ["方向", "越高越好 / 越低越好 / 里程碑;不填则与上级相同。"],
        ["规则", "整表校验:任何一行有错,整张表都不导入,请按错误提示修改后重新上传。"],
    ]
    return write_table(
        columns=template_columns(actor),
        rows=rows,
        sheet_name="目标分解",
        extra_sheets=[("填写说明", notes)],
    )


def target_export(queryset, *, title):
    """The targets of ``queryset`` in the template's columns and more, under ``title`` (see ``report_title``)."""
    rows = []
    parent_ids = {}
    nodes = list(queryset.select_related("owner_org", "owner_person").order_by("path"))
    by_path = {n.path: n.pk for n in nodes}
    for n in nodes:
        parent_ids[n.pk] = by_path.get(n.path[: -Target.steplen]) if n.depth > 1 else None
        rows.append(
            [
                n.pk,
                parent_ids[n.pk] or "",
                n.depth,
                n.title,
                str(n.owner_org) if n.owner_org_id else "",
                n.owner_person.name if n.owner_person_id else "",
                n.owner_person.employee_no if n.owner_person_id else "",
                n.metric_name,
                n.metric_unit,
                n.baseline,
                n.target_value,
                n.get_direction_display(),
                n.weight,
                n.due_date,
                n.standard,
                n.outcome,
                n.actual_value,
                n.progress_pct / 100,
                n.get_status_display(),
            ]
        )
    return write_table(columns=EXPORT_COLUMNS, rows=rows, sheet_name="目标分解", title=title)
