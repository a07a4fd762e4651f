"""Excel and CSV of the indicator values: the list's export (``core.exports``, Excel that prints and a CSV
ledger), and the import of a month's values from Excel or CSV in one layout, the template's: 月份, 班组编码,
班组名称, then one column per indicator (its name, with or without the unit, or its code as the title).

The import reads the files people have (``core.excel.read_table``: GBK or UTF-8 CSV, title rows above the
header, full-width digits, stray spaces, oversized or hostile files refused), then writes through
``indicator_values_upsert``: any bad cell refuses the whole file, every bad row named; blank cells are not
reported and change nothing.
"""

import csv
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from vanguard.core.excel import (
    CODE,
    MEASURE,
    TEXT,
    Column,
    ExcelError,
    clean_text,
    digits_text,
    read_table,
    write_table,
)
from vanguard.core.exports import counted, register_export
from vanguard.core.imports import ImportErrors
from vanguard.org.choices import UnitKind
from vanguard.org.models import Unit, User

from .choices import ValueSource
from .models import Indicator
from .periods import Period, month_key, month_number, parse_month
from .services.values import RowErrors, ValueRow, _allowed_units, indicator_values_upsert

VALUE_LEDGER = "indicators.values"
VALUE_LEDGER_CSV = "indicators.values_csv"
LEDGER_COLUMNS = [
    Column("月份", 9, kind=CODE), Column("单位编码", 12, kind=CODE), Column("班组或单位", 24),
    Column("指标代码", 22, kind=CODE), Column("指标", 14), Column("数值", 14, kind=MEASURE), Column("计量单位", 8),
    Column("来源", 8), Column("更新时间", 17, kind=TEXT),
]  # fmt: skip


def filtered(user, params):
    """The list's form and rows for ``params`` (a QueryDict): the page and the exports read the same."""
    from .forms.values import ValueFilterForm
    from .selectors.values import value_rows, visible_units

    form = ValueFilterForm(params or None, indicators=Indicator.objects.filter(active=True),
                           units=visible_units(user=user))  # fmt: skip
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    unit = data.get("unit")
    first, last = data.get("first"), data.get("last")
    if first is None and last is None:  # a month at a time unless asked otherwise: last month, the one being entered
        first = last = month_number(timezone.localdate()) - 1
    rows = value_rows(
        user=user, unit=unit, below=bool(data.get("below")), indicator=data.get("indicator"),
        first=first, last=last, search=data.get("q", ""),
    )  # fmt: skip
    return form, rows, unit


def unit_trail(unit, names):
    """``轧管厂/一作业区/穿孔工序/甲班``: the unit's names below the company (``names``: {path: name} of the units
    above the teams), which the import reads back."""
    step = Unit.steplen
    return "/".join([*(names.get(unit.path[:end], "") for end in range(2 * step, len(unit.path), step)), unit.name])


def _ledger_rows(rows, total, progress):
    names = dict(Unit.objects.exclude(kind=UnitKind.TEAM).values_list("path", "name"))
    for v in counted(rows.select_related("unit", "indicator").iterator(chunk_size=2000), total, progress):
        yield [month_key(v.month), v.unit.code, unit_trail(v.unit, names), v.indicator.code, v.indicator.name, v.value,
               v.indicator.unit_of_measure, v.get_source_display(), timezone.localtime(v.updated_at).strftime("%Y-%m-%d %H:%M")]  # fmt: skip


@register_export(VALUE_LEDGER, "指标数值")
def value_ledger_export(user, params, progress):
    """指标数值 with the list's filters, for printing (a title row names the scope and the day)."""
    _form, rows, unit = filtered(user, params)
    total = rows.count()
    title = f"指标数值{('(' + unit.name + ')') if unit else ''}"
    content = write_table(columns=LEDGER_COLUMNS, rows=_ledger_rows(rows, total, progress), sheet_name="指标数值",
                          title=title)  # fmt: skip
    return content, f"指标数值-{timezone.localdate():%Y%m%d}.xlsx"


@register_export(VALUE_LEDGER_CSV, "指标数值(CSV)")
def value_ledger_csv(user, params, progress):
    """The same rows as CSV (UTF-8 with BOM, so Excel opens it in Chinese) for other systems."""
    _form, rows, _unit = filtered(user, params)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([c.title for c in LEDGER_COLUMNS])
    for row in _ledger_rows(rows, rows.count(), progress):
        writer.writerow([f"{cell:f}" if hasattr(cell, "is_finite") else cell for cell in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8"), f"指标数值-{timezone.localdate():%Y%m%d}.csv"


TARGET_LEDGER = "indicators.targets"
PLEDGE_LEDGER = "indicators.pledges"
TARGET_COLUMNS = [
    Column("班组或单位", 24), Column("指标", 14), Column("期间", 14), Column("目标值", 14, kind=MEASURE),
    Column("突破性目标", 14, kind=MEASURE), Column("计量单位", 8), Column("说明", 24),
]  # fmt: skip
PLEDGE_COLUMNS = [
    Column("班组", 20), Column("指标", 14), Column("起始月份", 10, kind=CODE), Column("截止月份", 10, kind=CODE),
    Column("承诺值", 14, kind=MEASURE), Column("实际", 14, kind=MEASURE), Column("状态", 8), Column("承诺人", 10),
    Column("承诺内容", 30), Column("跟踪情况", 30),
]  # fmt: skip


@register_export(TARGET_LEDGER, "指标目标")
def target_ledger_export(user, params, progress):
    """指标目标 of the page's filters (unit, indicator, year), for printing."""
    from .selectors.values import target_rows

    rows, year = target_rows(user=user, params=params)
    total = rows.count()
    lines = (
        [t.unit.name, t.indicator.name, Period(t.first_month, t.last_month).label, t.target, t.breakthrough,
         t.indicator.unit_of_measure, t.note]
        for t in counted(rows.select_related("unit", "indicator").iterator(chunk_size=2000), total, progress)
    )  # fmt: skip
    content = write_table(columns=TARGET_COLUMNS, rows=lines, sheet_name="指标目标", title=f"{year}年指标目标")
    return content, f"指标目标-{year}.xlsx"


@register_export(PLEDGE_LEDGER, "指标承诺")
def pledge_ledger_export(user, params, progress):
    """指标承诺 of the page's filters, with each one's state (judged a thousand at a time)."""
    from .selectors.values import pledge_list_rows, pledge_states

    rows = pledge_list_rows(user=user, params=params)
    total = rows.count()

    def lines():
        batch = []
        for pledge in counted(rows.iterator(chunk_size=1000), total, progress):
            batch.append(pledge)
            if len(batch) == 1000:
                yield from _pledge_lines(batch, pledge_states(batch))
                batch = []
        yield from _pledge_lines(batch, pledge_states(batch))

    content = write_table(columns=PLEDGE_COLUMNS, rows=lines(), sheet_name="指标承诺", title="指标承诺")
    return content, f"指标承诺-{timezone.localdate():%Y%m%d}.xlsx"


def _pledge_lines(pledges, states):
    for p in pledges:
        state, figure = states[p.pk]
        yield [p.unit.name, p.indicator.name, month_key(p.first_month), month_key(p.last_month), p.value, figure,
               state, p.pledger.name, p.content, p.follow_up]  # fmt: skip


# ---------------------------------------------------------------- import

MONTH, CODE_TITLE, NAME_TITLE = "月份", "班组编码", "班组名称"
ALIASES = {
    MONTH: ["年月", "期间", "统计月份"],
    CODE_TITLE: ["单位编码", "编码"],
    NAME_TITLE: ["班组", "单位", "单位名称", "班组或单位"],
}


def _indicator_titles(indicators):
    """{title: indicator} with the aliases each indicator column may carry (名称(单位), code)."""
    titles, aliases = {}, {}
    for indicator in indicators:
        title = f"{indicator.name}({indicator.unit_of_measure})"
        titles[title] = indicator
        aliases[title] = [indicator.name, indicator.code, f"{indicator.name}({indicator.unit_of_measure})"]
    return titles, aliases


def value_template():
    """The import template: last month, one example team row, a column per indicator."""
    indicators = list(Indicator.objects.filter(active=True).order_by("order", "pk"))
    titles, _ = _indicator_titles(indicators)
    columns = [Column(MONTH, 10, kind=CODE), Column(CODE_TITLE, 12, kind=CODE), Column(NAME_TITLE, 20),
               *(Column(t, 14, kind=MEASURE) for t in titles)]  # fmt: skip
    last = month_number(timezone.localdate()) - 1
    return write_table(columns=columns, rows=[[month_key(last), "", "示例:轧管一班", *([""] * len(titles))]],
                       sheet_name="指标数值")  # fmt: skip


@dataclass
class ImportResult(ImportErrors):
    total: int = 0  # values read
    dry_run: bool = False
    errors: list = field(default_factory=list)  # (row label, message)
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    corrected: int = 0

    @property
    def ok(self):
        return not self.errors


SEPARATORS = ("/", "／", ">", "＞", "\\")


def _parts(name):
    """A unit cell as its names, top first: ``轧管厂/一作业区/穿孔工序/甲班`` (or just ``甲班``)."""
    for separator in SEPARATORS[1:]:
        name = name.replace(separator, "/")
    return [part.strip() for part in name.split("/") if part.strip()]


def _units(actor, records):
    """{code: unit}, {name: [units]}, the ids the actor may enter and {unit id: its names top first} of the units
    named in the file (three queries: the units, the actor's scope, their ancestors' names)."""
    codes = {digits_text(v.get(CODE_TITLE)) for _, v in records} - {""}
    names = {(_parts(clean_text(v.get(NAME_TITLE))) or [""])[-1] for _, v in records} - {""}
    named = list(Unit.objects.filter(code__in=codes) | Unit.objects.filter(name__in=names))
    allowed = _allowed_units(actor, {u.pk for u in named})
    by_code, by_name = {}, {}
    for unit in named:
        if unit.code:
            by_code[unit.code] = unit
        by_name.setdefault(unit.name, []).append(unit)
    step = Unit.steplen
    prefixes = {u.path[:end] for u in named for end in range(step, len(u.path), step)}
    above = dict(Unit.objects.filter(path__in=prefixes).values_list("path", "name")) if prefixes else {}
    trail = {u.pk: [*(above.get(u.path[:end], "") for end in range(step, len(u.path), step)), u.name] for u in named}
    return by_code, by_name, allowed, trail


def _unit_of(values, by_code, by_name, allowed, trail):
    code, name = digits_text(values.get(CODE_TITLE)), clean_text(values.get(NAME_TITLE))
    if code:
        unit = by_code.get(code)
        return (unit, None) if unit is not None else (None, f"班组编码“{code}”不存在")
    parts = _parts(name)
    if not parts:
        return None, "班组编码和班组名称都为空"
    found = [u for u in by_name.get(parts[-1], []) if trail[u.pk][-len(parts) :] == parts]
    mine = [u for u in found if u.pk in allowed]
    if len(mine) == 1 or len(found) == 1:
        return (mine or found)[0], None
    if not found:
        return None, f"班组“{name}”不存在"
    if not mine:
        return None, f"您无权填报“{name}”的指标"
    return None, f"班组“{name}”有重名,请填写班组编码或带上级的名称(如 穿孔工序/{parts[-1]})"


def parse_value_rows(actor, source):
    """(ValueRow list, errors, count of values read) from a file; raises ``ExcelError`` for an unreadable one."""
    indicators = list(Indicator.objects.filter(active=True).order_by("order", "pk"))
    titles, aliases = _indicator_titles(indicators)
    table = read_table(source, [MONTH, CODE_TITLE, NAME_TITLE, *titles], aliases={**ALIASES, **aliases},
                       required=[MONTH])  # fmt: skip
    present = [t for t in titles if t in table.columns]
    if not present:
        raise ExcelError("表头中没有任何指标列,请使用导入模板(每项指标一列,列名为指标名称)。")
    records = list(table.records())
    by_code, by_name, allowed, trail = _units(actor, records)
    rows, errors = [], []
    for number, values in records:
        month = parse_month(clean_text(values.get(MONTH)) if not hasattr(values.get(MONTH), "year") else values[MONTH])
        unit, problem = _unit_of(values, by_code, by_name, allowed, trail)
        if month is None:
            problem = f"月份“{clean_text(values.get(MONTH))}”应为 2026-05 这样的年月"
        if problem:
            errors.append((f"第 {number} 行", problem))
            continue
        for title in present:
            raw = values.get(title)
            text = clean_text(raw) if not isinstance(raw, int | float) or isinstance(raw, bool) else raw
            if text == "" or text is None:
                continue
            line = f"第 {number} 行 {titles[title].name}"
            rows.append(ValueRow(titles[title], unit, month, text, line=line))
    return rows, errors, len(records)


def _row_order(error):
    """Errors in the file's order: by the row number in ``第 12 行 …`` (file-wide ones first)."""
    label = error[0] or ""
    digits = "".join(ch for ch in label.split("行")[0] if ch.isdigit())
    return int(digits) if digits else 0


def count_rows(source):
    """The data rows of a file (to tell a large import, run in the background, from a small one)."""
    return read_table(source, [MONTH, CODE_TITLE, NAME_TITLE], aliases=ALIASES, required=[MONTH]).count()


def value_import(*, actor: User, source, dry_run: bool = False, reason: str = "", progress=None) -> ImportResult:
    """A month (or months) of values from a file: all or nothing, every error listed; a dry run checks only.
    ``progress(done, total)`` hears of the rows read, then of the write."""
    result = ImportResult(dry_run=dry_run)
    try:
        rows, errors, count = parse_value_rows(actor, source)
    except ExcelError as exc:
        result.errors.append((None, str(exc)))
        return result
    if progress:
        progress(count, 2 * count)
    result.total = len(rows)
    if not rows and not errors:
        result.errors.append((None, "文件中没有数值。"))
        return result
    written = None
    try:
        with transaction.atomic():
            if rows:
                written = indicator_values_upsert(actor=actor, rows=rows, source=ValueSource.IMPORT, reason=reason)
            if dry_run or errors:
                transaction.set_rollback(True)
    except RowErrors as exc:
        errors.extend(exc.rows)
    except ValidationError as exc:  # the whole batch refused (too many values): the message
        errors.extend((None, m) for m in exc.messages)
    if errors:
        result.errors = sorted(errors, key=_row_order)
        return result
    result.created, result.updated = written.created, written.updated
    result.unchanged, result.corrected = written.unchanged, written.corrected
    if progress:
        progress(2 * count, 2 * count)
    return result


# ---------------------------------------------------------------- import of targets

TARGET_TITLES = ["起始月份", "截止月份", CODE_TITLE, NAME_TITLE, "指标", "目标值", "突破性目标", "说明"]
TARGET_ALIASES = {
    "起始月份": ["开始月份", "起始"], "截止月份": ["结束月份", "截止"], CODE_TITLE: ["单位编码", "编码"],
    NAME_TITLE: ["班组", "单位", "单位名称", "班组或单位"], "指标": ["指标名称", "指标代码"],
    "目标值": ["目标"], "突破性目标": ["突破目标", "突破性指标"],
}  # fmt: skip


def target_template():
    year = timezone.localdate().year
    columns = [Column("起始月份", 10, kind=CODE), Column("截止月份", 10, kind=CODE), Column(CODE_TITLE, 12, kind=CODE),
               Column(NAME_TITLE, 20), Column("指标", 16), Column("目标值", 14, kind=MEASURE),
               Column("突破性目标", 14, kind=MEASURE), Column("说明", 24)]  # fmt: skip
    rows = [[f"{year}-01", f"{year}-12", "", "示例:轧管一班", "产量", 12000, 12600, f"{year}年经济责任制考核指标"]]
    return write_table(columns=columns, rows=rows, sheet_name="指标目标")


def target_import(*, actor: User, source) -> ImportResult:
    """Targets from a file, each saved as ``target_save`` saves one (a second row for the same indicator, unit and
    period changes it); any bad row refuses the whole file with every row's error."""
    from .services.targets import target_save

    result = ImportResult()
    try:
        table = read_table(source, TARGET_TITLES, aliases=TARGET_ALIASES, required=["起始月份", "指标", "目标值"])
    except ExcelError as exc:
        result.errors.append((None, str(exc)))
        return result
    records = list(table.records())
    indicators = {}
    for indicator in Indicator.objects.filter(active=True):
        indicators[indicator.code] = indicators[indicator.name] = indicator
    by_code, by_name, allowed, trail = _units(actor, records)
    saves = []
    for number, values in records:
        unit, problem = _unit_of(values, by_code, by_name, allowed, trail)
        first, last = parse_month(clean_text(values.get("起始月份"))), parse_month(clean_text(values.get("截止月份")))
        indicator = indicators.get(clean_text(values.get("指标")))
        problem = (
            problem
            or (first is None and "起始月份应为 2026-01 这样的年月")
            or (indicator is None and f"指标“{clean_text(values.get('指标'))}”不存在")
        )
        if problem:
            result.errors.append((f"第 {number} 行", problem))
            continue
        saves.append((number, {"indicator": indicator, "unit": unit, "first_month": first, "last_month": last or first,
                               "target": clean_text(values.get("目标值")),
                               "breakthrough": clean_text(values.get("突破性目标")) or None,
                               "note": clean_text(values.get("说明"))[:200]}))  # fmt: skip
    result.total = len(records)
    if not records:
        result.errors.append((None, "文件中没有数据行。"))
    with transaction.atomic():
        for number, data in saves:
            try:
                with transaction.atomic():
                    target_save(actor=actor, **data)
                    result.created += 1
            except ValidationError as exc:
                result.errors.extend((f"第 {number} 行", m) for m in exc.messages)
        if result.errors:
            transaction.set_rollback(True)
            result.created = 0
    result.errors.sort(key=_row_order)
    return result
