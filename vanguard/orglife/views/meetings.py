"""Meeting pages: calendar, ledger (list, Excel), create and edit, attendance on a phone, minutes, Word record."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from vanguard.core.access import choices, may
from vanguard.core.choices import Action
from vanguard.core.dates import add_months, month_start, parse_month
from vanguard.core.documents import document_response
from vanguard.core.downloads import stored_file_response
from vanguard.core.exports import export_response
from vanguard.core.numbers import parse_id
from vanguard.core.paging import CappedPaginator
from vanguard.core.views import apply_service_errors, get_scoped_object, success
from vanguard.org.choices import PartyOrgKind
from vanguard.org.models import Person

from .. import compliance, selectors, services
from ..access import SEE_ATTENDANCE, SEE_COMPLIANCE
from ..attendees import expected_for, meeting_roster
from ..choices import ATTENDANCE_SHORT, ATTENDED, MARKS, AttendanceStatus
from ..exports import MEETING_LEDGER
from ..forms import AttachmentForm, MeetingEditForm, MeetingFilterForm, MinutesForm, PersonNumberField
from ..meeting_docx import MEETING_RECORD, meeting_context
from ..models import Attendance, Meeting, MeetingAttachment


def _may_manage(user):
    return may(user, Action.ADD, Meeting)


# ---------------------------------------------------------------- calendar


def _month_param(request):
    return parse_month(request.GET.get("month", "")) or month_start(timezone.localdate())


def meeting_calendar(request):
    month = _month_param(request)
    prev_month = add_months(month, -1)
    next_month = add_months(month, 1)
    due = (
        compliance.due_this_week(user=request.user, limit=30)
        if may(request.user, SEE_COMPLIANCE)
        else compliance.DueList()
    )
    context = {
        "month": month,
        "prev_month": prev_month,
        "next_month": next_month,
        "weeks": selectors.calendar_weeks(user=request.user, month=month),
        "today": timezone.localdate(),
        "upcoming": list(selectors.upcoming(user=request.user)[:20]),
        "due": due,
        "due_total": due.total,
        "may_manage": _may_manage(request.user),
    }
    return render(request, "orglife/meeting_calendar.html", context)


# ---------------------------------------------------------------- list and ledger


def _filter_orgs(user):
    kinds = [PartyOrgKind.COMMITTEE, PartyOrgKind.GENERAL_BRANCH, PartyOrgKind.BRANCH]
    return choices(user, Meeting, "org", Action.VIEW).filter(kind__in=kinds).order_by("path")


def _filtered(request):
    return filtered_meetings(request.user, request.GET)


def filtered_meetings(user, params):
    """The filter form and the meetings ``user`` may see that match ``params`` (the page's GET)."""
    form = MeetingFilterForm(params or None, orgs=_filter_orgs(user))
    qs = selectors.meeting_list(user=user)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if data["org"]:
            qs = qs.filter(org__path__startswith=data["org"].path)
        if data["kind"]:
            qs = qs.filter(kind=data["kind"])
        if data["status"]:
            qs = qs.filter(status=data["status"])
        if data["date_from"]:
            qs = qs.filter(date__gte=data["date_from"])
        if data["date_to"]:
            qs = qs.filter(date__lte=data["date_to"])
        # Last: a common word the index cannot narrow is then checked on these filters' rows only.
        qs = qs.search(data["q"])
    return form, qs


def with_counts(qs):
    return qs.annotate(
        expected_count=Count("attendances", filter=Q(attendances__is_guest=False)),
        present_count=Count("attendances", filter=Q(attendances__status__in=ATTENDED)),
    )


def meeting_list(request):
    form, qs = _filtered(request)
    # A searched text counts to a thousand: one in nearly every meeting would be checked on all of them.
    searched = form.is_bound and form.is_valid() and form.cleaned_data["q"]
    paginator = CappedPaginator if searched else Paginator
    page = paginator(qs.order_by("-date", "-id"), 25).get_page(request.GET.get("page"))
    ids = [m.pk for m in page.object_list]
    counts = {
        m["pk"]: m
        for m in with_counts(Meeting.objects.filter(pk__in=ids)).values("pk", "expected_count", "present_count")
    }
    for m in page.object_list:
        m.counts = counts.get(m.pk, {})
    context = {
        "filter_form": form,
        "page_obj": page,
        "meetings": page.object_list,
        "may_manage": _may_manage(request.user),
    }
    return render(request, "orglife/meeting_list.html", context)


def meeting_export(request):
    """The meeting ledger (会议台账) with the current filters, as Excel: at once, or in the background when long."""
    _form, qs = _filtered(request)
    back = reverse("meeting-list") + (f"?{request.GET.urlencode()}" if request.GET else "")
    return export_response(request, MEETING_LEDGER, rows=qs.count(), back=back)


# ---------------------------------------------------------------- create and edit


def _edit_form(request, initial=None):
    orgs = choices(request.user, Meeting, "org", Action.ADD).order_by("path")
    people = Person.objects.restrict(request.user, Action.VIEW)
    return MeetingEditForm(request.POST or None, initial=initial, orgs=orgs, people=people)


def _meeting_data(form):
    return {k: v for k, v in form.cleaned_data.items() if k not in ("version", "held")}


def meeting_create(request):
    if not choices(request.user, Meeting, "org", Action.ADD).exists():
        raise Http404
    initial = {"date": timezone.localdate()}
    if request.GET.get("kind"):
        initial["kind"] = request.GET["kind"]
    form = _edit_form(request, initial)
    if not form.is_bound:
        form.initial.setdefault("org", form.fields["org"].queryset.filter(kind=PartyOrgKind.BRANCH).first())
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_create(actor=request.user, held=form.cleaned_data["held"], **_meeting_data(form))
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            if meeting.is_held:
                success(request, "已登记会议。请记录出勤,出席者将自动计入学时。")
                return redirect("meeting-attendance", pk=meeting.pk)
            success(request, "已登记计划会议。")
            return redirect("meeting-detail", pk=meeting.pk)
    return render(request, "orglife/meeting_form.html", {"form": form, "title": "登记会议"})


def meeting_edit(request, pk):
    meeting = get_scoped_object(request, Meeting, Action.CHANGE, pk=pk)
    initial = {
        f: getattr(meeting, f) for f in ("org", "kind", "form", "title", "date", "start_time", "place", "topics")
    }
    initial.update(
        host=meeting.host.employee_no if meeting.host else "",
        recorder=meeting.recorder.employee_no if meeting.recorder else "",
        class_hours=meeting.class_hours, version=meeting.version, held=meeting.is_held,
    )  # fmt: skip
    form = _edit_form(request, initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_update(
                actor=request.user, meeting=meeting, data=_meeting_data(form),
                expected_version=form.cleaned_data.get("version"),
            )  # fmt: skip
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            success(request, "已保存。")
            return redirect("meeting-detail", pk=pk)
    return render(request, "orglife/meeting_form.html", {"form": form, "title": "修改会议", "meeting": meeting})


@require_POST
def meeting_cancel(request, pk):
    meeting = get_scoped_object(request, Meeting, Action.CHANGE, pk=pk)
    try:
        services.meeting_cancel(actor=request.user, meeting=meeting)
    except ValidationError as exc:
        messages.error(request, ";".join(exc.messages))
    else:
        success(request, "会议已取消。")
    return redirect("meeting-detail", pk=pk)


# ---------------------------------------------------------------- detail, attendance, minutes


def _roster(meeting):
    """Expected people with their marks, then guests: as written down when attendance was recorded."""
    return meeting_roster(meeting)


def meeting_detail(request, pk):
    meeting = get_scoped_object(request, Meeting.objects.select_related("org", "host", "recorder"), pk=pk)
    may_change = may(request.user, Action.CHANGE, meeting)
    rows = _roster(meeting) if may_change or may(request.user, SEE_ATTENDANCE) else []
    summary = {label: 0 for label in AttendanceStatus.labels}
    for row in rows:
        if row["attendance"]:
            summary[row["attendance"].get_status_display()] += 1
    context = {
        "meeting": meeting,
        "rows": rows,
        "expected": expected_for(meeting.kind),
        "sees_roster": may_change or may(request.user, SEE_ATTENDANCE),
        "summary": summary,
        "may_change": may_change,
        "attachments": list(meeting.attachments.all()),
        "attachment_form": AttachmentForm(),
        "short": ATTENDANCE_SHORT,
    }
    return render(request, "orglife/meeting_detail.html", context)


def meeting_attendance(request, pk):
    """Attendance marking, built for a phone: one row per person, six buttons, one save."""
    meeting = get_scoped_object(request, Meeting.objects.select_related("org"), Action.CHANGE, pk=pk)
    error = None
    if request.method == "POST":
        # A guest is anyone the secretary may see, from outside the org too.
        guest_field = PersonNumberField(
            required=False, people=Person.objects.restrict(request.user).filter(is_active=True)
        )
        marks = {
            parse_id(key.removeprefix("status_")): value
            for key, value in request.POST.items()
            if key.startswith("status_") and parse_id(key.removeprefix("status_"))
        }
        try:
            guest = guest_field.clean(request.POST.get("guest", ""))
            if guest is not None:
                marks.setdefault(guest.pk, AttendanceStatus.PRESENT)
            result = services.meeting_record_attendance(actor=request.user, meeting=meeting, marks=marks)
        except ValidationError as exc:
            error = ";".join(exc.messages)
        else:
            text = f"已保存出勤:{len(marks)} 人"
            if result["guests"]:
                text += f",其中 {result['guests']} 人为列席(非本组织)"
            success(request, text + "。")
            if guest is not None:
                return redirect("meeting-attendance", pk=pk)
            return redirect("meeting-detail", pk=pk)
    rows = _roster(meeting)
    for row in rows:
        posted = request.POST.get(f"status_{row['person'].pk}") if error else None
        marked = row["attendance"] and row["attendance"].status != AttendanceStatus.UNMARKED
        row["current"] = posted or (row["attendance"].status if marked else AttendanceStatus.PRESENT)
    context = {
        "meeting": meeting,
        "rows": rows,
        "statuses": [(value, label, ATTENDANCE_SHORT[value]) for value, label in MARKS],
        "error": error,
        "future": meeting.date > timezone.localdate(),
    }
    return render(request, "orglife/meeting_attendance.html", context)


@require_POST
def attendance_remove(request, pk):
    attendance = get_scoped_object(request, Attendance.objects.select_related("meeting"), Action.CHANGE, pk=pk)
    services.attendance_remove(actor=request.user, attendance=attendance)
    success(request, "已移除。")
    return redirect("meeting-attendance", pk=attendance.meeting_id)


def meeting_minutes(request, pk):
    meeting = get_scoped_object(request, Meeting.objects.select_related("org"), Action.CHANGE, pk=pk)
    initial = {"minutes": meeting.minutes, "resolutions": meeting.resolutions, "version": meeting.version}
    form = MinutesForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_record_minutes(
                actor=request.user, meeting=meeting, minutes=form.cleaned_data["minutes"],
                resolutions=form.cleaned_data["resolutions"], expected_version=form.cleaned_data.get("version"),
            )  # fmt: skip
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            success(request, "已保存会议记录。")
            return redirect("meeting-detail", pk=pk)
    return render(request, "orglife/meeting_minutes.html", {"form": form, "meeting": meeting})


@require_POST
def attachment_upload(request, pk):
    meeting = get_scoped_object(request, Meeting, Action.CHANGE, pk=pk)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "请选择要上传的文件。")
    else:
        try:
            services.attachment_add(actor=request.user, meeting=meeting, file=form.cleaned_data["file"])
        except ValidationError as exc:
            messages.error(request, ";".join(exc.messages))
        else:
            success(request, "已上传附件。")
    return redirect("meeting-detail", pk=pk)


def attachment_download(request, pk):
    """A meeting's file, to whoever may see the meeting (stored files are never public)."""
    attachment = get_scoped_object(request, MeetingAttachment, pk=pk)
    return stored_file_response(attachment.file, attachment.name)


def meeting_word(request, pk, fmt="docx"):
    """The 会议记录 as Word (``fmt`` docx) or PDF, naming the people the meeting page names."""
    meeting = get_scoped_object(request, Meeting.objects.select_related("org", "host", "recorder"), pk=pk)
    if not may(request.user, SEE_ATTENDANCE):
        raise Http404
    return document_response(
        request, key=MEETING_RECORD, context=meeting_context(meeting, _roster(meeting)),
        filename=f"会议记录-{meeting.org.name}-{meeting.date:%Y%m%d}", fmt=fmt,
        back=reverse("meeting-detail", args=[meeting.pk]),
    )  # fmt: skip
