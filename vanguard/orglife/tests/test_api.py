"""The API: scoped lists, writes through the services with Chinese errors, constant query counts."""

from datetime import timedelta

import pytest
from django.utils import timezone

from vanguard.core.testing import page_queries
from vanguard.orglife.models import Attendance, Meeting
from vanguard.orglife.selectors import person_hours

from .conftest import free_day

pytestmark = pytest.mark.django_db


def test_a_secretary_records_a_meeting_and_its_attendance(api_as, company, life):
    api = api_as("shuji")
    day = free_day(company.branch, "committee")
    response = api.post(
        "/api/v1/meetings/",
        {"org": company.branch.pk, "kind": "committee", "title": "研究工作", "date": day.isoformat(), "held": True},
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "held" and body["class_hours"] == "1.0"
    before = person_hours(person_id=life.dangyuan.pk, year=day.year).total
    response = api.post(
        f"/api/v1/meetings/{body['id']}/attendance/",
        {"marks": {str(life.shuji.pk): "present", str(life.dangyuan.pk): "present"}},
        format="json",
    )
    assert response.status_code == 200 and response.json()["guests"] == 1
    assert person_hours(person_id=life.dangyuan.pk, year=day.year).total == before + 1
    rows = api.get(f"/api/v1/attendances/?meeting={body['id']}").json()["results"]
    assert {(r["person"], r["is_guest"]) for r in rows} == {(life.shuji.pk, False), (life.dangyuan.pk, True)}


def test_bad_input_gets_chinese_messages_and_writes_nothing(api_as, company, life):
    api = api_as("shuji")
    count = Meeting.objects.count()
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = api.post(
        "/api/v1/meetings/",
        {"org": company.branch.pk, "kind": "general", "title": "大会", "date": tomorrow, "held": True},
        format="json",
    )
    assert response.status_code == 400 and "不能晚于今天" in str(response.json())
    existing = life.branch_meeting
    response = api.post(
        "/api/v1/meetings/",
        {
            "org": company.branch.pk,
            "kind": existing.kind,
            "title": "重复",
            "date": existing.date.isoformat(),
            "held": True,
        },
        format="json",
    )
    assert response.status_code == 400 and "请勿重复登记" in str(response.json())
    assert Meeting.objects.count() == count
    response = api.post(
        "/api/v1/training-records/",
        {"person": life.dangyuan.pk, "title": "网课", "date": timezone.localdate().isoformat(), "hours": "999"},
        format="json",
    )
    assert response.status_code == 400 and "学时应在 0.5 到 200 之间" in str(response.json())
    response = api.post(
        f"/api/v1/meetings/{existing.pk}/attendance/", {"marks": {str(life.dangyuan.pk): "sleeping"}}, format="json"
    )
    assert response.status_code == 400
    assert Attendance.objects.get(meeting=existing, person=life.dangyuan).status != "sleeping"


def test_minutes_through_the_api_are_sanitised(api_as, life):
    response = api_as("shuji").post(
        f"/api/v1/meetings/{life.branch_meeting.pk}/minutes/",
        {"minutes": "<p>一、学习</p><img src=x onerror=alert(1)>", "version": life.branch_meeting.version},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["minutes"] == "<p>一、学习</p>"
    assert response.json()["status"] == "recorded"


def test_the_member_sees_only_her_meetings_and_reviews(api_as, company, life):
    api = api_as("dangyuan")
    meetings = api.get("/api/v1/meetings/?page_size=500").json()
    attended = set(Attendance.objects.filter(person=life.dangyuan).values_list("meeting_id", flat=True))
    assert meetings["count"] == len(attended)
    reviews = api.get("/api/v1/reviews/").json()["results"]
    assert reviews and {r["person"] for r in reviews} == {life.dangyuan.pk}
    assert api.get(f"/api/v1/meetings/{life.other_meeting.pk}/").status_code == 404


def test_the_compliance_endpoint_reports_the_missed_quarter(api_as, company, life):
    year = timezone.localdate().year - 1
    body = api_as("dangwei").get(f"/api/v1/compliance/?year={year}&rule={life.general_rule.pk}").json()
    row = next(r for r in body["results"] if r["org"] == company.other_branch.pk)
    assert [c["status"] for c in row["cells"]][1] == "missed"
    assert api_as("shuji").get(f"/api/v1/compliance/?org={company.other_branch.pk}").status_code == 404


def test_the_compliance_endpoint_refuses_a_year_the_calendar_cannot_hold(api_as, company):
    api = api_as("dangwei")
    for year in (878463, 0, -1, 1999, timezone.localdate().year + 2):
        response = api.get(f"/api/v1/compliance/?year={year}")
        assert response.status_code == 400 and "year" in response.json(), year
    assert api.get("/api/v1/compliance/?year=²").status_code == 404


@pytest.mark.parametrize("endpoint", ["meetings", "attendances", "reviews", "training-records", "field-days"])
def test_lists_take_a_constant_number_of_queries(api_as, endpoint):
    api = api_as("dangwei")
    api.get(f"/api/v1/{endpoint}/")
    small, _ = page_queries(api, f"/api/v1/{endpoint}/?page_size=5")
    large, _ = page_queries(api, f"/api/v1/{endpoint}/?page_size=100")
    assert small == large <= 8


def test_a_grade_code_with_a_nul_byte_is_an_unknown_grade_and_writes_nothing(api_as, company, life):
    from vanguard.core.testing import database_fingerprint
    from vanguard.orglife.tests.test_permissions import last_month

    before = database_fingerprint()
    data = {"person": life.dangyuan.pk, "org": company.branch.pk, "month": last_month(), "grade": "pra\x00ise"}
    response = api_as("shuji").post("/api/v1/reviews/", data, format="json")
    assert response.status_code == 400 and "grade" in response.json()
    assert database_fingerprint() == before
