"""Word papers of one finding: the 整改通知单 (to the responsible unit) and the 销号单 (once verified).

Templates: ``documents/rectification_notice.docx`` and ``documents/closure.docx``
(``scripts/build_docx_templates.py``).
"""

from pathlib import Path

from vanguard.core.dates import chinese_date
from vanguard.core.documents import DocumentKind, register

from .choices import FindingSource

NOTICE = "voices.rectification_notice"
CLOSURE = "voices.closure"
HERE = Path(__file__).resolve().parent / "documents"
BLANK = chinese_date(None)

COMMON = {
    "title": "问题",
    "number": "问题编号",
    "source": "来源,如“交流走访(2026年6月3日 轧管厂一作业区走访二作业区)”",
    "raised_unit": "提出单位",
    "raised_by": "提出人",
    "responsible_unit": "责任单位",
    "responsible_person": "责任人",
    "description": "问题描述",
    "measure": "整改措施",
    "deadline": "整改期限(延期后的期限)",
}
NOTICE_VARIABLES = {**COMMON, "raised_on": "提出日期", "issued_on": "通知日期"}
CLOSURE_VARIABLES = {
    **COMMON,
    "rectification": "整改情况",
    "resolved_on": "整改完成日期",
    "reopen_count": "退回重改次数",
    "extensions": "延期情况",
    "steps": "整改过程表的行,每行有 date、status、actor、note",
    "verification": "验证意见(销号依据)",
    "closed_by": "验证人",
    "closed_on": "销号日期",
}


def _text(value, empty="—"):
    return str(value) if value not in (None, "") else empty


def source_label(finding) -> str:
    """The finding's source in words, with the record it points to."""
    kind = FindingSource(finding.source_kind).label
    record = finding.visit or finding.suggestion or finding.meeting
    if finding.visit_id:
        visit = finding.visit
        return f"{kind}({chinese_date(visit.date)} {visit.title})"
    if record is not None:
        return f"{kind}({record})"
    return f"{kind}({finding.source_ref})" if finding.source_ref else kind


def _common(finding) -> dict:
    return {
        "title": finding.title,
        "number": _text(finding.number),
        "source": source_label(finding),
        "raised_unit": finding.raised_unit.name,
        "raised_by": finding.raised_by.name,
        "responsible_unit": finding.responsible_unit.name,
        "responsible_person": finding.responsible_person.name,
        "description": _text(finding.description),
        "measure": _text(finding.measure),
        "deadline": chinese_date(finding.deadline),
    }


def notice_context(finding, today) -> dict:
    return {**_common(finding), "raised_on": chinese_date(finding.raised_on), "issued_on": chinese_date(today)}


def closure_context(finding, steps, extensions) -> dict:
    granted = [e for e in extensions if e.status == "approved"]
    return {
        **_common(finding),
        "rectification": _text(finding.rectification),
        "resolved_on": chinese_date(finding.resolved_on) if finding.resolved_on else BLANK,
        "reopen_count": f"{finding.reopen_count} 次",
        "extensions": "、".join(f"延至{chinese_date(e.requested_deadline)}" for e in granted) or "无",
        "steps": [
            {
                "date": chinese_date(s.at),
                "status": s.get_to_status_display(),
                "actor": s.actor_name or "—",
                "note": s.note or "—",
            }
            for s in steps
        ],  # fmt: skip
        "verification": _text(finding.evidence, "") if finding.closed else "",
        "closed_by": finding.closed_by.name if finding.closed_by_id else "",
        "closed_on": chinese_date(finding.closed_on) if finding.closed_on else BLANK,
    }


def _sample_common():
    return {
        "title": "穿孔机导板更换不及时",
        "number": "WT2026-00001",
        "source": "交流走访(2026年6月3日 上下游工序走访)",
        "raised_unit": "轧管厂一作业区",
        "raised_by": "王立新",
        "responsible_unit": "轧管厂二作业区",
        "responsible_person": "张小军",
        "description": "导板磨损超限仍在使用,造成管体外表划伤。",
        "measure": "建立导板寿命台账,按周检查更换。",
        "deadline": "2026年6月30日",
    }


def notice_sample() -> dict:
    return {**_sample_common(), "raised_on": "2026年6月3日", "issued_on": "2026年6月4日"}


def closure_sample() -> dict:
    return {
        **_sample_common(),
        "rectification": "已建立台账,更换导板 12 副。",
        "resolved_on": "2026年6月25日",
        "reopen_count": "0 次",
        "extensions": "无",
        "steps": [{"date": "2026年6月3日", "status": "待接收", "actor": "王立新", "note": "—"}],
        "verification": "现场复查,管体外表无划伤。",
        "closed_by": "王立新",
        "closed_on": "2026年6月28日",
    }


register(DocumentKind(NOTICE, "整改通知单", HERE / "rectification_notice.docx", notice_sample, NOTICE_VARIABLES))
register(DocumentKind(CLOSURE, "问题整改销号单", HERE / "closure.docx", closure_sample, CLOSURE_VARIABLES))
