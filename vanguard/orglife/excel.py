"""Excel import of training records (all or nothing, every error listed by row) and its template."""

from dataclasses import dataclass, field
from typing import IO

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from vanguard.core import access
from vanguard.core.choices import Action
from vanguard.core.excel import (
    CODE,
    DATE,
    NUMBER,
    Column,
    ExcelError,
    clean_text,
    digits_text,
    parse_date,
    read_table,
    write_table,
)
from vanguard.core.imports import ImportErrors
from vanguard.core.tabular import text_cell
from vanguard.org.models import User

from . import services
from .choices import TrainingCategory, TrainingChannel
from .hours import parse_hours
from .models import TrainingRecord

REQUIRED = ["工号", "培训名称", "日期", "学时"]
ALIASES = {"工号": ["员工编号", "职工号"], "培训名称": ["课程名称", "培训项目"], "学时": ["课时", "学时数"]}
COLUMNS = [
    Column("工号", 12, kind=CODE), Column("姓名", 10), Column("培训名称", 36),
    Column("类别", 14, options=TrainingCategory.labels), Column("方式", 10, options=TrainingChannel.labels),
    Column("举办单位", 18), Column("日期", 12, kind=DATE), Column("学时", 8, kind=NUMBER), Column("备注", 20),
]  # fmt: skip
TITLES = [c.title for c in COLUMNS]
CATEGORIES = {label: value for value, label in TrainingCategory.choices} | {"党员培训": TrainingCategory.MEMBER,
                                                                          "书记培训": TrainingCategory.SECRETARY}  # fmt: skip
CHANNELS = {label: value for value, label in TrainingChannel.choices} | {"线上": TrainingChannel.ONLINE,
                                                                        "网络培训": TrainingChannel.ONLINE}  # fmt: skip


@dataclass
class ImportResult(ImportErrors):
    total: int = 0
    created: int = 0
    errors: list = field(default_factory=list)  # (excel row, message)

    @property
    def ok(self):
        return not self.errors


def training_template():
    today = timezone.localdate()
    rows = [["T100003", "李红梅", "网上党校专题学习", "党员教育培训", "网络学习", "公司党委组织部", today, 4, ""]]
    return write_table(columns=COLUMNS, rows=rows, sheet_name="培训记录")


def _row(values, people, seen, today):
    errors = []
    number = digits_text(values.get("工号"))
    person = people.get(number)
    if person is None:
        errors.append(f"工号“{number}”的党员不存在或不在您负责的组织内。")
    name = text_cell(values.get("姓名"))
    if person is not None and name and name != person.name:
        errors.append(f"工号 {number} 对应的是 {person.name},与表中姓名“{name}”不符。")
    title = text_cell(values.get("培训名称"))
    if not title:
        errors.append("培训名称不能为空。")
    category = CATEGORIES.get(clean_text(values.get("类别")) or "党员教育培训")
    if category is None:
        errors.append(f"类别“{clean_text(values.get('类别'))}”应为 党员教育培训 / 支部书记培训 / 干部培训。")
    channel = CHANNELS.get(clean_text(values.get("方式")) or "网络学习")
    if channel is None:
        errors.append(f"方式“{clean_text(values.get('方式'))}”应为 外部培训 / 网络学习 / 集中轮训。")
    try:
        day = parse_date(values.get("日期"))
        if day is None:
            errors.append("日期不能为空。")
        elif day > today:
            errors.append(f"日期 {day:%Y-%m-%d} 在今天之后。")
    except ValueError:
        day = None
        errors.append(f"日期“{clean_text(values.get('日期'))}”不是有效的日期(如 2025-06-30)。")
    try:
        hours = parse_hours(values.get("学时"))
    except ValidationError as exc:
        hours = None
        errors.extend(exc.messages)
    key = (person.pk if person else None, title, day)
    if person is not None and day is not None and key in seen:
        errors.append(f"与第 {seen[key]} 行重复(同一人、同一培训、同一天)。")
    if errors:
        return None, errors
    record = TrainingRecord(
        person=person, title=title, category=category, channel=channel, date=day, hours=hours,
        provider=text_cell(values.get("举办单位"))[:100], note=text_cell(values.get("备注"))[:200],
    )  # fmt: skip
    return record, []


def training_import(*, actor: User, source: IO[bytes]) -> ImportResult:
    """Read every row, report every error; write all rows in one transaction only when there is none."""
    result = ImportResult()
    try:
        table = read_table(source, TITLES, aliases=ALIASES, required=REQUIRED)
    except ExcelError as exc:
        result.errors.append((None, str(exc)))
        return result
    records_in = list(table.records())
    numbers = {digits_text(v.get("工号")) for _, v in records_in}
    # Only the members the actor may record training for; anyone else reads as unknown.
    people = access.choices(actor, TrainingRecord, "person", Action.ADD).filter(employee_no__in=numbers)
    people = {p.employee_no: p for p in people}
    today = timezone.localdate()
    seen, records = {}, []
    for row_number, values in records_in:
        result.total += 1
        record, errors = _row(values, people, seen, today)
        result.errors.extend((row_number, e) for e in errors)
        if record is not None:
            seen[(record.person.pk, record.title, record.date)] = row_number
            records.append((row_number, record))
    existing = set(
        TrainingRecord.objects.filter(person__in=[r.person for _, r in records]).values_list(
            "person_id", "title", "date"
        )
    )
    for row_number, r in records:
        if (r.person.pk, r.title, r.date) in existing:
            result.errors.append((row_number, f"{r.person.name} 的“{r.title}”({r.date:%Y-%m-%d})已登记过。"))
    if not result.total:
        result.errors.append((None, "文件中没有数据行。"))
    if result.errors:
        return result
    with transaction.atomic():
        for _, r in records:
            r.created_by = actor
        services.training_bulk_create(actor=actor, records=[r for _, r in records])
    result.created = len(records)
    return result
