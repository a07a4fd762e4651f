#!/usr/bin/env python
"""Build the Word templates of the papers the office signs and files (``<app>/documents/*.docx``).

    .venv/bin/python scripts/build_docx_templates.py          # writes the templates
    .venv/bin/python scripts/build_docx_templates.py --check  # fails if a committed file differs

The files are committed; the application reads them (``vanguard.core.documents``) and the office
may open one in Word, change it and upload it in the admin (文书模板). The placeholders are docxtpl's
(Jinja): ``{{ name }}``, and rows or paragraphs repeated with ``{%tr for … %}`` / ``{%p for … %}``.
The output is byte-for-byte reproducible (fixed document properties and zip timestamps).

House rules (GB/T 9704 habits): A4, margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm; page
number “— 1 —” centred in the footer (宋体 四号); title 方正小标宋简体 二号; headings 黑体 三号; body
仿宋_GB2312 三号 at a fixed 29 pt line; tables 宋体 小四 with fixed layout and explicit column widths.
"""

import argparse
import datetime
import io
import sys
import zipfile
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

ROOT = Path(__file__).resolve().parent.parent / "vanguard"
LATIN = "Times New Roman"
BODY, HEADING, TABLE, TITLE = "仿宋_GB2312", "黑体", "宋体", "方正小标宋简体"
TEXT_WIDTH = 156  # mm: 210 - 28 - 26
STAMP = datetime.datetime(2026, 1, 1)
BLANK_DATE = "    年  月  日"


# ---------------------------------------------------------------- styles and page


def _fonts(rpr_parent, east_asia, latin=LATIN):
    """Name the fonts explicitly (no theme fonts, which would win over the names in Word)."""
    rpr = rpr_parent.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for name in list(fonts.attrib):
        del fonts.attrib[name]
    for attr, value in (("ascii", latin), ("hAnsi", latin), ("eastAsia", east_asia), ("cs", latin)):
        fonts.set(qn(f"w:{attr}"), value)


def _style(
    doc,
    name,
    *,
    font,
    size,
    bold=False,
    align=None,
    line=None,
    indent=False,
    before=0,
    after=0,
    outline=None,
    keep=False,
):
    styles = doc.styles
    style = styles[name] if name in [s.name for s in styles] else styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    if name != "Normal":
        style.base_style = styles["Normal"]
        style.quick_style = True
    style.font.size = Pt(size)
    style.font.bold = bold
    style.font.color.rgb = None
    _fonts(style.element, font)
    fmt = style.paragraph_format
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    if line is None:
        fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    else:
        fmt.line_spacing_rule, fmt.line_spacing = WD_LINE_SPACING.EXACTLY, Pt(line)
    if align is not None:
        fmt.alignment = align
    fmt.keep_with_next = keep or None
    if indent:  # two characters, the way Word writes it
        ind = fmt._element.get_or_add_pPr().get_or_add_ind()
        ind.set(qn("w:firstLineChars"), "200")
        ind.set(qn("w:firstLine"), str(int(size * 2 * 20)))
    if outline is not None:
        level = OxmlElement("w:outlineLvl")
        level.set(qn("w:val"), str(outline))
        style.element.get_or_add_pPr().append(level)
    return style


def _defaults(doc):
    """Document defaults: named fonts, Chinese as the East Asian language (so renderers pick SC glyphs)."""
    defaults = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault"))
    rpr = defaults.find(qn("w:rPr"))
    fonts = rpr.find(qn("w:rFonts"))
    for name in list(fonts.attrib):
        del fonts.attrib[name]
    for attr, value in (("ascii", LATIN), ("hAnsi", LATIN), ("eastAsia", BODY), ("cs", LATIN)):
        fonts.set(qn(f"w:{attr}"), value)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")
    lang.set(qn("w:bidi"), "ar-SA")


def new_document(title):
    doc = Document()
    props = doc.core_properties
    props.title, props.author, props.last_modified_by = title, "先锋 Vanguard", "先锋 Vanguard"
    props.created = props.modified = STAMP
    props.revision = 1
    props.comments = "模板：双花括号中的占位符由系统填写，其余文字和版式可在 Word 中修改，再在后台“文书模板”上传。"
    _defaults(doc)
    _style(doc, "Normal", font=BODY, size=16, line=29, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    _style(doc, "文书标题", font=TITLE, size=22, line=36, align=WD_ALIGN_PARAGRAPH.CENTER, after=14)
    _style(doc, "文书副题", font=BODY, size=16, line=29, align=WD_ALIGN_PARAGRAPH.CENTER)
    _style(doc, "一级标题", font=HEADING, size=16, line=29, before=6, outline=0, keep=True)
    _style(doc, "正文", font=BODY, size=16, line=29, indent=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    _style(doc, "表格文字", font=TABLE, size=12, align=WD_ALIGN_PARAGRAPH.LEFT, before=2, after=2)
    _style(doc, "表格标签", font=TABLE, size=12, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, before=2, after=2)
    _style(doc, "表格右对齐", font=TABLE, size=12, align=WD_ALIGN_PARAGRAPH.RIGHT, before=2, after=2)
    _style(doc, "落款", font=BODY, size=16, line=29, align=WD_ALIGN_PARAGRAPH.LEFT)
    _style(doc, "签署", font=BODY, size=16, line=29, align=WD_ALIGN_PARAGRAPH.LEFT, keep=True)
    _style(doc, "页码", font=TABLE, size=14, align=WD_ALIGN_PARAGRAPH.CENTER)
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.header_distance, section.footer_distance = Mm(15), Mm(24)
    _page_number(section.footer.paragraphs[0])
    return doc


def _run(paragraph, text=None):
    run = OxmlElement("w:r")
    if text is not None:
        t = OxmlElement("w:t")
        t.set(qn("xml:space"), "preserve")
        t.text = text
        run.append(t)
    paragraph._p.append(run)
    return run


def _page_number(paragraph):
    """“— 1 —”: a PAGE field between two em dashes (GB/T 9704)."""
    paragraph.style = "页码"
    _run(paragraph, "— ")
    for kind, text in (("begin", None), ("instr", " PAGE "), ("separate", None), ("text", "1"), ("end", None)):
        if kind == "text":
            _run(paragraph, text)
            continue
        run = _run(paragraph)
        if kind == "instr":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run.append(instr)
        else:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run.append(char)
    _run(paragraph, " —")


def para(doc, text, style="正文"):
    return doc.add_paragraph(text, style=style)


def loop(doc, name, var, style="正文"):
    """Paragraphs repeated for each item of ``var``: ``{%p for name in var %}`` … ``{%p endfor %}``."""
    doc.add_paragraph(f"{{%p for {name} in {var} %}}", style=style)
    doc.add_paragraph(f"{{{{ {name} }}}}", style=style)
    doc.add_paragraph("{%p endfor %}", style=style)


# ---------------------------------------------------------------- tables


def table(doc, widths, *, borders=True):
    """A table with fixed layout: the grid, the table width and every cell's width in twentieths of a point."""
    t = doc.add_table(rows=0, cols=len(widths))
    if borders:
        t.style = doc.styles["Table Grid"]
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    t.autofit = False  # <w:tblLayout w:type="fixed"/>
    tbl_pr = t._tbl.tblPr
    width = tbl_pr.find(qn("w:tblW"))
    width.set(qn("w:type"), "dxa")
    width.set(qn("w:w"), str(sum(int(Mm(w).twips) for w in widths)))
    for column, w in zip(t.columns, widths, strict=True):
        column.width = Mm(w)
    t._widths = widths
    return t


def _fill(cell, text, style):
    lines = text.split("\n") if text else [""]
    cell.paragraphs[0].style = style
    cell.paragraphs[0].text = lines[0]
    for line in lines[1:]:
        cell.add_paragraph(line, style=style)


def row(t, *texts, spans=None, styles=None, height=None, header=False, middle=True):
    """One row: ``texts`` per (merged) cell, ``spans`` the columns each covers, ``styles`` per cell."""
    spans = spans or [1] * len(texts)
    styles = styles or ["表格标签" if header else "表格文字"] * len(texts)
    r = t.add_row()
    for cell, w in zip(r.cells, t._widths, strict=True):
        cell.width = Mm(w)
    column = 0
    for text, span, style in zip(texts, spans, styles, strict=True):
        cell = r.cells[column]
        if span > 1:
            cell = cell.merge(r.cells[column + span - 1])
        _fill(cell, text, style)
        if middle:
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        column += span
    if height:
        r.height, r.height_rule = Mm(height), WD_ROW_HEIGHT_RULE.AT_LEAST
    tr_pr = r._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:cantSplit"))  # a row never breaks across pages
    if header:
        tr_pr.append(OxmlElement("w:tblHeader"))
    return r


def labelled(t, label, value, *, wide=True, height=None):
    """``label | value`` over the whole width of a four-column form."""
    return row(t, label, value, spans=[1, 3], styles=["表格标签", "表格文字"], height=height)


def pair(t, label1, value1, label2, value2):
    return row(t, label1, value1, label2, value2, styles=["表格标签", "表格文字", "表格标签", "表格文字"])


def row_loop(t, var, name, cells, spans=None, styles=None):
    """Rows repeated for each item: a ``{%tr for %}`` row, the row itself, a ``{%tr endfor %}`` row."""
    width = len(t._widths)
    row(t, f"{{%tr for {name} in {var} %}}", *[""] * (width - 1))
    row(t, *cells, spans=spans, styles=styles)
    row(t, "{%tr endfor %}", *[""] * (width - 1))


def signatures(doc, left, right):
    """Two signature blocks side by side, in a table without borders (the seal goes over the blank lines)."""
    para(doc, "", style="签署")
    t = table(doc, [TEXT_WIDTH / 2, TEXT_WIDTH / 2], borders=False)
    for a, b in zip(left, right, strict=True):
        row(t, a, b, styles=["签署", "签署"], middle=False)
    return t


# ---------------------------------------------------------------- the four papers


def letter():
    """目标责任书 (campaigns): both parties, the targets as issued, signatures, seal and dates."""
    doc = new_document("目标责任书")
    para(doc, "{{ campaign_title }}", style="文书副题")
    para(doc, "目标责任书", style="文书标题")
    para(doc, "甲方（下达方）：{{ issuer }}", style="落款")
    para(doc, "乙方（责任方）：{{ recipient }}", style="落款")
    para(doc, "活动期间：{{ period }}", style="落款")
    para(
        doc,
        "为深入开展本主题实践活动，量化分解目标、责任落实到人，经甲乙双方协商，签订本责任书。"
        "乙方按下表明确的任务内容、时间节点、工作标准完成目标，并每月如实填报进展；甲方做好跟踪、指导、服务和检查讲评。",
    )
    para(doc, "一、目标任务", style="一级标题")
    widths = [14, 30, 20, 20, 22, 27, 23]
    t = table(doc, widths)
    row(t, "序号", "任务内容", "指标", "目标值", "时间节点", "工作标准", "预期成效", header=True)
    cells = ["{{ row.no }}", "{{ row.title }}", "{{ row.metric }}", "{{ row.target }}", "{{ row.due_date }}",
             "{{ row.standard }}", "{{ row.outcome }}"]  # fmt: skip
    row_loop(t, "rows", "row", cells, styles=["表格标签"] + ["表格文字"] * 6)
    para(doc, "二、双方责任", style="一级标题")
    para(doc, "（一）甲方负责目标的分解下达，按月跟踪进展，提供指导和服务，组织检查讲评，按规定兑现考核。")
    para(doc, "（二）乙方按时间节点和工作标准完成目标任务，每月如实填报进展，遇到困难及时报告。")
    para(doc, "本责任书一式两份，甲乙双方各执一份，自签订之日起生效。").paragraph_format.keep_with_next = True
    signatures(
        doc,
        ["甲方（盖章）：", "{{ issuer }}", "负责人（签字）：", "", "{{ issued_on }}"],
        ["乙方（签字）：", "{{ recipient }}", "{{ confirmation }}", "", "{{ acknowledged_on }}"],
    )
    return doc


def meeting_record():
    """会议记录 (orglife): particulars, who came, agenda, minutes, resolutions, 主持人 and 记录人 signatures."""
    doc = new_document("会议记录")
    para(doc, "{{ title }}", style="文书标题")
    t = table(doc, [26, 52, 26, 52])
    labelled(t, "会议主题", "{{ topic }}")
    pair(t, "时间", "{{ when }}", "地点", "{{ place }}")
    pair(t, "主持人", "{{ host }}", "记录人", "{{ recorder }}")
    pair(t, "活动形式", "{{ form }}", "计入学时", "{{ class_hours }}")
    pair(t, "应到人数", "{{ expected_count }}", "实到人数", "{{ present_count }}")
    labelled(t, "出席人员", "{{ present }}")
    labelled(t, "请假人员", "{{ on_leave }}")
    labelled(t, "缺席人员", "{{ absent }}")
    labelled(t, "列席人员", "{{ guests }}")
    para(doc, "一、议题", style="一级标题")
    loop(doc, "line", "topics")
    para(doc, "二、会议内容", style="一级标题")
    loop(doc, "line", "minutes")
    para(doc, "三、决议事项", style="一级标题")
    loop(doc, "line", "resolutions")
    signatures(doc, ["主持人（签字）：", "", BLANK_DATE], ["记录人（签字）：", "", BLANK_DATE])
    return doc


def _project_head(t):
    labelled(t, "项目名称", "{{ title }}")
    pair(t, "项目类型", "{{ kind }}", "立项编号", "{{ number }}")
    pair(t, "所属支部", "{{ branch }}", "负责人", "{{ leader }}")
    labelled(t, "实施周期", "{{ period }}")
    labelled(t, "团队成员", "{{ team }}")


def _extra_rows(t):
    """Lines other parts of the system add (关联目标, …)."""
    row_loop(
        t, "extra", "item", ["{{ item.label }}", "{{ item.value }}"], spans=[1, 3], styles=["表格标签", "表格文字"]
    )


def application():
    """申报表 (projects): the project, the 申报人's signature, the branch's opinion and the committee's, with seals and dates."""
    doc = new_document("项目申报表")
    para(doc, "{{ kind }}申报表", style="文书标题")
    t = table(doc, [31, 47, 31, 47])
    _project_head(t)
    labelled(t, "针对问题", "{{ problem }}")
    labelled(t, "目标", "{{ objectives }}")
    pair(t, "预期效益", "{{ expected_benefit }}", "指标变化", "{{ indicator }}")
    labelled(t, "实施计划与节点", "{{ plan }}", height=25)
    _extra_rows(t)
    right = ["表格标签", "表格右对齐"]
    pledge = "本人承诺所填内容真实，项目实施期间每月开展活动并如实记录。\n\n申报人（签字）：                    \n"
    row(t, "申报人", pledge + "{{ applied_on }}", spans=[1, 3], styles=right, height=22)
    branch = "\n\n支部书记（签字）：          （盖章）\n" + BLANK_DATE
    row(t, "支部意见", branch, spans=[1, 3], styles=right, height=30)
    row(t, "党委审批意见", "\n\n（盖章）\n{{ approved_on }}", spans=[1, 3], styles=right, height=30)
    return doc


def completion():
    """结项报告 (projects): the project, summary, monthly activities, timeline and the 验收 block with seal and date."""
    doc = new_document("项目结项报告")
    para(doc, "{{ kind }}结项报告", style="文书标题")
    t = table(doc, [31, 47, 31, 47])
    _project_head(t)
    pair(t, "预期效益", "{{ expected_benefit }}", "验收效益", "{{ measured_benefit }}")
    labelled(t, "验收依据", "{{ evidence }}")
    labelled(t, "评定等级", "{{ rating }}")
    _extra_rows(t)
    para(doc, "一、结项总结", style="一级标题")
    loop(doc, "line", "summary")
    para(doc, "二、月度活动（{{ log_count }}次）", style="一级标题")
    t = table(doc, [36, 80, 40])
    row(t, "日期", "活动内容", "成效", header=True)
    row_loop(t, "logs", "log", ["{{ log.date }}", "{{ log.content }}", "{{ log.outcome }}"])
    para(doc, "三、流转记录", style="一级标题")
    t = table(doc, [36, 28, 28, 64])
    row(t, "日期", "环节", "办理人", "说明", header=True)
    row_loop(t, "steps", "step", ["{{ step.date }}", "{{ step.status }}", "{{ step.actor }}", "{{ step.reason }}"])
    para(doc, "四、验收", style="一级标题")
    t = table(doc, [31, 125])
    r = row(t, "验收意见", "{{ acceptance_opinion }}", styles=["表格标签", "表格文字"], height=45)
    for line in ("", "", "验收人（签字）：          （盖章）", "{{ accepted_on }}"):
        r.cells[1].add_paragraph(line, style="表格右对齐")
    return doc


def suggestion_form():
    """合理化建议表 (voices): what the proposer wrote, the two reviews, the benefit and the reward, the history."""
    doc = new_document("合理化建议表")
    para(doc, "合理化建议表", style="文书标题")
    t = table(doc, [31, 47, 31, 47])
    labelled(t, "建议名称", "{{ title }}")
    pair(t, "建议编号", "{{ number }}", "类别", "{{ category }}")
    pair(t, "建议人", "{{ proposer }}", "所在单位", "{{ unit }}")
    pair(t, "共同建议人", "{{ co_proposers }}", "提交日期", "{{ submitted_on }}")
    r = row(t, "建议内容", "", spans=[1, 3], styles=["表格标签", "表格文字"], height=45)
    cell = r.cells[1]
    cell.paragraphs[0].text = "{%p for line in content %}"
    cell.add_paragraph("{{ line }}", style="表格文字")
    cell.add_paragraph("{%p endfor %}", style="表格文字")
    pair(t, "预期效益", "{{ expected_benefit }}", "当前状态", "{{ status }}")
    right = ["表格标签", "表格右对齐"]
    row(t, "单位初审意见", "{{ unit_opinion }}\n\n（签字）{{ unit_signed }}", spans=[1, 3], styles=right, height=25)
    row(t, "专家评审意见", "{{ expert_opinion }}\n\n（签字）{{ expert_signed }}", spans=[1, 3], styles=right, height=25)
    pair(t, "实施费用", "{{ implementation_cost }}", "效益起算月", "{{ benefit_from }}")
    pair(t, "核定年净效益", "{{ verified_benefit }}", "奖励", "{{ reward }}")
    labelled(t, "核定依据", "{{ evidence }}")
    para(doc, "办理记录", style="一级标题")
    t = table(doc, [36, 28, 28, 64])
    row(t, "日期", "环节", "办理人", "意见", header=True)
    row_loop(t, "steps", "step", ["{{ step.date }}", "{{ step.step }}", "{{ step.actor }}", "{{ step.reason }}"])
    return doc


# ---------------------------------------------------------------- findings (voices)


def _finding_head(t):
    labelled(t, "问题", "{{ title }}")
    pair(t, "编号", "{{ number }}", "来源", "{{ source }}")
    pair(t, "提出单位", "{{ raised_unit }}", "提出人", "{{ raised_by }}")
    pair(t, "责任单位", "{{ responsible_unit }}", "责任人", "{{ responsible_person }}")
    labelled(t, "问题描述", "{{ description }}", height=20)


def rectification_notice():
    """整改通知单 (voices): the finding, the measure and the deadline, the issuing side's and the receiver's signatures."""
    doc = new_document("整改通知单")
    para(doc, "整改通知单", style="文书标题")
    para(doc, "{{ responsible_unit }}：", style="落款")
    para(doc, "经{{ source }}发现下列问题，请按要求认真整改，于整改期限前完成，并将整改情况反馈提出单位验证销号。")
    t = table(doc, [31, 47, 31, 47])
    _finding_head(t)
    labelled(t, "整改措施", "{{ measure }}", height=20)
    pair(t, "整改期限", "{{ deadline }}", "提出日期", "{{ raised_on }}")
    right = ["表格标签", "表格右对齐"]
    row(t, "提出单位", "\n\n负责人（签字）：          （盖章）\n{{ issued_on }}", spans=[1, 3], styles=right, height=28)
    row(t, "签收", "\n\n责任人（签字）：                    \n" + BLANK_DATE, spans=[1, 3], styles=right, height=28)
    return doc


def closure():
    """销号单 (voices): the finding, what was rectified, the extensions and history, the raising side's verification."""
    doc = new_document("问题整改销号单")
    para(doc, "问题整改销号单", style="文书标题")
    t = table(doc, [31, 47, 31, 47])
    _finding_head(t)
    labelled(t, "整改措施", "{{ measure }}")
    labelled(t, "整改情况", "{{ rectification }}", height=20)
    pair(t, "整改期限", "{{ deadline }}", "完成日期", "{{ resolved_on }}")
    pair(t, "退回重改", "{{ reopen_count }}", "延期", "{{ extensions }}")
    para(doc, "整改过程", style="一级标题")
    t = table(doc, [36, 28, 28, 64])
    row(t, "日期", "环节", "办理人", "说明", header=True)
    row_loop(t, "steps", "step", ["{{ step.date }}", "{{ step.status }}", "{{ step.actor }}", "{{ step.note }}"])
    para(doc, "验证销号", style="一级标题")
    t = table(doc, [31, 125])
    r = row(t, "验证意见", "{{ verification }}", styles=["表格标签", "表格文字"], height=40)
    for line in ("", "", "验证人（签字）：{{ closed_by }}          （盖章）", "{{ closed_on }}"):
        r.cells[1].add_paragraph(line, style="表格右对齐")
    return doc


def appraisal_results():
    """评议结果 (evaluations): a round's ranking with grades, the grade counts and quotas, the organiser's seal."""
    doc = new_document("评议结果")
    para(doc, "{{ round_name }}评议结果", style="文书标题")
    para(doc, "{{ scheme }}　考评期 {{ period }}", style="文书副题")
    para(doc, "{{ validity }}{{ grade_summary }}")
    t = table(doc, [16, 52, 26, 26, 36])
    row(t, "名次", "考评对象", "总分", "等次", "说明", header=True)
    row_loop(t, "rows", "r", ["{{ r.rank }}", "{{ r.name }}", "{{ r.total }}", "{{ r.grade }}", "{{ r.note }}"])
    para(doc, "{{ more }}")
    signatures(doc, ["", ""], ["{{ org }}（盖章）", "{{ issued_on }}"])
    return doc


# ---------------------------------------------------------------- support plans (evaluations)


def support_plan():
    """帮促计划 (evaluations): the member and the result, the shortcomings and their grounds, the support group,
    the measures, the follow-up reviews, the closure, the secretary's and the member's signatures."""
    doc = new_document("党员帮促计划")
    para(doc, "党员帮促计划", style="文书标题")
    t = table(doc, [31, 47, 31, 47])
    pair(t, "帮促对象", "{{ member }}", "党组织", "{{ org }}")
    pair(t, "评议轮次", "{{ round }}", "评议等次", "{{ grade }}")
    pair(t, "建立日期", "{{ opened_on }}", "状态", "{{ status }}")
    labelled(t, "情形依据", "{{ grounds }}")
    labelled(t, "存在的主要问题", "{{ shortcomings }}", height=20)
    labelled(t, "帮促目标", "{{ goal }}")
    pair(t, "帮促小组组长", "{{ leader }}", "小组成员", "{{ helpers }}")
    para(doc, "一、改进措施", style="一级标题")
    t = table(doc, [12, 74, 24, 26, 20])
    row(t, "序号", "措施", "落实人", "完成时限", "完成情况", header=True)
    cells = ["{{ m.no }}", "{{ m.content }}", "{{ m.responsible }}", "{{ m.due_date }}", "{{ m.done }}"]
    row_loop(t, "measures", "m", cells, styles=["表格标签"] + ["表格文字"] * 4)
    para(doc, "二、回访记录", style="一级标题")
    t = table(doc, [32, 24, 100])
    row(t, "回访日期", "回访人", "转变情况", header=True)
    row_loop(t, "reviews", "r", ["{{ r.date }}", "{{ r.reviewer }}", "{{ r.change }}"])
    para(doc, "三、处置结果", style="一级标题")
    para(doc, "{{ outcome }}")
    signatures(
        doc,
        ["党支部（盖章）：", "{{ org }}", "支部书记（签字）：", "", "{{ signed_on }}"],
        ["帮促对象（签字）：", "{{ member }}", "", "", BLANK_DATE],
    )
    return doc


TEMPLATES = {
    ROOT / "campaigns" / "documents" / "letter.docx": letter,
    ROOT / "orglife" / "documents" / "meeting_record.docx": meeting_record,
    ROOT / "projects" / "documents" / "application.docx": application,
    ROOT / "projects" / "documents" / "completion.docx": completion,
    ROOT / "voices" / "documents" / "suggestion.docx": suggestion_form,
    ROOT / "voices" / "documents" / "rectification_notice.docx": rectification_notice,
    ROOT / "voices" / "documents" / "closure.docx": closure,
    ROOT / "evaluations" / "documents" / "results.docx": appraisal_results,
    ROOT / "evaluations" / "documents" / "support_plan.docx": support_plan,
}


def build(builder) -> bytes:
    """The template's bytes, the same on every run: parts in a fixed order with a fixed timestamp."""
    raw = io.BytesIO()
    builder().save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=STAMP.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with the committed files, write nothing")
    args = parser.parse_args(argv)
    stale = []
    for path, builder in TEMPLATES.items():
        data = build(builder)
        if args.check:
            if not path.exists() or path.read_bytes() != data:
                stale.append(path)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        print(f"wrote {path.relative_to(ROOT.parent)}")
    if stale:
        print("out of date (run scripts/build_docx_templates.py):", *stale, sep="\n  ", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
