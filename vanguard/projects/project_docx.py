"""Word documents of one project: the application form (申报表) and the completion report (结项报告)."""

import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt


def _document(title):
    document = Document()
    style = document.styles["Normal"]
    style.font.name = "宋体"
    style.font.size = Pt(12)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")
    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = heading.add_run(title)
    run.bold = True
    run.font.size = Pt(18)
    return document


def _table(document, rows):
    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, value in rows:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = label, str(value) if value not in (None, "") else "—"
        cells[0].paragraphs[0].runs[0].bold = True


def _save(document):
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _money(value):
    return "—" if value is None else f"{value:,.2f} 元"


def _team(members):
    return "、".join(f"{m.person.name}({m.get_role_display()})" for m in members)


def application_docx(project, members, extra=()):
    """``extra``: (label, value) rows other modules add (subscribers of ``events.PROJECT_DOCUMENT_ROWS``)."""
    document = _document(f"{project.get_kind_display()}申报表")
    _table(
        document,
        [
            ("项目名称", project.title),
            ("立项编号", project.number or "(立项后编号)"),
            ("所属支部", project.branch.name),
            ("负责人", project.leader.name),
            ("团队成员", _team(members)),
            ("针对问题", f"{project.get_problem_kind_display()}:{project.problem}"),
            ("目标", project.objectives),
            ("预期效益", _money(project.expected_benefit)),
            ("指标变化", project.indicator),
            ("实施计划与节点", project.plan),
            ("实施周期", f"{project.start_date:%Y年%m月%d日} 至 {project.end_date:%Y年%m月%d日}"),
            *extra,
        ],
    )
    document.add_paragraph()
    document.add_paragraph("支部审核意见:____________________        党委审批意见:____________________")
    return _save(document)


def completion_docx(project, members, logs, steps, extra=()):
    document = _document(f"{project.get_kind_display()}结项报告")
    _table(
        document,
        [
            ("项目名称", project.title),
            ("立项编号", project.number),
            ("所属支部", project.branch.name),
            ("负责人", project.leader.name),
            ("团队成员", _team(members)),
            ("实施周期", f"{project.start_date:%Y年%m月%d日} 至 {project.end_date:%Y年%m月%d日}"),
            ("预期效益", _money(project.expected_benefit)),
            ("验收效益", _money(project.measured_benefit)),
            ("验收依据", project.evidence),
            ("评定等级", project.get_rating_display()),
            *extra,
        ],
    )
    document.add_paragraph().add_run("一、结项总结").bold = True
    document.add_paragraph(project.completion_summary or "(未填写)")
    document.add_paragraph().add_run(f"二、月度活动({len(logs)} 次)").bold = True
    for log in logs:
        document.add_paragraph(f"{log.date:%Y-%m-%d} {log.content}" + (f";成效:{log.outcome}" if log.outcome else ""))
    document.add_paragraph().add_run("三、流转记录").bold = True
    for step in steps:
        text = f"{step.at:%Y-%m-%d} {step.actor_name} {step.get_to_status_display()}"
        document.add_paragraph(text + (f"({step.reason})" if step.reason else ""))
    return _save(document)
