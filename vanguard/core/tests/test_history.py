"""Every history page renders every kind of event the services write, with its Chinese label."""

import pytest
from django.apps import apps

from vanguard.core import events
from vanguard.core.models import AuditEvent
from vanguard.orglife import services as orglife_services

pytestmark = pytest.mark.django_db


def has_history_page(event):
    """Objects still there have one; a grouped import row (a branch's month of reviews) or a revoked role has not."""
    model = apps.get_model(event.object_type)
    return (
        hasattr(model.objects, "restrict")
        and event.object_id.isdigit()
        and model.objects.filter(pk=event.object_id).exists()
    )


def record_attendance(company):
    from vanguard.orglife.models import Meeting

    meeting = Meeting.objects.filter(org=company.branch, status="recorded").first()
    marks = {a.person_id: "absent" for a in meeting.attendances.all()[:2]}
    orglife_services.meeting_record_attendance(actor=company.users["shuji"], meeting=meeting, marks=marks)
    return meeting


def test_a_meetings_history_renders_once_attendance_is_saved(client_as, company):
    meeting = record_attendance(company)
    page = client_as("admin").get(f"/audit/orglife.meeting/{meeting.pk}/")
    assert page.status_code == 200
    assert "登记出勤" in page.content.decode()
    trail = client_as("admin").get("/audit/")
    assert trail.status_code == 200
    assert "登记出勤" in trail.content.decode()


def test_every_event_kind_written_is_declared_and_its_history_renders(client_as, company):
    record_attendance(company)
    declared = events.declared()
    kinds = AuditEvent.objects.values_list("action", flat=True).distinct()
    assert len(kinds) > 20  # the demo goes through the services of every app
    assert sorted(set(kinds) - set(declared)) == [], "written but not declared in an events module"
    admin = client_as("admin")
    for kind in kinds:
        trail = admin.get("/audit/", {"action": kind})
        assert trail.status_code == 200, kind
        assert declared[kind].label in trail.content.decode(), kind
        event = AuditEvent.objects.filter(action=kind).order_by("-id").first()
        if has_history_page(event):
            page = admin.get(f"/audit/{event.object_type}/{event.object_id}/")
            assert page.status_code == 200, kind
            assert declared[kind].label in page.content.decode(), kind


def test_every_declared_event_kind_renders_in_the_trail_and_on_a_history_page(client_as, company):
    """Kinds the demo never writes too: each one, with nested values such as a list of marks, reads in Chinese."""
    from vanguard.core.access import system_actor
    from vanguard.core.audit import audit

    person = company.users["dangyuan"].person
    before = {"name": person.name, "marks": [{"person": 1, "status": "absent"}], "extra": {"a": [1, 2]}}
    after = {"name": person.name + "甲", "marks": [{"person": 1, "status": "present"}], "extra": {"a": [1]}}
    admin = client_as("admin")
    declared = events.declared()
    for kind, event in declared.items():
        audit(actor=system_actor(), action=kind, obj=person, before=before, after=after)
        trail = admin.get("/audit/", {"action": kind})
        assert trail.status_code == 200, kind
        assert event.label in trail.content.decode(), kind
    page = admin.get(f"/audit/org.person/{person.pk}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert [kind for kind, event in declared.items() if event.label not in text] == []
