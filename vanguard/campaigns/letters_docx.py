"""The responsibility letter (责任书) as a Word document, built in code with python-docx."""

import io

from django.utils import timezone
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

FONT = "SimSun"
COLUMNS = ("序号", "任务内容", "指标", "目标值", "时间节点", "工作标准", "预期成效")
WIDTHS = (1.2, 4.0, 2.6, 2.2, 2.4, 4.0, 3.6)


def _font(run, size=11, bold=False):
    run.font.name = FONT
    run.font.size = Pt(size)
    run.font.bold = bold
    run._element.rPr.rFonts.set(qn("w:eastAsia"), FONT)


def _paragraph(doc, text, size=11, bold=False, align=None, space_after=6):
    p = doc.add_paragraph()
    _font(p.add_run(text), size=size, bold=bold)
    if align is not None:
        p.alignment = align
    p.paragraph_format.space_after = Pt(space_after)
    return p


def _target_cell(row):
    value = row.get("target")
    if value is None:
        return "按节点完成"
    number = f"{float(value):g}"
    return f"{number}{row.get('unit') or ''}({row.get('direction', '')})"


def letter_docx(letter):
    """The letter's bytes: title, both parties, the target table as issued, the dates and signatures."""
    doc = Document()
    section = doc.sections[0]
    section.left_margin = section.right_margin = Cm(2)
    campaign = letter.campaign
    _paragraph(doc, campaign.title, size=14, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=2)
    _paragraph(doc, "目 标 责 任 书", size=20, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=12)
    _paragraph(doc, f"甲方(下达方):{letter.issuer_org.name}")
    recipient = letter.recipient_person.name if letter.recipient_person_id else letter.recipient_org.name
    if letter.recipient_person_id and letter.recipient_org_id:
        recipient = f"{recipient}({letter.recipient_org.name})"
    _paragraph(doc, f"乙方(责任方):{recipient}")
    _paragraph(doc, f"活动期间:{campaign.starts_on:%Y年%m月%d日} 至 {campaign.ends_on:%Y年%m月%d日}")
    _paragraph(
        doc,
        "为深入开展本主题实践活动,量化分解目标、责任落实到人,经甲乙双方协商,签订本责任书。乙方按下表明确的任务内容、"
        "时间节点、工作标准完成目标,并每月如实填报进展;甲方做好跟踪、指导、服务和检查讲评。",
    )
    table = doc.add_table(rows=1, cols=len(COLUMNS))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, title, width in zip(table.rows[0].cells, COLUMNS, WIDTHS, strict=True):
        cell.width = Cm(width)
        cell.text = ""
        _font(cell.paragraphs[0].add_run(title), size=10, bold=True)
    for n, row in enumerate(letter.content, start=1):
        values = (
            str(n),
            row["title"],
            row.get("metric") or "—",
            _target_cell(row),
            row["due_date"],
            row.get("standard") or "—",
            row.get("outcome") or "—",
        )
        cells = table.add_row().cells
        for cell, text, width in zip(cells, values, WIDTHS, strict=True):
            cell.width = Cm(width)
            cell.text = ""
            _font(cell.paragraphs[0].add_run(text), size=10)
    _paragraph(doc, "")
    _paragraph(doc, "本责任书一式两份,甲乙双方各执一份,自签订之日起生效。")
    issued = timezone.localtime(letter.issued_at)
    _paragraph(doc, f"甲方:{letter.issuer_org.name}(盖章)        下达日期:{issued:%Y年%m月%d日}")
    if letter.acknowledged_at:
        acked = timezone.localtime(letter.acknowledged_at)
        _paragraph(doc, f"乙方:{recipient}(已于 {acked:%Y年%m月%d日 %H:%M} 在线确认)")
    else:
        _paragraph(doc, f"乙方:{recipient}(签字)        确认日期:    年  月  日")
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
