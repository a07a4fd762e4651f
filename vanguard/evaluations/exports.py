"""Exports of the evaluations app (declared with ``core.exports``; imported from ``AppConfig.ready()``)."""

from django.utils import timezone

from vanguard.core.excel import DATE, INTEGER, Column, report_title, write_table
from vanguard.core.exports import counted, register_export

# ---- schemes
SCHEME_LIST = "evaluations.scheme_list"
ROUND_LIST = "evaluations.round_list"

SCHEME_COLUMNS = [
    Column("代码", 24), Column("方案名称", 24), Column("考评对象", 10), Column("指标数", 8, kind=INTEGER),
    Column("评价群体", 30), Column("等次", 36), Column("与经营业绩结合", 14), Column("轮次数", 8, kind=INTEGER),
    Column("启用", 6), Column("说明", 50),
]  # fmt: skip
ROUND_COLUMNS = [
    Column("轮次名称", 36), Column("方案", 20), Column("组织单位", 24), Column("考评期起", 12, kind=DATE),
    Column("考评期止", 12, kind=DATE), Column("状态", 8), Column("投票开始", 18), Column("投票截止", 18),
    Column("考评对象数", 10, kind=INTEGER), Column("评价人数", 10, kind=INTEGER),
]  # fmt: skip


def _when(value):
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


@register_export(SCHEME_LIST, "考评方案")
def scheme_list_export(user, params, progress):
    from django.db.models import Prefetch

    from .models import EvaluatorGroup, GradeBand
    from .views.schemes import filtered_schemes

    _form, qs = filtered_schemes(user, params)
    total = qs.count()
    qs = qs.order_by("order", "pk").prefetch_related(
        Prefetch("evaluator_groups", EvaluatorGroup.objects.all()), Prefetch("grades", GradeBand.objects.all())
    )
    rows = (
        [s.code, s.name, s.get_subject_kind_display(), s.criteria_count,
         "、".join(str(g) for g in s.evaluator_groups.all()),
         "、".join(f"{b.label}≥{b.min_score:g}" + (f"(≤{b.quota:.2%})" if b.quota else "") for b in s.grades.all()),
         s.get_combination_display(), s.round_count, "是" if s.active else "否", s.description]
        for s in counted(qs, total, progress)
    )  # fmt: skip
    data = write_table(columns=SCHEME_COLUMNS, rows=rows, sheet_name="考评方案", title=report_title("考评方案"))
    return data, f"考评方案-{timezone.localdate():%Y%m%d}.xlsx"


@register_export(ROUND_LIST, "评议轮次")
def round_list_export(user, params, progress):
    from django.db.models import Count

    from .views.rounds import filtered_rounds

    _form, qs = filtered_rounds(user, params)
    total = qs.count()
    qs = qs.select_related("scheme", "org").annotate(
        subject_count=Count("subjects", distinct=True), evaluator_count=Count("evaluators", distinct=True)
    )
    rows = (
        [r.name, r.scheme.name, str(r.org), r.period_start, r.period_end, r.get_status_display(),
         _when(r.voting_opens), _when(r.voting_closes), r.subject_count, r.evaluator_count]
        for r in counted(qs.iterator(chunk_size=2000), total, progress)
    )  # fmt: skip
    data = write_table(columns=ROUND_COLUMNS, rows=rows, sheet_name="评议轮次", title=report_title("评议轮次"))
    return data, f"评议轮次-{timezone.localdate():%Y%m%d}.xlsx"


# ---- end schemes
# ---- ballots
# ---- end ballots
# ---- results
# ---- end results
# ---- support
# ---- end support
