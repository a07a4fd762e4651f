"""Exports of the voices app (declared with ``core.exports``; imported from ``AppConfig.ready()``)."""

from django.utils import timezone

from vanguard.core.excel import DATE, INTEGER, Column, report_title, write_table
from vanguard.core.exports import counted, register_export

# ---------------------------------------------------------------- visits and findings

VISIT_LEDGER = "voices.visit_ledger"
FINDING_LEDGER = "voices.finding_ledger"

VISIT_COLUMNS = [
    Column("日期", 12, kind=DATE), Column("类型", 16), Column("主题", 30), Column("走访单位", 22),
    Column("被走访单位/客户", 22), Column("带队领导", 10), Column("参加人数", 8, kind=INTEGER),
    Column("提出问题数", 8, kind=INTEGER), Column("走访纪要", 40),
]  # fmt: skip
FINDING_COLUMNS = [
    Column("编号", 14), Column("问题", 32), Column("来源", 12), Column("来源说明", 20), Column("提出单位", 20),
    Column("提出人", 10), Column("提出日期", 12, kind=DATE), Column("责任单位", 20), Column("责任人", 10),
    Column("整改措施", 30), Column("整改期限", 12, kind=DATE), Column("原定期限", 12, kind=DATE), Column("状态", 10),
    Column("预警", 8), Column("退回重改次数", 8, kind=INTEGER), Column("整改情况", 30), Column("销号日期", 12, kind=DATE),
]  # fmt: skip


@register_export(VISIT_LEDGER, "交流走访台账")
def visit_ledger_export(user, params, progress):
    from django.db.models import Count

    from .views.visits import filtered_visits

    _form, qs = filtered_visits(user, params)
    total = qs.count()
    qs = qs.select_related("visiting_unit", "visited_unit", "leader").annotate(
        people=Count("participants", distinct=True), raised=Count("findings", distinct=True)
    )
    rows = (
        [v.date, v.get_kind_display(), v.title, v.visiting_unit.name, v.visited_label, v.leader.name, v.people,
         v.raised, v.summary]
        for v in counted(qs.iterator(chunk_size=2000), total, progress)
    )  # fmt: skip
    data = write_table(columns=VISIT_COLUMNS, rows=rows, sheet_name="交流走访", title=report_title("交流走访台账"))
    return data, f"交流走访台账-{timezone.localdate():%Y%m%d}.xlsx"


@register_export(FINDING_LEDGER, "问题清单")
def finding_ledger_export(user, params, progress):
    from .choices import FindingColour
    from .views.findings import filtered_findings

    today = timezone.localdate()
    _form, qs = filtered_findings(user, params, today)
    total = qs.count()
    qs = qs.with_colour(today).select_related("raised_unit", "raised_by", "responsible_unit", "responsible_person")
    rows = (
        [f.number, f.title, f.get_source_kind_display(), f.source_ref, f.raised_unit.name, f.raised_by.name,
         f.raised_on, f.responsible_unit.name, f.responsible_person.name, f.measure, f.deadline, f.original_deadline,
         f.get_status_display(), FindingColour(f.colour).label if f.colour else "", f.reopen_count, f.rectification,
         f.closed_on]
        for f in counted(qs.order_by("deadline", "id").iterator(chunk_size=2000), total, progress)
    )  # fmt: skip
    data = write_table(columns=FINDING_COLUMNS, rows=rows, sheet_name="问题清单", title=report_title("问题清单"))
    return data, f"问题清单-{timezone.localdate():%Y%m%d}.xlsx"
