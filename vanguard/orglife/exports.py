"""Exports of the orglife app (declared with ``core.exports``; imported from ``AppConfig.ready()``)."""

from django.db.models import Count, Q
from django.utils import timezone

from vanguard.core.excel import DATE, INTEGER, NUMBER, Column, period_label, report_title, write_table
from vanguard.core.exports import counted, register_export
from vanguard.org.models import PartyOrg
from vanguard.org.selectors import scope_label

from .choices import ATTENDED, AttendanceStatus, MeetingKind

MEETING_LEDGER = "orglife.meeting_ledger"

LEDGER_COLUMNS = [
    Column("日期", 12, kind=DATE), Column("党组织", 22), Column("会议类型", 14), Column("活动形式", 10),
    Column("主题", 36), Column("地点", 14), Column("主持人", 10), Column("记录人", 10),
    Column("应到", 6, kind=INTEGER), Column("实到", 6, kind=INTEGER), Column("请假", 6, kind=INTEGER),
    Column("缺席", 6, kind=INTEGER), Column("列席", 6, kind=INTEGER), Column("学时", 6, kind=NUMBER),
    Column("状态", 8),
]  # fmt: skip
LEAVES = (AttendanceStatus.LEAVE_SICK, AttendanceStatus.LEAVE_PERSONAL, AttendanceStatus.LEAVE_OFFICIAL)


def _ledger_title(user, form):
    """会议台账(kind) · the org filtered on or the user's · the dates filtered on."""
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    what = f"会议台账({MeetingKind(data['kind']).label})" if data.get("kind") else "会议台账"
    org = data["org"].name if data.get("org") else scope_label(model=PartyOrg, user=user)
    return report_title(what, org, period_label(data.get("date_from"), data.get("date_to")))


@register_export(MEETING_LEDGER, "会议台账")
def meeting_ledger_export(user, params, progress):
    """The meeting ledger (会议台账) of the meetings ``user`` may see, with the list's filters."""
    from .views.meetings import filtered_meetings

    form, qs = filtered_meetings(user, params)
    total = qs.count()
    qs = qs.select_related("host", "recorder").annotate(
        expected_count=Count("attendances", filter=Q(attendances__is_guest=False)),
        present_count=Count("attendances", filter=Q(attendances__status__in=ATTENDED)),
        leave_count=Count("attendances", filter=Q(attendances__status__in=LEAVES)),
        absent_count=Count("attendances", filter=Q(attendances__status=AttendanceStatus.ABSENT)),
        guest_count=Count("attendances", filter=Q(attendances__is_guest=True)),
    )
    meetings = counted(qs.order_by("date", "org__path").iterator(chunk_size=2000), total, progress)
    rows = (
        [
            m.date,
            str(m.org),
            m.get_kind_display(),
            m.get_form_display(),
            m.title,
            m.place,
            m.host.name if m.host else "",
            m.recorder.name if m.recorder else "",
            m.expected_count,
            m.present_count,
            m.leave_count,
            m.absent_count,
            m.guest_count,
            m.class_hours,
            m.get_status_display(),
        ]  # fmt: skip
        for m in meetings
    )
    data = write_table(columns=LEDGER_COLUMNS, rows=rows, sheet_name="会议台账", title=_ledger_title(user, form))
    return data, f"会议台账-{timezone.localdate():%Y%m%d}.xlsx"
