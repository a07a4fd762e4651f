"""What organisational life says is due from a user on the home page (``core.home``).

Meetings to record are one count each; the hours and the compliance look-ahead read what their
pages read (a fixed handful of grouped queries, whatever the number of members or meetings).
Member rules (40 学时) are shown only to party members: a worker's home has none of them.
"""

from datetime import timedelta

from django.urls import reverse

from vanguard.core.choices import Action
from vanguard.core.home import DANGER, INFO, WARNING, DueItem, register_due

from . import compliance, selectors
from .access import FOLLOW_HOURS, MEETING, SEE_COMPLIANCE, SEE_HOURS
from .choices import Audience, MeetingStatus
from .templatetags.orglife import hours as shown

COMPLIANCE_LOOK_AHEAD = 21  # days: a period ending within three weeks with a rule not yet met
STUDY_RULES = "orglife.study_rules"


def meetings_to_record(viewer):
    """Meetings past their day still planned (attendance missing), and held ones without minutes.

    Two counts, not one ``counts``: each reads a date range of the meetings' index, and one query
    with both conditions read every past meeting of the user's orgs (up to twice as slow at 90,000 meetings)."""
    meetings = selectors.meeting_list(user=viewer.user)
    url = reverse("meeting-list")
    yesterday = viewer.today - timedelta(days=1)
    planned = meetings.filter(status=MeetingStatus.PLANNED, date__lte=yesterday).count()
    yield DueItem(
        "待登记出勤的会议", planned, f"{url}?status=planned&date_to={yesterday:%Y-%m-%d}", DANGER,
        "会议日期已过，出勤尚未登记", "user-check", key="orglife.attendance",
    )  # fmt: skip
    new_year = viewer.today.replace(month=1, day=1)  # minutes of this year's meetings: last year's are closed
    held = meetings.filter(status=MeetingStatus.HELD, date__gte=new_year).count()
    yield DueItem(
        "待写会议记录", held, f"{url}?status=held&date_from={new_year:%Y-%m-%d}", WARNING,
        "本年度已登记出勤、尚未写会议记录", "notes", key="orglife.minutes",
    )  # fmt: skip


def rules_falling_due(viewer):
    """Rules of the current periods not yet met that end within the look-ahead (the compliance page's list)."""
    items = compliance.due_this_week(user=viewer.user, today=viewer.today, days=COMPLIANCE_LOOK_AHEAD, limit=1)
    if items:
        first = items[0]
        detail = f"最近：{first['check'].text}，{first['ends'].month}月{first['ends'].day}日截止"
        url = f"{reverse('compliance')}?days={COMPLIANCE_LOOK_AHEAD}#due-this-week"
        yield DueItem("即将到期的组织生活", items.total, url, WARNING, detail, "alarm")


def members_short_of_hours(viewer):
    rows, rules = selectors.hours_table(user=viewer.user, year=viewer.today.year, only_short=True)
    viewer.once(STUDY_RULES, lambda: rules)  # read by the table: ``my_hours`` needs them too
    required = rules.get(Audience.MEMBER)
    detail = f"全年须满 {shown(required)} 学时" if required is not None else ""
    yield DueItem("学时未达标的党员", len(rows), reverse("hours-shortfall"), INFO, detail, "school")


def my_hours(viewer):
    """A party member's own shortfall against the member rule; nothing for anyone else."""
    if not viewer.is_party_member:
        return
    required = viewer.once(STUDY_RULES, selectors.study_rules).get(Audience.MEMBER)
    hours = selectors.person_hours(person_id=viewer.person.pk, year=viewer.today.year, required=required)
    late = viewer.today.month >= 10  # the last quarter: little time left to catch up
    yield DueItem(
        "本年度学时还差", shown(hours.short) if hours.short else 0, reverse("my-year"), WARNING if late else INFO,
        f"已完成 {shown(hours.total)} / {shown(required)} 学时", "school", unit="学时",
    )  # fmt: skip


register_due("orglife.meetings", meetings_to_record, order=15, visible=lambda scope: MEETING.reaches(scope, Action.ADD))
register_due("orglife.compliance", rules_falling_due, order=25, visible=SEE_COMPLIANCE.held_by)
register_due(
    "orglife.hours",
    members_short_of_hours,
    order=35,
    visible=lambda scope: SEE_HOURS.held_by(scope) and FOLLOW_HOURS.held_by(scope),
)
register_due("orglife.my_hours", my_hours, order=60, visible=lambda scope: scope.person_id is not None)
