"""The Excel export of a round's results (declared with ``core.exports``; imported from ``AppConfig.ready()``)."""

from django.utils import timezone

from vanguard.core.excel import INTEGER, Column, report_title, write_table
from vanguard.core.exports import counted, register_export

ROUND_RESULTS = "evaluations.round_results"
COLUMNS = [
    Column("名次", 6, kind=INTEGER), Column("考评对象", 20), Column("工号/编码", 12), Column("党建得分", 10),
    Column("经营业绩", 10), Column("加减分", 8), Column("总分", 10), Column("等次", 10), Column("一票否决", 8),
    Column("说明", 40),
]  # fmt: skip


@register_export(ROUND_RESULTS, "考评结果")
def round_results_export(user, params, progress):
    from .forms.results import ResultFilterForm
    from .models import EvaluationRound
    from .selectors.results import result_rows

    round_ = EvaluationRound.objects.select_related("scheme").get(pk=params.get("round"))
    form = ResultFilterForm(params, round_=round_)
    data = form.cleaned_data if form.is_valid() else {}
    qs = result_rows(user, round_, grade=data.get("grade", ""), search=data.get("q", ""))
    total = qs.count()
    qs = qs.select_related("grade", "subject__person", "subject__party_org", "subject__unit")
    rows = (
        [r.rank, str(r.subject.subject), _code(r.subject), r.party_score, r.business_score, r.adjustment, r.total,
         r.grade.label if r.grade else "", "是" if r.vetoed else "", r.explanation.get("grade_note", "")]
        for r in counted(qs.iterator(chunk_size=2000), total, progress)
    )  # fmt: skip
    content = write_table(columns=COLUMNS, rows=rows, sheet_name="考评结果", title=report_title(round_.name))
    return content, f"考评结果-{round_.pk}-{timezone.localdate():%Y%m%d}.xlsx"


def _code(subject):
    if subject.person_id:
        return subject.person.employee_no
    return (subject.party_org or subject.unit).code
