"""Who may open which orglife page and call which endpoint: personas × URLs × expected answer.

- The office (admin, dangwei) sees and records every org's meetings and sets the rules; the
  secretary (shuji) records his branch's meetings, reviews and training and sees its compliance;
  the member (dangyuan) sees the meetings she was at, her own hours, reviews and training; the
  worker (zhigong) and the outsider have no organisational life here but their empty pages.
- Out of scope answers 404; a write on something the user may see but not change answers 404
  on a page and 403 in the API.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from vanguard.core.dates import add_months
from vanguard.core.testing import Case, check, expand, expect, stray_choices, uncovered
from vanguard.orglife.models import (
    Attendance,
    CentralGroupMember,
    ComplianceRule,
    FieldDay,
    Review,
    StarTeamLeader,
    TrainingRecord,
)

from .conftest import free_day

OFFICE = {"admin": 200, "dangwei": 200}
BRANCH = {**OFFICE, "shuji": 200}
MEMBER = {**BRANCH, "dangyuan": 200}
BRANCH_POST = {"admin": 302, "dangwei": 302, "shuji": 302}
OFFICE_POST = {"admin": 302, "dangwei": 302}
NO_PERSON = {"admin": 404}  # the administrator's account has no person


def meeting(c, suffix=""):
    return f"/orglife/meetings/{c.life.branch_meeting.pk}/{suffix}"


def api_meeting(c, suffix=""):
    return f"/api/v1/meetings/{c.life.branch_meeting.pk}/{suffix}"


def attachment(c):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from vanguard.core.access import system_actor
    from vanguard.orglife import services

    photo = SimpleUploadedFile("签到.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 16)
    found = services.attachment_add(actor=system_actor(), meeting=c.life.branch_meeting, file=photo)
    return f"/orglife/attachments/{found.pk}/"


def own_attendance(c):
    return Attendance.objects.get(meeting=c.life.branch_meeting, person=c.life.dangyuan)


def last_month():
    return add_months(timezone.localdate(), -1).isoformat()


def yesterday():
    return (timezone.localdate() - timedelta(days=1)).isoformat()


@pytest.fixture(autouse=True)
def _pdf_without_converter(monkeypatch):
    """Access only here: the conversion itself is tested in core/tests/test_documents.py."""
    monkeypatch.setattr("vanguard.core.documents.docx_to_pdf", lambda data: b"%PDF-1.7 access check")


MATRIX = [
    # pages
    Case("/orglife/", expect(200)),
    Case("/orglife/meetings/", expect(200)),
    Case("/orglife/meetings/export/", expect(200)),
    Case("/orglife/meetings/new/", expect(404, **BRANCH)),
    Case(lambda c: meeting(c), expect(404, **MEMBER), label="meeting"),
    Case(lambda c: meeting(c, "edit/"), expect(404, **BRANCH), label="meeting edit"),
    Case(lambda c: meeting(c, "cancel/"), expect(404, **BRANCH_POST), method="post", label="meeting cancel"),
    Case(lambda c: meeting(c, "attendance/"), expect(404, **BRANCH), label="attendance"),
    Case(lambda c: meeting(c, "minutes/"), expect(404, **BRANCH), label="minutes"),
    Case(lambda c: meeting(c, "attachments/"), expect(404, **BRANCH_POST), method="post", label="attachment"),
    Case(lambda c: meeting(c, "word/"), expect(404, **BRANCH), label="word"),
    Case(attachment, expect(404, **MEMBER), label="attachment download"),
    Case(lambda c: meeting(c, "pdf/"), expect(404, **BRANCH), label="pdf"),
    Case(
        lambda c: f"/orglife/attendance/{own_attendance(c).pk}/remove/",
        expect(404, **BRANCH_POST),
        method="post",
        label="attendance remove",
    ),
    Case("/orglife/compliance/", expect(404, **BRANCH)),
    Case(
        lambda c: f"/orglife/compliance/?org={c.branch.pk}&rule={c.life.general_rule.pk}",
        expect(404, **BRANCH),
        label="compliance of one branch",
    ),  # fmt: skip
    Case(lambda c: f"/orglife/compliance/?org={c.other_branch.pk}", expect(404, **OFFICE), label="other branch"),
    Case("/orglife/rules/", expect(404, **OFFICE)),
    Case(lambda c: f"/orglife/rules/{c.life.general_rule.pk}/", expect(404, **OFFICE), label="rule edit"),
    Case("/orglife/rules/exemptions/new/", expect(404, **OFFICE)),
    Case("/orglife/my/", expect(200, **NO_PERSON)),
    Case(lambda c: f"/orglife/people/{c.life.dangyuan.pk}/", expect(404, **MEMBER), label="member's year"),
    Case("/orglife/hours/", expect(404, **BRANCH)),
    Case("/orglife/training/", expect(404, **BRANCH)),
    Case("/orglife/training/import/", expect(404, **BRANCH)),
    Case("/orglife/training/import/template/", expect(404, **BRANCH)),
    Case("/orglife/reviews/", expect(404, **BRANCH)),
    Case("/orglife/field-days/", expect(200)),
    Case("/orglife/attendee-lists/", expect(404, **BRANCH)),
    Case(
        lambda c: (
            f"/orglife/attendee-lists/central/{CentralGroupMember.objects.filter(left_on=None).first().pk}/leave/"
        ),
        expect(404, **OFFICE_POST),
        method="post",
        label="central group leave",
    ),
    Case(
        lambda c: f"/orglife/attendee-lists/stars/{StarTeamLeader.objects.filter(revoked_on=None).first().pk}/revoke/",
        expect(404, **OFFICE_POST),
        method="post",
        label="star title revoke",
    ),
    # API: lists are scoped (everyone gets their part), objects out of scope are 404
    *(
        Case(f"/api/v1/{name}/", expect(200), api=True)
        for name in (
            "meetings",
            "attendances",
            "reviews",
            "training-records",
            "field-days",
            "compliance-rules",
            "compliance",
        )
    ),  # fmt: skip
    Case(lambda c: api_meeting(c), expect(404, **MEMBER), api=True, label="api meeting"),
    Case(
        "/api/v1/meetings/",
        expect(403, admin=201, dangwei=201, shuji=201),
        api=True,
        method="post",
        data=lambda c: {
            "org": c.branch.pk,
            "kind": "committee",
            "title": "研究本月工作",
            "date": free_day(c.branch, "committee").isoformat(),
            "held": True,
        },  # fmt: skip
        label="api meeting create",
    ),
    Case(
        lambda c: api_meeting(c),
        expect(404, **BRANCH, dangyuan=403),
        api=True,
        method="patch",
        data=lambda c: {"place": "党员活动室", "version": c.life.branch_meeting.version},
        label="api meeting edit",
    ),
    Case(
        lambda c: api_meeting(c, "attendance/"),
        expect(404, **BRANCH, dangyuan=403),
        api=True,
        method="post",
        data=lambda c: {"marks": {str(c.life.dangyuan.pk): "late"}},
        label="api attendance",
    ),
    Case(
        lambda c: api_meeting(c, "minutes/"),
        expect(404, **BRANCH, dangyuan=403),
        api=True,
        method="post",
        data={"minutes": "<p>传达学习上级精神</p>"},
        label="api minutes",
    ),
    Case(lambda c: f"/api/v1/attendances/{own_attendance(c).pk}/", expect(404, **MEMBER), api=True, label="api att"),
    Case(
        "/api/v1/attendances/",
        expect(403, admin=201, dangwei=201, shuji=201),
        api=True,
        method="post",
        data=lambda c: {
            "meeting": c.life.branch_meeting.pk,
            "person": c.users["zhigong"].person.pk,
            "status": "present",
        },
        label="api attendance create",
    ),
    Case(
        lambda c: f"/api/v1/reviews/{Review.objects.filter(person=c.life.dangyuan).first().pk}/",
        expect(404, **MEMBER),
        api=True,
        label="api review",
    ),
    Case(
        "/api/v1/reviews/",
        expect(403, admin=201, dangwei=201, shuji=201),
        api=True,
        method="post",
        data=lambda c: {"person": c.life.dangyuan.pk, "org": c.branch.pk, "month": last_month(), "grade": "praise"},
        label="api review create",
    ),
    Case(
        lambda c: f"/api/v1/training-records/{TrainingRecord.objects.filter(person=c.life.dangyuan).first().pk}/",
        expect(404, **MEMBER),
        api=True,
        label="api training",
    ),
    Case(
        "/api/v1/training-records/",
        expect(403, admin=201, dangwei=201, shuji=201),
        api=True,
        method="post",
        data=lambda c: {"person": c.life.dangyuan.pk, "title": "网上党校", "date": yesterday(), "hours": "2"},
        label="api training create",
    ),
    Case(
        lambda c: f"/api/v1/field-days/{FieldDay.objects.filter(person=c.life.shuji).first().pk}/",
        expect(404, **BRANCH),
        api=True,
        label="api field day",
    ),
    Case(
        "/api/v1/field-days/",
        expect(400, admin=201, dangwei=201, shuji=201),
        api=True,
        method="post",
        data=lambda c: {
            "person": c.life.shuji.pk,
            "date": (timezone.localdate() + timedelta(days=-400)).isoformat(),
            "half": "pm",
            "place": "热处理线",
        },  # fmt: skip
        label="api field day create",
    ),
    Case(lambda c: f"/api/v1/compliance-rules/{c.life.general_rule.pk}/", expect(200), api=True, label="api rule"),
    Case(
        lambda c: f"/api/v1/compliance-rules/{c.life.general_rule.pk}/",
        expect(403, **OFFICE),
        api=True,
        method="patch",
        data=lambda c: {"minimum": 2, "version": ComplianceRule.objects.get(pk=c.life.general_rule.pk).version},
        label="api rule edit",
    ),
    Case(
        "/api/v1/compliance-rules/",
        expect(403, admin=201, dangwei=201),
        api=True,
        method="post",
        data={"subject": "briefing", "org_kind": "branch", "period": "half_year", "minimum": 1},
        label="api rule create",
    ),
]


@pytest.fixture
def company(company, life):
    company.life = life
    return company


@pytest.mark.parametrize(("case", "persona", "expected"), expand(MATRIX))
def test_permission_matrix(client_as, company, case, persona, expected):
    check(client_as, company, case, persona, expected)


def test_every_route_is_in_the_matrix(company):
    from vanguard.orglife import urls
    from vanguard.orglife.api import urls as api_urls

    assert uncovered(MATRIX, company, [*urls.urlpatterns, *api_urls.urlpatterns]) == []


def test_no_form_or_filter_offers_a_secretary_another_branch(client_as, company):
    assert stray_choices(client_as, company, MATRIX) == []
