"""The 帮促计划 ledger as Excel (declared with ``core.exports``; imported from ``AppConfig.ready()``)."""

from django.db.models import Count, Max, Prefetch
from django.utils import timezone

from vanguard.core.excel import DATE, INTEGER, Column, report_title, write_table
from vanguard.core.exports import counted, register_export

SUPPORT_LEDGER = "evaluations.support_plans"

COLUMNS = [
    Column("帮促对象", 10), Column("工号", 12), Column("党组织", 24), Column("评议轮次", 30), Column("等次", 8),
    Column("来源", 12), Column("状态", 8), Column("存在的主要问题", 36), Column("帮促小组", 24),
    Column("建立日期", 12, kind=DATE), Column("回访次数", 8, kind=INTEGER), Column("最近回访", 12, kind=DATE),
    Column("下次回访", 12, kind=DATE), Column("处置结果", 10), Column("处置说明", 30), Column("结束日期", 12, kind=DATE),
]  # fmt: skip


def _group(plan) -> str:
    return "、".join(f"{h.person.name}(组长)" if h.leader else h.person.name for h in plan.helpers.all())


@register_export(SUPPORT_LEDGER, "帮促计划台账")
def support_ledger_export(user, params, progress):
    from .models import SupportHelper
    from .views.support import filtered_plans

    _form, qs = filtered_plans(user, params)
    total = qs.count()
    helpers = Prefetch("helpers", SupportHelper.objects.select_related("person").order_by("-leader", "pk"))
    qs = (
        qs.select_related("member", "org", "round", "result__grade")
        .prefetch_related(helpers)
        .annotate(review_count=Count("reviews", distinct=True), last_review=Max("reviews__held_on"))
    )
    rows = (
        [p.member.name, p.member.employee_no, str(p.org), p.round.name, p.result.grade.label if p.result.grade else "",
         p.get_origin_display(), p.get_status_display(), p.shortcomings, _group(p), p.opened_on, p.review_count,
         p.last_review, p.review_due, p.get_outcome_display(), p.outcome_note, p.closed_on]
        for p in counted(qs.iterator(chunk_size=500), total, progress)
    )  # fmt: skip
    data = write_table(columns=COLUMNS, rows=rows, sheet_name="帮促计划", title=report_title("帮促计划台账"))
    return data, f"帮促计划台账-{timezone.localdate():%Y%m%d}.xlsx"
