"""Excel import of project applications (all or nothing, every error listed by row) and its template."""

from dataclasses import dataclass, field, replace

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
    write_table,
)
from vanguard.core.imports import ImportErrors
from vanguard.core.tabular import text_cell
from vanguard.org.models import Person, User

from . import services
from .choices import ProblemKind, ProjectKind
from .selectors import project_branch_choices

REQUIRED = ["类型", "项目名称", "所属支部", "负责人工号", "开始日期", "结束日期"]
ALIASES = {"负责人工号": ["工号", "负责人"], "预期效益(元)": ["预期效益", "预期效益(元)"], "所属支部": ["支部"]}
COLUMNS = [
    Column("类型", 14, options=ProjectKind.labels), Column("项目名称", 30), Column("所属支部", 22),
    Column("负责人工号", 12, kind=CODE), Column("针对问题", 10, options=ProblemKind.labels), Column("问题描述", 24),
    Column("目标", 24), Column("预期效益(元)", 14, kind=AMOUNT), Column("指标变化", 18), Column("实施计划", 30),
    Column("开始日期", 12, kind=DATE), Column("结束日期", 12, kind=DATE),
]  # fmt: skip
TITLES = [c.title for c in COLUMNS]
KINDS = {label: value for value, label in ProjectKind.choices} | {
    "立功立项": ProjectKind.MERIT,
    "示范岗": ProjectKind.MODEL_POST,
}
PROBLEMS = {label: value for value, label in ProblemKind.choices}


@dataclass
class ImportResult(ImportErrors):
    total: int = 0
    created: int = 0
    errors: list = field(default_factory=list)  # (excel row, message)

    @property
    def ok(self):
        return not self.errors


class _Abort(Exception):
    pass


def project_template(*, actor: User):
    """The import template: an example row; 类型, 针对问题 and 所属支部 (the branches ``actor`` may apply for) as drop-downs."""
    today = timezone.localdate()
    branches = [o.name for o in project_branch_choices(user=actor, action=Action.ADD)]
    columns = [replace(c, options=branches) if c.title == "所属支部" and branches else c for c in COLUMNS]
    rows = [["党员立功立项", "降低轧辊消耗", branches[0] if branches else "轧管一支部", "T100003", "难点问题", "辊耗高于同行", "辊耗下降 5%", 120000,
             "0.42 → 0.40 kg/t", "一季度摸底,二季度改进", today.replace(day=1), today.replace(month=12, day=31)]]  # fmt: skip
    return write_table(columns=columns, rows=rows, sheet_name="立项申报")


def _parse(values, branches, people):
    errors, data = [], {}
    kind = KINDS.get(clean_text(values.get("类型")))
    if kind is None:
        errors.append(f"类型“{clean_text(values.get('类型'))}”应为 {' / '.join(ProjectKind.labels)}。")
    data["kind"] = kind
    data["title"] = text_cell(values.get("项目名称"))[:200]
    branch = branches.get(clean_text(values.get("所属支部")))
    if branch is None:
        errors.append(f"支部“{clean_text(values.get('所属支部'))}”不存在,或不是您可以申报的支部。")
    data["branch"] = branch
    number = digits_text(values.get("负责人工号"))
    leader = people.get(number)
    if leader is None:
        errors.append(f"工号“{number}”的在职人员不存在,或不在您的管理范围内。")
    data["leader"] = leader
    problem = clean_text(values.get("针对问题"))
    data["problem_kind"] = PROBLEMS.get(problem, ProblemKind.KEY_TASK)
    if problem and problem not in PROBLEMS:
        errors.append(f"针对问题“{problem}”应为 {' / '.join(ProblemKind.labels)}。")
    for title, name in (
        ("问题描述", "problem"),
        ("目标", "objectives"),
        ("指标变化", "indicator"),
        ("实施计划", "plan"),
    ):
        data[name] = text_cell(values.get(title))
    data["indicator"] = data["indicator"][:200]
    data["expected_benefit"] = values.get("预期效益(元)")
    for title, name in (("开始日期", "start_date"), ("结束日期", "end_date")):
        try:
            data[name] = parse_date(values.get(title))
        except ValueError:
            data[name] = None
            errors.append(f"{title}“{clean_text(values.get(title))}”不是有效的日期(如 2026-03-01)。")
    return data, errors


def project_import(*, actor: User, source) -> ImportResult:
    """Every row applied through ``services.project_create`` (same checks as one by one); none kept on any error.

    Branches and leaders are looked up among those the form offers the actor (his scope), so a name
    outside it reads as unknown.
    """
    result = ImportResult()
    try:
        table = read_table(source, TITLES, aliases=ALIASES, required=REQUIRED)
    except ExcelError as exc:
        result.errors.append((None, str(exc)))
        return result
    rows = list(table.records())
    branches = {o.name: o for o in project_branch_choices(user=actor, action=Action.ADD)}
    numbers = {digits_text(v.get("负责人工号")) for _, v in rows}
    in_scope = Person.objects.restrict(actor, Action.VIEW)
    people = {p.employee_no: p for p in in_scope.filter(employee_no__in=numbers, is_active=True)}
    try:
        with transaction.atomic():
            for row_number, values in rows:
                result.total += 1
                data, errors = _parse(values, branches, people)
                if not errors:
                    try:
                        with transaction.atomic():
                            services.project_create(actor=actor, **data)
                        result.created += 1
                    except ValidationError as exc:
                        errors = exc.messages
                result.errors.extend((row_number, e) for e in errors)
            if not result.total:
                result.errors.append((None, "文件中没有数据行。"))
            if result.errors:
                raise _Abort
    except _Abort:
        result.created = 0
    return result
