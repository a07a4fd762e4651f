"""The Word 评议结果 sheet of a round: its ranking with grades, the grade counts against their quotas and the
organiser's seal, ready for 公示. Template ``documents/results.docx`` (``scripts/build_docx_templates.py``)."""

from pathlib import Path

from vanguard.core.dates import chinese_date
from vanguard.core.documents import DocumentKind, register

RESULTS = "evaluations.results"
HERE = Path(__file__).resolve().parent / "documents"
# A sheet for 公示 lists at most this many; the Excel export has every row.
SHEET_ROWS = 500
VARIABLES = {
    "round_name": "轮次名称",
    "scheme": "考评方案",
    "period": "考评期",
    "validity": "投票有效性,如“应参加 30 人,实际投票 27 人,有效。”",
    "grade_summary": "各等次人数及名额",
    "rows": "排名表的行,每行有 rank、name、total、grade、note",
    "more": "超出表格的行数说明",
    "org": "组织单位",
    "issued_on": "日期",
}


def results_context(round_, results, *, validity="", grades=(), total=0, today=None) -> dict:
    summary = ";".join(
        f"{g['band'].label} {g['count']} 人" + (f"(名额 {g['places']})" if g["places"] is not None else "")
        for g in grades
    )
    rows = [
        {"rank": str(r.rank or ""), "name": str(r.subject.subject), "total": f"{r.total}",
         "grade": r.grade.label if r.grade else "未定等",
         "note": "一票否决" if r.vetoed else ("不参与定等" if not r.subject.graded else "")}
        for r in results
    ]  # fmt: skip
    return {
        "round_name": round_.name, "scheme": round_.scheme.name,
        "period": f"{chinese_date(round_.period_start)}至{chinese_date(round_.period_end)}",
        "validity": validity, "grade_summary": f"评定结果:{summary}。" if summary else "",
        "rows": rows, "more": f"(共 {total} 人,本表列前 {len(rows)} 名,全部见导出的 Excel。)" if total > len(rows) else "",
        "org": round_.org.name, "issued_on": chinese_date(today),
    }  # fmt: skip


def _sample():
    return {
        "round_name": "轧管厂第一党支部 2026 年民主评议党员", "scheme": "民主评议党员",
        "period": "2026年1月1日至2026年12月31日", "validity": "应参加 30 人,实际投票 27 人,有效。",
        "grade_summary": "评定结果:优秀 9 人(名额 10);合格 20 人;不合格 1 人。",
        "rows": [{"rank": "1", "name": "王立新", "total": "96.50", "grade": "优秀", "note": ""}],
        "more": "", "org": "轧管厂第一党支部", "issued_on": "2027年1月10日",
    }  # fmt: skip


register(DocumentKind(RESULTS, "评议结果", HERE / "results.docx", _sample, VARIABLES))
