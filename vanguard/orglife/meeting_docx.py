"""The Word meeting record (会议记录) of one meeting: heading, particulars, attendance, agenda, minutes, resolutions."""

import io
import re
from html import unescape

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from .choices import ATTENDED, AttendanceStatus

BLOCKS = re.compile(r"</(p|li|h3|h4|tr|blockquote)>|<br\s*/?>", re.I)
TAGS = re.compile(r"<[^>]+>")


def minutes_paragraphs(html):
    """The sanitised minutes as plain paragraphs (one per block element)."""
    text = BLOCKS.sub("\n", html or "")
    return [unescape(TAGS.sub("", line)).strip() for line in text.splitlines() if TAGS.sub("", line).strip()]


def _font(document):
    style = document.styles["Normal"]
    style.font.name = "宋体"
    style.font.size = Pt(12)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")


def _names(rows, statuses=None, guest=False):
    picked = [
        r for r in rows
        if r["attendance"] and r["guest"] == guest and (statuses is None or r["attendance"].status in statuses)
    ]  # fmt: skip
    return "、".join(
        r["person"].name + ("" if statuses != LEAVES else f"({r['attendance'].get_status_display()})") for r in picked
    )


LEAVES = (AttendanceStatus.LEAVE_SICK, AttendanceStatus.LEAVE_PERSONAL, AttendanceStatus.LEAVE_OFFICIAL)


def meeting_record_docx(meeting, rows):
    document = Document()
    _font(document)
    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = heading.add_run(f"{meeting.org.name}{meeting.get_kind_display()}会议记录")
    run.bold = True
    run.font.size = Pt(18)
    expected = [r for r in rows if not r["guest"]]
    present = [r for r in expected if r["attendance"] and r["attendance"].status in ATTENDED]
    when = f"{meeting.date:%Y年%m月%d日}" + (f" {meeting.start_time:%H:%M}" if meeting.start_time else "")
    particulars = [
        ("会议主题", meeting.title),
        ("时间", when),
        ("地点", meeting.place),
        ("主持人", meeting.host.name if meeting.host else ""),
        ("记录人", meeting.recorder.name if meeting.recorder else ""),
        ("活动形式", meeting.get_form_display()),
        ("应到人数", f"{len(expected)} 人"),
        ("实到人数", f"{len(present)} 人"),
        ("出席人员", _names(rows, ATTENDED)),
        ("请假人员", _names(rows, LEAVES)),
        ("缺席人员", _names(rows, (AttendanceStatus.ABSENT,))),
        ("列席人员", _names(rows, None, guest=True)),
        ("计入学时", f"{meeting.class_hours} 学时/人"),
    ]
    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, value in particulars:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = label, value or "—"
        cells[0].paragraphs[0].runs[0].bold = True
    for title, paragraphs in (
        ("一、议题", [line for line in (meeting.topics or "").splitlines() if line.strip()]),
        ("二、会议内容", minutes_paragraphs(meeting.minutes)),
        ("三、决议事项", [line for line in (meeting.resolutions or "").splitlines() if line.strip()]),
    ):
        document.add_paragraph().add_run(title).bold = True
        for text in paragraphs or ["(未记录)"]:
            document.add_paragraph(text)
    document.add_paragraph()
    document.add_paragraph("主持人签字:__________        记录人签字:__________")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
