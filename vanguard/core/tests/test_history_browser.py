"""In a real browser: the audit trail and the history pages render every kind of event in Chinese."""

import pytest
from playwright.sync_api import expect

from vanguard.core import events
from vanguard.core.models import AuditEvent
from vanguard.core.tests.browser import DESKTOP, PHONE, login
from vanguard.org.demo import company_handles
from vanguard.orglife import services as orglife_services
from vanguard.orglife.events import MEETING_ATTENDANCE
from vanguard.orglife.models import Meeting

pytestmark = pytest.mark.browser


def test_the_trail_and_the_history_pages_render_once_attendance_is_saved(open_page):
    company = company_handles()
    meeting = Meeting.objects.filter(org=company.branch, status="recorded").order_by("pk").first()
    marks = {a.person_id: "absent" for a in meeting.attendances.all()[:2]}
    orglife_services.meeting_record_attendance(actor=company.users["shuji"], meeting=meeting, marks=marks)
    label = MEETING_ATTENDANCE.label

    admin = login(open_page(DESKTOP), "admin")
    admin.goto("/audit/")
    expect(admin.locator(".page-body")).to_contain_text(label)
    # One history page per kind of object the trail holds, each showing its events' Chinese labels.
    for object_type in AuditEvent.objects.order_by().values_list("object_type", flat=True).distinct()[:12]:
        event = AuditEvent.objects.filter(object_type=object_type, object_id__regex=r"^[0-9]+$").last()
        if event is None:
            continue
        response = admin.goto(f"/audit/{event.object_type}/{event.object_id}/")
        if response.status == 404:  # the object is gone (a revoked role): its events stay in the trail
            continue
        assert response.status == 200, object_type
        expect(admin.locator(".page-body")).to_contain_text(events.label_of(event.action))

    secretary = login(open_page(PHONE), "shuji")
    secretary.goto(f"/audit/orglife.meeting/{meeting.pk}/")
    expect(secretary.locator(".page-body")).to_contain_text(label)
    expect(secretary.locator(".page-body")).to_contain_text("缺席")
