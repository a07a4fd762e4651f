"""The roster in Excel: template, import (validated, all or nothing, with preview) and export.

The import reads the file tolerantly (``core.excel``), checks every row against the
trees and the database with a handful of batched queries, and only when no row is
bad hands the rows to ``services.person_bulk_upsert`` (one transaction, audited).
An export uses the same columns, so an exported file can be re-imported unchanged.
"""

import re
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from vanguard.core.excel import (
    Column,
    ExcelError,
    SafeWorkbook,
    clean_text,
    digits_text,
    header_key,
    parse_date,
    read_table,
)
from vanguard.core.scope import get_scope

from . import services
from .choices import CadreLevel, Channel, Education, Gender, MembershipStatus, PoliticalStatus
from .models import PartyOrg, Person, Unit
from .selectors import tree_path_names
from .validators import id_card_birth_date, id_card_check_digit, validate_id_card, validate_phone

__all__ = [
    "COLUMNS",
    "ERROR_COLUMN",
    "TITLES",
    "ExcelError",
    "RosterResult",
    "RowError",
    "roster_benchmark",
    "roster_error_workbook",
    "roster_export",
    "roster_import",
    "roster_read",
    "roster_template",
    "roster_validate",
]

COLUMNS = (
    Column("姓名", 10),
    Column("工号", 12),
    Column("性别", 6),
    Column("出生日期", 12),
    Column("民族", 8),
    Column("学历", 12),
    Column("身份证号", 21),
    Column("所在单位", 40),
    Column("党组织", 40),
    Column("政治面貌", 13),
    Column("入党日期", 12),
    Column("转正日期", 12),
    Column("职务", 16),
    Column("干部级别", 10),
    Column("人员类别(三支队伍)", 18),
    Column("手机号", 14),
)
TITLES = tuple(c.title for c in COLUMNS)
REQUIRED = ("姓名", "工号", "性别", "所在单位")
ERROR_COLUMN = "错误说明"
ALIASES = {
    "姓名": ("名字",),
    "工号": ("员工编号", "职工号", "员工号"),
    "出生日期": ("出生年月", "出生年月日"),
    "学历": ("文化程度", "最高学历"),
    "身份证号": ("身份证号码", "公民身份号码", "身份证"),
    "所在单位": ("单位", "部门", "所在部门"),
    "党组织": ("所在党组织", "所在党支部", "党支部"),
    "入党日期": ("入党时间",),
    "转正日期": ("转正时间",),
    "干部级别": ("职级",),
    "人员类别(三支队伍)": ("人员类别", "三支队伍"),
    "手机号": ("手机", "手机号码", "联系电话"),
}
MAX_LENGTHS = {"姓名": 50, "工号": 32, "民族": 20, "职务": 100}
MEMBER_STATUSES = (PoliticalStatus.MEMBER, PoliticalStatus.PROBATIONARY)
CHUNK = 2000
PROGRESS_EVERY = 2000
ERROR_DISPLAY_LIMIT = 200  # errors listed on a page or kept on a task; the annotated file has them all


def _choices(choices, **extra):
    """Label → value for a TextChoices, also accepting the stored value and a few common spellings."""
    mapping = {label: value for value, label in choices.choices}
    mapping.update({value: value for value in choices.values})
    mapping.update(extra)
    return mapping


GENDERS = _choices(Gender, 男性="M", 女性="F", m="M", f="F")
EDUCATIONS = _choices(
    Education,
    博士="doctor",
    研究生="master",
    硕士="master",
    本科="bachelor",
    大学="bachelor",
    大专="college",
    专科="college",
    中专="technical",
    技校="technical",
    职高="technical",
    初中="junior",
    小学="junior",
)
CADRE_LEVELS = _choices(CadreLevel, 正科级="section", 正处级="division")
CHANNELS = _choices(
    Channel,
    经营管理人员="management",
    管理="management",
    专业技术人员="technical",
    技术="technical",
    技能操作人员="skilled",
    技能="skilled",
    操作="skilled",
)
POLITICAL = _choices(PoliticalStatus, 党员="member", 正式党员="member", 预备党员="probationary", 团员="league")


@dataclass(frozen=True)
class RowError:
    """One problem in the file: Excel row number, column title, message in Chinese."""

    row: int | None
    column: str
    message: str

    def as_dict(self):
        return {"row": self.row, "column": self.column, "message": self.message}


@dataclass
class RosterResult:
    """What an import did (or, for a dry run, would do)."""

    total: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list = field(default_factory=list)
    dry_run: bool = False
    written: bool = False
    table: object = None

    @property
    def ok(self):
        return not self.errors

    def counts(self):
        return {"total": self.total, "created": self.created, "updated": self.updated, "unchanged": self.unchanged}

    def as_dict(self, error_limit=None):
        errors = self.errors if error_limit is None else self.errors[:error_limit]
        return {
            **self.counts(),
            "dry_run": self.dry_run,
            "written": self.written,
            "error_count": len(self.errors),
            "errors": [e.as_dict() for e in errors],
        }


# ---------------------------------------------------------------- matching names in the trees


class TreeIndex:
    """Finds a node of a tree by its name, its full path or any tail of the path.

    ``公司/轧管厂/第一作业区``, ``轧管厂/第一作业区`` and (if unique) ``第一作业区`` all
    match the same node. Built with one query.
    """

    def __init__(self, model, label):
        self.label = label
        self.full = tree_path_names(model)
        self.path_of = {pk: path for path, pk in self.full.items()}
        self.by_tail = defaultdict(list)
        for path, pk in self.full.items():
            parts = path.split("/")
            for start in range(len(parts)):
                self.by_tail["/".join(parts[start:])].append(pk)

    @staticmethod
    def normalise(text):
        return "/".join(p.strip() for p in text.replace("\\", "/").split("/") if p.strip())

    def match(self, text):
        """(pk, None) or (None, Chinese message)."""
        key = self.normalise(text)
        found = self.by_tail.get(key, ())
        if len(found) == 1:
            return found[0], None
        if not found:
            return None, f"找不到{self.label}“{text}”,请核对名称或填写完整路径(如 公司/分厂/作业区)。"
        candidates = "；".join(self.path_of[pk] for pk in found[:3])
        more = f" 等{len(found)}个" if len(found) > 3 else ""
        return None, f"{self.label}“{text}”不唯一,请填写完整路径,候选:{candidates}{more}。"


# ---------------------------------------------------------------- reading and validating


def roster_read(source):
    """The roster table of an uploaded file (path, bytes or file object); raises ``ExcelError``."""
    return read_table(source, TITLES, aliases=ALIASES, required=("姓名", "工号"))


@dataclass
class _Context:
    actor: object
    today: date
    units: TreeIndex
    orgs: TreeIndex
    unit_ok: set | None  # None: every unit (global admin)
    org_ok: set | None


def _context(actor, today):
    scope = get_scope(actor) if actor is not None else None
    unlimited = actor is None or scope.is_global_admin
    return _Context(
        actor=actor,
        today=today or date.today(),
        units=TreeIndex(Unit, "单位"),
        orgs=TreeIndex(PartyOrg, "党组织"),
        unit_ok=None if unlimited else set(Unit.objects.restrict(actor, "change").values_list("pk", flat=True)),
        org_ok=None if unlimited else set(PartyOrg.objects.restrict(actor, "change").values_list("pk", flat=True)),
    )


class _Row:
    """One data row being checked: parsed values and the errors found."""

    def __init__(self, number, raw, errors):
        self.number = number
        self.raw = raw
        self.errors = errors
        self.values = {}

    def error(self, column, message):
        self.errors.append(RowError(self.number, column, message))

    def text(self, title):
        value = clean_text(self.raw.get(title))
        limit = MAX_LENGTHS.get(title)
        if limit and len(value) > limit:
            self.error(title, f"{title}过长,最多{limit}个字。")
        return value

    def choice(self, title, mapping, default=""):
        text = self.text(title)
        if not text:
            return default
        value = mapping.get(text) or mapping.get(text.lower())
        if value is None:
            allowed = "、".join(dict.fromkeys(label for label in mapping if not label.isascii()))
            self.error(title, f"“{text}”不是有效的{title.split('(')[0]},可填:{allowed}。")
            return default
        return value

    def date(self, title, today):
        try:
            value = parse_date(self.raw.get(title))
        except ValueError as exc:
            self.error(title, str(exc))
            return None
        if value and value > today:
            self.error(title, f"{title}不能晚于今天。")
        return value


def _parse_row(row, ctx):
    """Person values and membership of one row; problems go to ``row.errors``."""
    name, number = row.text("姓名"), digits_text(row.raw.get("工号"))
    if not name:
        row.error("姓名", "姓名不能为空。")
    if not number:
        row.error("工号", "工号不能为空。")
    elif len(number) > MAX_LENGTHS["工号"]:
        row.error("工号", "工号过长,最多32个字符。")
    gender = row.choice("性别", GENDERS)
    if not gender and not row.text("性别"):
        row.error("性别", "性别不能为空,请填写“男”或“女”。")
    values = {
        "name": name,
        "employee_no": number,
        "gender": gender,
        "birth_date": row.date("出生日期", ctx.today),
        "ethnicity": row.text("民族"),
        "education": row.choice("学历", EDUCATIONS),
        "position": row.text("职务"),
        "cadre_level": row.choice("干部级别", CADRE_LEVELS, CadreLevel.NONE),
        "channel": row.choice("人员类别(三支队伍)", CHANNELS),
        "political_status": row.choice("政治面貌", POLITICAL, PoliticalStatus.MASSES),
    }
    values["id_card"] = _id_card(row)
    values["phone"] = _phone(row)
    values["unit_id"] = _node(row, "所在单位", ctx.units, ctx.unit_ok, required=True)
    values["membership"] = _membership(row, ctx, values["political_status"])
    row.values = values


def _id_card(row):
    card = digits_text(row.raw.get("身份证号")).upper()
    if not card or "*" in card:
        return card  # a masked card is resolved against the database later
    try:
        validate_id_card(card)
    except ValidationError as exc:
        row.error("身份证号", exc.messages[0])
    return card


def _phone(row):
    phone = digits_text(row.raw.get("手机号")).replace("-", "")
    if phone.startswith("+86"):
        phone = phone[3:]
    try:
        validate_phone(phone)
    except ValidationError as exc:
        row.error("手机号", exc.messages[0])
    return phone


def _node(row, title, index, allowed, required=False):
    text = row.text(title)
    if not text:
        if required:
            row.error(title, f"{title}不能为空。")
        return None
    pk, message = index.match(text)
    if message:
        row.error(title, message)
        return None
    if allowed is not None and pk not in allowed:
        row.error(title, f"{index.label}“{text}”不在您的管理范围内。")
        return None
    return pk


def _membership(row, ctx, political):
    org_text = row.text("党组织")
    joined = row.date("入党日期", ctx.today)
    regularised = row.date("转正日期", ctx.today)
    if political not in MEMBER_STATUSES:
        if org_text:
            row.error("党组织", f"政治面貌为{PoliticalStatus(political).label},不应填写党组织。")
        if joined:
            row.error("入党日期", f"政治面貌为{PoliticalStatus(political).label},不应填写入党日期。")
        if regularised:
            row.error("转正日期", f"政治面貌为{PoliticalStatus(political).label},不应填写转正日期。")
        return None
    label = PoliticalStatus(political).label
    if not org_text:
        row.error("党组织", f"{label}须填写所在党组织。")
    org_id = _node(row, "党组织", ctx.orgs, ctx.org_ok) if org_text else None
    if political == PoliticalStatus.PROBATIONARY and regularised:
        row.error("转正日期", "预备党员不应有转正日期。")
    if joined and regularised and regularised < joined:
        row.error("转正日期", "转正日期不能早于入党日期。")
    status = MembershipStatus.PROBATIONARY if political == PoliticalStatus.PROBATIONARY else MembershipStatus.FULL
    # "post" is left out on purpose: an import keeps a member's post (书记, 委员…) as it is.
    return {"party_org_id": org_id, "status": status, "joined_on": joined, "regularised_on": regularised}


def _check_duplicates(rows):
    first_no, first_card = {}, {}
    for row in rows:
        number, card = row.values["employee_no"], row.values["id_card"]
        if number:
            if number in first_no:
                row.error("工号", f"工号“{number}”与第{first_no[number]}行重复。")
            else:
                first_no[number] = row.number
        if card and "*" not in card:
            if card in first_card:
                row.error("身份证号", f"身份证号与第{first_card[card]}行重复。")
            else:
                first_card[card] = row.number


def _existing(numbers):
    found = {}
    numbers = list(numbers)
    for start in range(0, len(numbers), CHUNK):
        chunk = numbers[start : start + CHUNK]
        found.update(
            {p.employee_no: p for p in Person.objects.filter(employee_no__in=chunk).select_related("membership")}
        )
    return found


def _cards_in_use(cards):
    """ID card → 工号 of people already holding it (one query per 2,000 cards)."""
    used = {}
    cards = list(cards)
    for start in range(0, len(cards), CHUNK):
        rows = Person.objects.filter(id_card__in=cards[start : start + CHUNK]).values_list("id_card", "employee_no")
        used.update(rows)
    return used


def _may_change(person, ctx):
    if ctx.unit_ok is None:
        return True
    membership = getattr(person, "membership", None)
    return person.unit_id in ctx.unit_ok or (membership is not None and membership.party_org_id in ctx.org_ok)


def _check_against_database(rows, ctx):
    """Existing people (scope, masked ID cards) and ID cards held by someone else."""
    existing = _existing(r.values["employee_no"] for r in rows if r.values["employee_no"])
    for row in rows:
        person = existing.get(row.values["employee_no"])
        if person is not None and not _may_change(person, ctx):
            row.error("工号", "该工号已被您管理范围以外的人员使用,不能在此导入修改。")
        card = row.values["id_card"]
        if card and "*" in card:
            if person is not None and person.id_card and person.id_card_masked == card:
                row.values["id_card"] = person.id_card
            else:
                row.error("身份证号", "身份证号已脱敏(含*),请填写完整的身份证号,或留空。")
    cards = {r.values["id_card"]: r for r in rows if r.values["id_card"] and "*" not in r.values["id_card"]}
    for card, holder in _cards_in_use(cards).items():
        row = cards[card]
        if holder != row.values["employee_no"]:
            row.error("身份证号", "该身份证号已被系统中的其他人员使用。")
    for row in rows:
        card, birth = row.values["id_card"], row.values["birth_date"]
        card_birth = id_card_birth_date(card) if len(card) == 18 else None
        if card_birth and birth and card_birth != birth:
            row.error("出生日期", f"出生日期与身份证号不一致(身份证为{card_birth:%Y-%m-%d})。")
        elif card_birth and not birth and card_birth <= ctx.today:
            row.values["birth_date"] = card_birth
    return existing


PERSON_COMPARE = (
    "name",
    "gender",
    "birth_date",
    "ethnicity",
    "education",
    "id_card",
    "position",
    "cadre_level",
    "channel",
    "unit_id",
    "phone",
    "political_status",
)


def _changes(person, values):
    """Whether applying ``values`` to an existing person changes anything (person or membership)."""
    if any(getattr(person, name) != values[name] for name in PERSON_COMPARE):
        return True
    membership = getattr(person, "membership", None)
    wanted = values["membership"]
    if membership is None or wanted is None:
        return (membership is None) != (wanted is None)
    return any(getattr(membership, name) != value for name, value in wanted.items())


def roster_validate(*, actor, table, today=None, progress=None):
    """Check every row of ``table``; returns (rows that create or change someone, errors, counts)."""
    ctx = _context(actor, today)
    errors = []
    rows = []
    records = list(table.records())
    for done, (number, raw) in enumerate(records, start=1):
        row = _Row(number, raw, errors)
        _parse_row(row, ctx)
        rows.append(row)
        if progress and done % PROGRESS_EVERY == 0:
            progress(done)
    _check_duplicates(rows)
    existing = _check_against_database(rows, ctx)
    if not rows:
        errors.append(RowError(table.header_row, "", "表头下没有数据行。"))
    errors.sort(key=lambda e: (e.row or 0, TITLES.index(e.column) if e.column in TITLES else -1))
    created, updated, to_write = 0, 0, []
    for row in rows:
        person = existing.get(row.values["employee_no"])
        if person is None:
            created += 1
        elif _changes(person, row.values):
            updated += 1
        else:
            continue  # unchanged rows are not handed to the upsert at all
        to_write.append(row.values)
    counts = {"total": len(rows), "created": created, "updated": updated, "unchanged": len(rows) - created - updated}
    return to_write, errors, counts


def roster_import(*, actor, source, dry_run=False, today=None, progress=None):
    """Import a roster file: validate every row; write only if all rows are good (and not a dry run).

    ``progress(done, total)`` is called as rows are checked (first half) and written
    (second half). Raises ``ExcelError`` for a file that is not a readable table.
    """
    table = roster_read(source)
    total = table.count()
    report = (lambda done: progress(done, total * 2)) if progress else None
    rows, errors, counts = roster_validate(actor=actor, table=table, today=today, progress=report)
    result = RosterResult(**counts, errors=errors, dry_run=dry_run, table=table)
    if errors or dry_run:
        return result
    if not rows:
        result.written = True  # nothing to change
        return result
    services.person_bulk_upsert(
        actor=actor, rows=rows, progress=(lambda done: progress(total + done, total * 2)) if progress else None
    )
    result.written = True
    return result


# ---------------------------------------------------------------- files written back


def roster_error_workbook(table, errors, target=None):
    """The uploaded sheet again, every cell as it was, with a red ``错误说明`` column per bad row.

    A file that already has the column (an annotated file, corrected and uploaded again)
    gets it refilled rather than a second one.
    """
    by_row = defaultdict(list)
    for error in errors:
        by_row[error.row].append(f"{error.column}:{error.message}" if error.column else error.message)
    keys = [header_key(cell) for cell in table.header]
    error_col = keys.index(ERROR_COLUMN) if ERROR_COLUMN in keys else max(table.width, len(table.header))
    book = SafeWorkbook(target)
    sheet = book.add_sheet(table.sheet_name or "花名册", freeze=False)
    ws = sheet.worksheet
    for col, cell in enumerate(table.header):
        ws.set_column(col, col, max(8, min(40, len(clean_text(cell)) * 2 + 4)))
    ws.set_column(error_col, error_col, 60)
    ws.freeze_panes(table.header_row, 0)
    for index, cells in enumerate(table.cells):
        cells = [*cells[:error_col], "", *cells[error_col + 1 :]] if len(cells) > error_col else cells
        if index == table.header_row - 1:
            sheet.write_row(index, cells, cell_format=book.formats["header"])
            ws.write_string(index, error_col, ERROR_COLUMN, book.formats["error_header"])
            continue
        sheet.write_row(index, cells)
        if index + 1 in by_row:
            sheet.write_cell(index, error_col, ";".join(by_row[index + 1]), book.formats["error"])
    if None in by_row:
        sheet.write_cell(len(table.cells), error_col, ";".join(by_row[None]), book.formats["error"])
    return book.close()


def _example_paths(actor):
    unit = Unit.objects.restrict(actor, "change").order_by("-depth", "path").first() if actor else None
    org = PartyOrg.objects.restrict(actor, "change").order_by("-depth", "path").first() if actor else None
    units = tree_path_names(Unit) if unit else {}
    orgs = tree_path_names(PartyOrg) if org else {}
    unit_path = next((p for p, pk in units.items() if unit and pk == unit.pk), "公司/轧管厂/第一作业区/加热工序/甲班")
    org_path = next((p for p, pk in orgs.items() if org and pk == org.pk), "公司党委/轧管厂党总支/第一党支部")
    return unit_path, org_path


def _labels(choices):
    return "、".join(label for _, label in choices.choices)


def roster_template(*, actor=None, target=None):
    """The import template: the header, one example row, and a sheet of instructions and allowed values."""
    unit_path, org_path = _example_paths(actor)
    first17 = "12011619900501123"
    example = [
        "张三",
        "T000001",
        "男",
        date(1990, 5, 1),
        "汉族",
        "大学本科",
        first17 + id_card_check_digit(first17),
        unit_path,
        org_path,
        "中共党员",
        date(2015, 7, 1),
        date(2016, 7, 1),
        "操作工",
        "无",
        "技能操作",
        "13800000000",
    ]
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
        ["性别", _labels(Gender)],
        ["学历", _labels(Education)],
        ["政治面貌", _labels(PoliticalStatus)],
        ["干部级别", _labels(CadreLevel)],
        ["人员类别(三支队伍)", _labels(Channel)],
    ]
    book = SafeWorkbook(target)
    sheet = book.add_sheet("花名册", columns=COLUMNS)
    sheet.write_row(1, example)
    help_sheet = book.add_sheet("填写说明")
    help_sheet.worksheet.set_column(0, 0, 20)
    help_sheet.worksheet.set_column(1, 1, 90)
    for index, values in enumerate(notes):
        fmt = book.formats["title"] if index in (0, 10) else book.formats["note"]
        help_sheet.write_row(index, values, cell_format=fmt)
    return book.close()


EXPORT_FIELDS = (
    "name",
    "employee_no",
    "gender",
    "birth_date",
    "ethnicity",
    "education",
    "id_card",
    "unit_id",
    "membership__party_org_id",
    "political_status",
    "membership__joined_on",
    "membership__regularised_on",
    "position",
    "cadre_level",
    "channel",
    "phone",
)


def _mask(card):
    return f"{card[:6]}********{card[-4:]}" if len(card) == 18 else "*" * len(card)


def roster_export(*, queryset, show_id_cards, target=None):
    """People of ``queryset`` (already restricted and filtered) in the template's columns.

    Two queries for the tree paths and one for the people, whatever their number.
    """
    units = {pk: path for path, pk in tree_path_names(Unit).items()}
    orgs = {pk: path for path, pk in tree_path_names(PartyOrg).items()}
    labels = {
        name: dict(choices.choices)
        for name, choices in (
            ("gender", Gender),
            ("education", Education),
            ("political_status", PoliticalStatus),
            ("cadre_level", CadreLevel),
            ("channel", Channel),
        )
    }
    gender, education, political = labels["gender"], labels["education"], labels["political_status"]
    cadre, channel = labels["cadre_level"], labels["channel"]
    book = SafeWorkbook(target)
    sheet = book.add_sheet("花名册", columns=COLUMNS)
    write = sheet.write_row
    rows = queryset.values_list(*EXPORT_FIELDS).iterator(chunk_size=5000)
    for index, (
        name,
        number,
        sex,
        birth,
        ethnicity,
        edu,
        card,
        unit_id,
        org_id,
        status,
        joined,
        regularised,
        position,
        level,
        chan,
        phone,
    ) in enumerate(rows, start=1):
        write(
            index,
            (
                name,
                number,
                gender.get(sex, sex),
                birth,
                ethnicity,
                education.get(edu, edu),
                card if show_id_cards or not card else _mask(card),
                units.get(unit_id, ""),
                orgs.get(org_id, ""),
                political.get(status, status),
                joined,
                regularised,
                position,
                cadre.get(level, level),
                channel.get(chan, chan),
                phone,
            ),
        )
    return book.close()


# ---------------------------------------------------------------- files kept for the page and the task

_TOKEN = re.compile(r"^[0-9a-f]{32}(-errors)?\.(xlsx|xlsm|xls|xlsb|ods)$")
KEEP_SECONDS = 2 * 24 * 3600


def upload_dir(user):
    return Path(settings.MEDIA_ROOT) / "roster" / str(user.pk)


def upload_save(user, uploaded, suffix=None):
    """Keep an uploaded roster file for the preview → confirm steps; returns its token."""
    folder = upload_dir(user)
    folder.mkdir(parents=True, exist_ok=True)
    _sweep(folder)
    suffix = (suffix or Path(getattr(uploaded, "name", "x.xlsx")).suffix.lower().lstrip(".")) or "xlsx"
    if suffix not in ("xlsx", "xlsm", "xls", "xlsb", "ods"):
        suffix = "xlsx"
    token = f"{uuid.uuid4().hex}.{suffix}"
    with open(folder / token, "wb") as out:
        if isinstance(uploaded, bytes | bytearray):
            out.write(uploaded)
        else:
            for chunk in uploaded.chunks() if hasattr(uploaded, "chunks") else [uploaded.read()]:
                out.write(chunk)
    return token


def upload_path(user, token):
    """The kept file for ``token`` if it is this user's; None otherwise."""
    if not token or not _TOKEN.match(token):
        return None
    path = upload_dir(user) / token
    return path if path.is_file() else None


def error_file_save(user, token, table, errors):
    """Write the annotated workbook next to the upload; returns its token."""
    name = token.split(".")[0] + "-errors.xlsx"
    folder = upload_dir(user)
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / name, "wb") as out:
        out.write(roster_error_workbook(table, errors))
    return name


def _sweep(folder):
    cutoff = time.time() - KEEP_SECONDS
    for path in folder.iterdir():
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink()
        except OSError:
            continue


# ---------------------------------------------------------------- benchmark


def synthetic_rows(count, *, prefix="B", member_share=0.3):
    """``count`` valid roster rows (lists in template order) spread over the existing teams."""
    import random

    from .choices import UnitKind

    rng = random.Random(f"roster-{count}")
    units = {pk: path for path, pk in tree_path_names(Unit).items()}
    orgs = {pk: path for path, pk in tree_path_names(PartyOrg).items()}
    teams = list(Unit.objects.filter(kind=UnitKind.TEAM).values_list("pk", "path"))
    covering = {}
    for org_id, unit_path in PartyOrg.units.through.objects.values_list("partyorg_id", "unit__path"):
        covering[unit_path] = org_id
    team_org = {}
    for pk, path in teams:
        for length in range(len(path), 0, -Unit.steplen):
            if path[:length] in covering:
                team_org[pk] = covering[path[:length]]
                break
    surnames, given = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗", "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平"
    rows = []
    for i in range(count):
        team_id, _ = teams[i % len(teams)]
        birth = date(1970, 1, 1) + timedelta(days=(i // 1000) * 97)  # with the sequence: unique cards
        first17 = f"{110100 + sum(map(ord, prefix)) % 100:06d}{birth:%Y%m%d}{i % 1000:03d}"
        member = team_id in team_org and rng.random() < member_share
        joined = date(max(birth.year + 20, 2000), rng.randint(1, 12), rng.randint(1, 28)) if member else None
        rows.append(
            [
                rng.choice(surnames) + rng.choice(given) + rng.choice(given),
                f"{prefix}{i + 1:06d}",
                rng.choice("男女"),
                birth,
                "汉族",
                rng.choice(["大学本科", "大学专科", "高中"]),
                first17 + id_card_check_digit(first17),
                units[team_id],
                orgs[team_org[team_id]] if member else "",
                "中共党员" if member else "群众",
                joined,
                date(joined.year + 1, joined.month, joined.day) if member else None,
                "操作工",
                "无",
                "技能操作",
                f"139{i:08d}",
            ]
        )
    return rows


def roster_benchmark(*, actor=None, rows=40000, keep=False, stdout=None):
    """Time a ``rows``-row import (fresh 工号), an export of every person and the re-import of that export.

    Works on the current database (any demo size). Returns seconds per phase and counts. Unless ``keep``, everything is rolled back at the end so
    the database is unchanged. ``actor`` defaults to the demo 党委管理员 ``dangwei``.
    """
    from vanguard.core.excel import write_table

    from .models import User

    actor = actor or User.objects.get(username="dangwei")
    timings = {"rows": rows}
    started = time.perf_counter()
    content = write_table(columns=COLUMNS, rows=synthetic_rows(rows), sheet_name="花名册")
    timings["build_file_s"] = round(time.perf_counter() - started, 2)
    with transaction.atomic():
        started = time.perf_counter()
        result = roster_import(actor=actor, source=content, dry_run=True)
        timings["dry_run_s"] = round(time.perf_counter() - started, 2)
        started = time.perf_counter()
        result = roster_import(actor=actor, source=content)
        timings["import_s"] = round(time.perf_counter() - started, 2)
        timings["import_errors"] = len(result.errors)
        timings["created"] = result.created
        from .selectors import person_list

        queryset = person_list(user=actor)
        timings["export_rows"] = queryset.count()
        started = time.perf_counter()
        exported = roster_export(queryset=queryset, show_id_cards=True)
        timings["export_s"] = round(time.perf_counter() - started, 2)
        timings["export_bytes"] = len(exported)
        started = time.perf_counter()
        again = roster_import(actor=actor, source=exported)
        timings["reimport_s"] = round(time.perf_counter() - started, 2)
        timings["reimport_unchanged"] = again.unchanged
        timings["reimport_errors"] = len(again.errors)
        if not keep:
            transaction.set_rollback(True)
    if stdout:
        stdout.write(str(timings))
    return timings
