"""Excel of the suggestions: the ledger's export (``core.exports``) and the import of historical suggestions
kept on paper or in an older system (all or nothing, every error listed by row, a dry run first)."""

from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from vanguard.core.choices import Action
from vanguard.core.excel import (
    AMOUNT,
    CODE,
    DATE,
    Column,
    ExcelError,
    clean_text,
    digits_text,
    parse_date,
    read_table,
    report_title,
    write_table,
)
from vanguard.core.exports import counted, register_export
from vanguard.core.imports import ImportErrors
from vanguard.core.numbers import parse_id
from vanguard.core.tabular import text_cell
from vanguard.org.models import Person, Unit, User
from vanguard.org.selectors import scope_label

from .choices import ADOPTED_STATES, SuggestionCategory, SuggestionStatus, SuggestionStep
from .models import Suggestion, SuggestionReview
from .services.suggestions import CONTENT_MIN, parse_amount, suggestion_bulk_create

SUGGESTION_LEDGER = "voices.suggestion_ledger"
LEDGER_COLUMNS = [
    Column("编号", 14, kind=CODE), Column("建议名称", 32), Column("类别", 8), Column("建议人", 10),
    Column("所在单位", 22), Column("提交日期", 12, kind=DATE), Column("状态", 10), Column("答复期限", 12, kind=DATE),
    Column("预期效益(元/年)", 14, kind=AMOUNT), Column("实施费用(元)", 14, kind=AMOUNT),
    Column("核定年净效益(元)", 16, kind=AMOUNT), Column("奖励金额(元)", 12, kind=AMOUNT), Column("重复于", 14, kind=CODE),
]  # fmt: skip


def filtered(user, params):
    """The ledger's form and rows for ``params`` (a QueryDict): the page and the export read the same."""
    from .forms.suggestions import SuggestionFilterForm
    from .selectors.suggestions import suggestion_ledger, suggestion_unit_choices

    form = SuggestionFilterForm(params or None, units=suggestion_unit_choices(user=user))
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    qs = suggestion_ledger(
        user=user, unit=data.get("unit"), category=data.get("category", ""), status=data.get("status", ""),
        overdue=data.get("overdue", False), year=int(data["year"]) if data.get("year") else None,
        search=data.get("q", ""), below=data.get("below", False),
    )  # fmt: skip
    # An appraisal's figure opens the ledger on its records: one proposer's, the adopted ones.
    if (proposer := parse_id(params.get("proposer"))) is not None:
        qs = qs.filter(proposer_id=proposer)
    if params.get("adopted") == "1":
        qs = qs.filter(status__in=ADOPTED_STATES)
    return form, qs


@register_export(SUGGESTION_LEDGER, "建议台账")
def suggestion_ledger_export(user, params, progress):
    """建议台账 with the page's filters, for printing (a title row names the scope and the day)."""
    form, qs = filtered(user, params)
    total = qs.count()
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    where = data["unit"].name if data.get("unit") else scope_label(model=Unit, user=user)
    year = f"{data['year']}年" if data.get("year") else ""
    rows = (
        [s.number, s.title, s.get_category_display(), s.proposer.name, str(s.unit), s.submitted_on,
         s.get_status_display(), s.due_date, s.expected_benefit, s.implementation_cost, s.verified_benefit,
         s.reward_amount, s.duplicate_of.number if s.duplicate_of_id else ""]
        for s in counted(
            qs.select_related("proposer", "unit", "duplicate_of").iterator(chunk_size=2000), total, progress
        )
    )  # fmt: skip
    content = write_table(
        columns=LEDGER_COLUMNS, rows=rows, sheet_name="建议台账", title=report_title("合理化建议台账", where, year)
    )
    return content, f"建议台账-{timezone.localdate():%Y%m%d}.xlsx"


# ---------------------------------------------------------------- import of historical suggestions

REQUIRED = ["建议名称", "建议内容", "建议人工号", "提交日期"]
ALIASES = {
    "建议名称": ["名称", "建议题目", "题目"], "建议内容": ["内容", "建议内容及措施", "具体内容"],
    "建议人工号": ["工号", "建议人"], "提交日期": ["日期", "提出日期"], "类别": ["建议类别", "分类"],
    "预期效益(元/年)": ["预期效益", "预计效益"], "核定年净效益(元)": ["核定效益", "年效益", "实际效益"],
    "奖励金额(元)": ["奖励金额", "奖金"], "状态": ["处理结果", "结果"],
}  # fmt: skip
STATES = ("已采纳", "已实施", "效益已核定", "已奖励", "不予采纳")
COLUMNS = [
    Column("建议名称", 30), Column("建议内容", 40), Column("类别", 8, options=SuggestionCategory.labels),
    Column("建议人工号", 12, kind=CODE), Column("提交日期", 12, kind=DATE), Column("状态", 10, options=STATES),
    Column("预期效益(元/年)", 14, kind=AMOUNT), Column("核定年净效益(元)", 14, kind=AMOUNT),
    Column("奖励金额(元)", 12, kind=AMOUNT),
]  # fmt: skip
TITLES = [c.title for c in COLUMNS]
CATEGORIES = {label: value for value, label in SuggestionCategory.choices} | {
    "成本": SuggestionCategory.COST, "效率": SuggestionCategory.EFFICIENCY, "安全环保": SuggestionCategory.SAFETY,
    "设备管理": SuggestionCategory.EQUIPMENT, "": SuggestionCategory.OTHER,
}  # fmt: skip
STATUS_BY_LABEL = {
    "已采纳": SuggestionStatus.ADOPTED, "采纳": SuggestionStatus.ADOPTED, "已实施": SuggestionStatus.IMPLEMENTED,
    "实施": SuggestionStatus.IMPLEMENTED, "效益已核定": SuggestionStatus.VERIFIED, "已核定": SuggestionStatus.VERIFIED,
    "已奖励": SuggestionStatus.REWARDED, "奖励": SuggestionStatus.REWARDED, "不予采纳": SuggestionStatus.REJECTED,
    "未采纳": SuggestionStatus.REJECTED, "": SuggestionStatus.ADOPTED,
}  # fmt: skip


@dataclass
class ImportResult(ImportErrors):
    total: int = 0
    created: int = 0
    dry_run: bool = False
    errors: list = field(default_factory=list)  # (excel row, message)

    @property
    def ok(self):
        return not self.errors


def suggestion_template():
    today = timezone.localdate()
    rows = [["加热炉烟道加装余热回收换热器", "加热炉排烟温度 450℃,建议在烟道加装换热器预热助燃空气,预计节约煤气 5%。",
             "降本", "T100003", date(today.year - 1, 3, 8), "已奖励", 200000, 186000, 1000]]  # fmt: skip
    return write_table(columns=COLUMNS, rows=rows, sheet_name="历史建议")


def _parse(values, people, today):
    errors, row = [], {}
    title = text_cell(values.get("建议名称"))
    content = text_cell(values.get("建议内容"))
    if not title:
        errors.append("建议名称为空。")
    elif len(title) > 200:
        errors.append(f"建议名称最多 200 字,现有 {len(title)} 字。")
    limit = Suggestion._meta.get_field("content").max_length
    if len(content) < CONTENT_MIN or len(content) > limit:
        errors.append(f"建议内容应为 {CONTENT_MIN} 至 {limit} 字,现有 {len(content)} 字。")
    category = CATEGORIES.get(clean_text(values.get("类别")))
    if category is None:
        errors.append(f"类别“{clean_text(values.get('类别'))}”应为 {' / '.join(SuggestionCategory.labels)}。")
    number = digits_text(values.get("建议人工号"))
    proposer = people.get(number)
    if proposer is None:
        errors.append(f"工号“{number}”的人员不存在,或不在您的管理范围内。")
    try:
        day = parse_date(values.get("提交日期"))
        if day is None or day > today:
            raise ValueError
    except ValueError:
        day = None
        errors.append(f"提交日期“{clean_text(values.get('提交日期'))}”不是有效的日期(不晚于今天,如 2025-03-01)。")
    status = STATUS_BY_LABEL.get(clean_text(values.get("状态")))
    if status is None:
        errors.append(f"状态“{clean_text(values.get('状态'))}”应为 {' / '.join(STATES)}。")
    amounts = {}
    for title_, name, label in (
        ("预期效益(元/年)", "expected_benefit", "预期效益"),
        ("核定年净效益(元)", "verified_benefit", "核定年净效益"),
        ("奖励金额(元)", "reward_amount", "奖励金额"),
    ):
        try:
            amounts[name] = parse_amount(values.get(title_), field=name, label=label, required=False)
        except ValidationError as exc:
            errors.extend(exc.messages)
    if status in (SuggestionStatus.VERIFIED, SuggestionStatus.REWARDED) and amounts.get("verified_benefit") is None:
        errors.append("状态为效益已核定或已奖励的建议须填写核定年净效益。")
    if status == SuggestionStatus.REWARDED and amounts.get("reward_amount") is None:
        errors.append("状态为已奖励的建议须填写奖励金额。")
    if errors:
        return None, errors
    row = Suggestion(
        title=title, content=content, category=category, proposer=proposer, unit_id=proposer.unit_id, status=status,
        submitted_on=day, benefit_evidence="历史记录导入" if amounts["verified_benefit"] is not None else "",
        **amounts,
    )  # fmt: skip
    return row, []


def _numbered(rows: list[Suggestion]) -> None:
    """Numbers for imported rows, after the last of each year (JY2025-00001 …)."""
    last = {}
    for row in rows:
        year = row.submitted_on.year
        if year not in last:
            prefix = f"JY{year}-"
            top = (
                Suggestion.objects.filter(number__startswith=prefix)
                .order_by("-number")
                .values_list("number", flat=True)
                .first()
            )
            last[year] = int(top[len(prefix) :]) if top else 0
        last[year] += 1
        row.number = f"JY{year}-{last[year]:05d}"


def suggestion_import(*, actor: User, source, dry_run: bool = False) -> ImportResult:
    """Historical suggestions, each with its outcome; none kept on any error, nothing kept on a dry run.

    Proposers are looked up among the people the actor reads (his scope). Imported rows owe nobody an answer
    (no deadline) and carry one history row saying they were imported.
    """
    result = ImportResult(dry_run=dry_run)
    try:
        table = read_table(source, TITLES, aliases=ALIASES, required=REQUIRED)
    except ExcelError as exc:
        result.errors.append((None, str(exc)))
        return result
    records = list(table.records())
    numbers = {digits_text(v.get("建议人工号")) for _, v in records}
    people = {
        p.employee_no: p
        for p in Person.objects.restrict(actor, Action.VIEW).filter(employee_no__in=numbers, unit__isnull=False)
    }
    today = timezone.localdate()
    rows = []
    for row_number, values in records:
        result.total += 1
        row, errors = _parse(values, people, today)
        result.errors.extend((row_number, e) for e in errors)
        if row is not None:
            row.submitted_by = actor
            rows.append(row)
    if not result.total:
        result.errors.append((None, "文件中没有数据行。"))
    if result.errors or dry_run:
        return result
    with transaction.atomic():
        _numbered(rows)
        now = timezone.now()
        reviews = {
            i: [SuggestionReview(step=SuggestionStep.IMPORT, to_status=r.status, reason="历史建议导入",
                                 actor=actor, actor_name="系统导入", at=now)]
            for i, r in enumerate(rows)
        }  # fmt: skip
        suggestion_bulk_create(actor=actor, suggestions=rows, reviews=reviews)
    result.created = len(rows)
    return result
