"""Constants of the orglife app: meeting kinds and forms, attendance, periods, defaults (who may do what: access.py)."""

from decimal import Decimal

from django.db import models

from vanguard.org.choices import PartyOrgKind, PartyPost


class MeetingKind(models.TextChoices):
    GENERAL = "general", "支部党员大会"
    COMMITTEE = "committee", "支委会"
    GROUP = "group", "党小组会"
    LECTURE = "lecture", "党课"
    THEME_DAY = "theme_day", "主题党日"
    LIFE = "life", "组织生活会"
    CENTRAL_STUDY = "central_study", "中心组学习"
    BRIEFING = "briefing", "形势任务报告会"
    FORUM = "forum", "明星班组长座谈会"
    OTHER = "other", "其他"


class MeetingForm(models.TextChoices):
    """组织生活形式: the forms the article names, plus an ordinary meeting."""

    PLAIN = "plain", "常规"
    ENTERTAINMENT = "entertainment", "娱乐式"
    IMMERSIVE = "immersive", "渗透式"
    OPEN = "open", "开放式"
    CARING = "caring", "关爱式"
    CLASS = "class", "办班式"
    FORUM = "forum", "论坛式"
    LECTURE = "lecture", "讲座式"


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", "计划"
    HELD = "held", "已召开"
    RECORDED = "recorded", "已记录"
    CANCELLED = "cancelled", "已取消"


HELD_STATUSES = (MeetingStatus.HELD, MeetingStatus.RECORDED)


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", "出席"
    LATE = "late", "迟到"
    LEAVE_SICK = "leave_sick", "病假"
    LEAVE_PERSONAL = "leave_personal", "事假"
    LEAVE_OFFICIAL = "leave_official", "公假"
    ABSENT = "absent", "缺席"
    # Expected, written down with the roster when attendance was first recorded, not marked yet.
    UNMARKED = "unmarked", "未记录"


# Those who were there earn the meeting's class hours.
ATTENDED = (AttendanceStatus.PRESENT, AttendanceStatus.LATE)
ATTENDANCE_SHORT = {
    AttendanceStatus.PRESENT: "到",
    AttendanceStatus.LATE: "迟",
    AttendanceStatus.LEAVE_SICK: "病",
    AttendanceStatus.LEAVE_PERSONAL: "事",
    AttendanceStatus.LEAVE_OFFICIAL: "公",
    AttendanceStatus.ABSENT: "缺",
}
# What the secretary may mark (未记录 is only where nobody has marked yet).
MARKS = tuple((value, label) for value, label in AttendanceStatus.choices if value != AttendanceStatus.UNMARKED)


class TrainingCategory(models.TextChoices):
    MEMBER = "member", "党员教育培训"
    SECRETARY = "secretary", "支部书记培训"
    CADRE = "cadre", "干部培训"


class TrainingChannel(models.TextChoices):
    EXTERNAL = "external", "外部培训"
    ONLINE = "online", "网络学习"
    CLASS = "class", "集中轮训"


class Period(models.TextChoices):
    MONTH = "month", "每月"
    QUARTER = "quarter", "每季度"
    HALF_YEAR = "half_year", "每半年"
    YEAR = "year", "每年"


MONTHS_IN = {Period.MONTH: 1, Period.QUARTER: 3, Period.HALF_YEAR: 6, Period.YEAR: 12}


class Subject(models.TextChoices):
    """What a compliance rule counts: held meetings of a kind, or the monthly reviews."""

    GENERAL = MeetingKind.GENERAL.value, MeetingKind.GENERAL.label
    COMMITTEE = MeetingKind.COMMITTEE.value, MeetingKind.COMMITTEE.label
    GROUP = MeetingKind.GROUP.value, MeetingKind.GROUP.label
    LECTURE = MeetingKind.LECTURE.value, MeetingKind.LECTURE.label
    THEME_DAY = MeetingKind.THEME_DAY.value, MeetingKind.THEME_DAY.label
    LIFE = MeetingKind.LIFE.value, MeetingKind.LIFE.label
    CENTRAL_STUDY = MeetingKind.CENTRAL_STUDY.value, MeetingKind.CENTRAL_STUDY.label
    BRIEFING = MeetingKind.BRIEFING.value, MeetingKind.BRIEFING.label
    FORUM = MeetingKind.FORUM.value, MeetingKind.FORUM.label
    REVIEW = "review", "月度讲评"


class Audience(models.TextChoices):
    MEMBER = "member", "党员"
    SECRETARY = "secretary", "支部书记"
    CADRE = "cadre", "科级及以上干部"


class CentralGroupRole(models.TextChoices):
    """组内职务 in a committee's central study group."""

    LEADER = "leader", "组长"
    DEPUTY = "deputy", "副组长"
    MEMBER = "member", "成员"
    SECRETARY = "secretary", "学习秘书"


class HalfDay(models.TextChoices):
    AM = "am", "上午"
    PM = "pm", "下午"


# Default class hours credited per meeting kind (the meeting may say otherwise).
DEFAULT_CLASS_HOURS = {
    MeetingKind.GENERAL: Decimal("2"),
    MeetingKind.COMMITTEE: Decimal("1"),
    MeetingKind.GROUP: Decimal("1"),
    MeetingKind.LECTURE: Decimal("2"),
    MeetingKind.THEME_DAY: Decimal("2"),
    MeetingKind.LIFE: Decimal("2"),
    MeetingKind.CENTRAL_STUDY: Decimal("2"),
    MeetingKind.BRIEFING: Decimal("2"),
    MeetingKind.FORUM: Decimal("1"),
    MeetingKind.OTHER: Decimal("1"),
}
MAX_MEETING_HOURS = Decimal("8")
MAX_TRAINING_HOURS = Decimal("200")

# The posts elected on an org: its committee (whom a 支委会 expects; ``attendees.EXPECTED``).
COMMITTEE_POSTS = (PartyPost.SECRETARY, PartyPost.DEPUTY_SECRETARY, PartyPost.COMMITTEE_MEMBER)

# The compliance defaults (DESIGN.md, from the branch work regulations and the member education rules).
DEFAULT_RULES = (
    (Subject.GENERAL, PartyOrgKind.BRANCH, Period.QUARTER, 1, "支部工作条例:支部党员大会每季度至少一次"),
    (Subject.COMMITTEE, PartyOrgKind.BRANCH, Period.MONTH, 1, "支部工作条例:支委会每月至少一次"),
    (Subject.GROUP, PartyOrgKind.GROUP, Period.MONTH, 1, "支部工作条例:党小组会每月至少一次"),
    (Subject.LECTURE, PartyOrgKind.BRANCH, Period.QUARTER, 1, "支部工作条例:党课每季度至少一次"),
    (Subject.THEME_DAY, PartyOrgKind.BRANCH, Period.MONTH, 1, "党员教育管理工作条例:每月相对固定一天开展主题党日"),
    (Subject.LIFE, PartyOrgKind.BRANCH, Period.YEAR, 1, "党员教育管理工作条例:组织生活会一般每年一次"),
    (Subject.REVIEW, PartyOrgKind.BRANCH, Period.MONTH, 1, "每月由党小组、党支部对党员进行讲评"),
)
DEFAULT_STUDY_RULES = (
    (Audience.MEMBER, 40, "党员每年参加培训不少于 40 学时(国家规定不少于 32 学时)"),
    (Audience.SECRETARY, 56, "基层党组织书记每年集中培训累计不少于 56 学时"),
    (Audience.CADRE, 40, "科级及以上干部每年参加干部培训不少于 40 学时"),
)
DEFAULT_REVIEW_GRADES = (
    ("praise", "表扬", "green"),
    ("affirm", "肯定", "blue"),
    ("remind", "提醒", "yellow"),
    ("spur", "鞭策", "red"),
)

STATUS_COLOURS = {
    MeetingStatus.PLANNED: "secondary",
    MeetingStatus.HELD: "blue",
    MeetingStatus.RECORDED: "green",
    MeetingStatus.CANCELLED: "secondary",
    AttendanceStatus.PRESENT: "green",
    AttendanceStatus.LATE: "yellow",
    AttendanceStatus.LEAVE_SICK: "azure",
    AttendanceStatus.LEAVE_PERSONAL: "azure",
    AttendanceStatus.LEAVE_OFFICIAL: "azure",
    AttendanceStatus.ABSENT: "red",
    AttendanceStatus.UNMARKED: "secondary",
}
