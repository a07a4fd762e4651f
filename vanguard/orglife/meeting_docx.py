"""The meeting record (会议记录) of one meeting: its template (``documents/meeting_record.docx``) and its data.

The rows of people come from the meeting page's roster (``views.meetings._roster``: the expected
people with their marks, then the guests), so the paper names exactly who the page names.
"""

import re
from html import unescape
from pathlib import Path

from vanguard.core.dates import chinese_date
from vanguard.core.documents import DocumentKind, register
from vanguard.core.typography import join_names

from .choices import ATTENDED, AttendanceStatus, MeetingKind

MEETING_RECORD = "orglife.meeting_record"
BLOCKS = re.compile(r"</(p|li|h3|h4|tr|blockquote)>|<br\s*/?>", re.I)
TAGS = re.compile(r"<[^>]+>")
LEAVES = (AttendanceStatus.LEAVE_SICK, AttendanceStatus.LEAVE_PERSONAL, AttendanceStatus.LEAVE_OFFICIAL)
NOT_RECORDED = "（未记录）"

VARIABLES = {
    "title": "标题：党组织名称与会议类型，如“机关党支部党员大会会议记录”",
    "topic": "会议主题",
    "when": "时间，如“2026年6月1日 14:30”",
    "place": "地点",
    "host": "主持人",
    "recorder": "记录人",
    "form": "活动形式",
    "class_hours": "计入学时，如“2 学时/人”",
    "expected_count": "应到人数，如“12 人”",
    "present_count": "实到人数（出席和迟到）",
    "present": "出席人员（顿号分隔）",
    "on_leave": "请假人员，各注假别",
    "absent": "缺席人员",
    "guests": "列席人员",
    "topics": "议题，每项一段（列表）",
    "minutes": "会议内容，每段一项（列表）",
    "resolutions": "决议事项，每项一段（列表）",
}


def minutes_paragraphs(html):
    """The sanitised minutes as plain paragraphs (one per block element)."""
    text = BLOCKS.sub("\n", html or "")
    return [unescape(TAGS.sub("", line)).strip() for line in text.splitlines() if TAGS.sub("", line).strip()]


def _lines(text):
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _names(rows, statuses=None, *, guest=False, with_status=False):
    picked = [
        r for r in rows
        if r["attendance"] and r["guest"] == guest and (statuses is None or r["attendance"].status in statuses)
    ]  # fmt: skip
    names = [r["person"].name + (f"（{r['attendance'].get_status_display()}）" if with_status else "") for r in picked]
    return "、".join(names) or "无"


def meeting_title(org_name: str, kind: str, kind_label: str) -> str:
    """机关党支部 + 支部党员大会 → 机关党支部党员大会会议记录 (the shared word once)."""
    if kind == MeetingKind.OTHER:
        return f"{org_name}会议记录"
    return f"{join_names(org_name, kind_label)}会议记录"


def meeting_context(meeting, rows) -> dict:
    """What the record's template is filled with (plain text: see ``VARIABLES``)."""
    expected = [r for r in rows if not r["guest"]]
    present = [r for r in expected if r["attendance"] and r["attendance"].status in ATTENDED]
    when = chinese_date(meeting.date) + (f" {meeting.start_time:%H:%M}" if meeting.start_time else "")
    return {
        "title": meeting_title(meeting.org.name, meeting.kind, meeting.get_kind_display()),
        "topic": meeting.title,
        "when": when,
        "place": meeting.place or "—",
        "host": meeting.host.name if meeting.host else "—",
        "recorder": meeting.recorder.name if meeting.recorder else "—",
        "form": meeting.get_form_display(),
        "class_hours": f"{meeting.class_hours.normalize():f} 学时/人",
        "expected_count": f"{len(expected)} 人",
        "present_count": f"{len(present)} 人",
        "present": _names(rows, ATTENDED),
        "on_leave": _names(rows, LEAVES, with_status=True),
        "absent": _names(rows, (AttendanceStatus.ABSENT,)),
        "guests": _names(rows, guest=True),
        "topics": _lines(meeting.topics) or [NOT_RECORDED],
        "minutes": minutes_paragraphs(meeting.minutes) or [NOT_RECORDED],
        "resolutions": _lines(meeting.resolutions) or [NOT_RECORDED],
    }


def sample_context() -> dict:
    return {
        "title": "机关党支部党员大会会议记录",
        "topic": "学习贯彻全会精神",
        "when": "2026年6月1日 14:30",
        "place": "三楼会议室",
        "host": "张三",
        "recorder": "李四",
        "form": "常规",
        "class_hours": "2 学时/人",
        "expected_count": "3 人",
        "present_count": "2 人",
        "present": "张三、李四",
        "on_leave": "王五（公假）",
        "absent": "无",
        "guests": "无",
        "topics": ["传达学习全会精神", "讨论下半年工作"],
        "minutes": ["张三同志传达了全会精神。", "与会党员逐一发言。"],
        "resolutions": ["下半年每月开展一次主题党日。"],
    }


register(
    DocumentKind(
        key=MEETING_RECORD,
        label="会议记录",
        default=Path(__file__).resolve().parent / "documents" / "meeting_record.docx",
        sample=sample_context,
        variables=VARIABLES,
    )
)
