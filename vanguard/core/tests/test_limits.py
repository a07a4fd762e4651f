"""What people type is bounded: text lengths, request bodies, plausible dates, names without invisible characters."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from vanguard.campaigns.tests import conftest as campaigns_fixtures
from vanguard.core.limits import LIFE_DATE, NARRATIVE_MAX, WORK_DATE, clean_name, strip_invisible
from vanguard.core.tabular import text_cell
from vanguard.core.testing import database_fingerprint, fingerprint_changes
from vanguard.orglife.tests import conftest as orglife_fixtures

pytestmark = pytest.mark.django_db
demo, life = campaigns_fixtures.demo, orglife_fixtures.life  # the apps' handles on the demo company

# A right-to-left override makes "张三\u202e1cod.exe" read as "张三exe.doc1"; zero-width ones make two names differ.
SPOOFED = "\u200b张\u200d三\u202e\u2066\ufeff "


def _refused(response, text):
    """Whether ``response`` is a 400 whose body says ``text`` somewhere."""
    return response.status_code == 400 and text in str(response.json())


def test_invisible_and_direction_characters_are_stripped_by_the_one_helper():
    assert strip_invisible("轧\u202a管\u202b厂\u202c\u202d\u2067\u2068\u2069") == "轧管厂"
    assert clean_name(SPOOFED) == "张三"
    assert text_cell(SPOOFED) == "张三"  # table cells read by imports use the same list


@pytest.mark.parametrize("day", [date(1, 1, 1), date(9999, 12, 31), date(1899, 12, 31)])
def test_a_date_of_birth_outside_1900_to_today_is_refused(day):
    with pytest.raises(ValidationError, match="不在合理范围内"):
        LIFE_DATE(day)


def test_work_dates_run_from_2000_to_five_years_ahead():
    today = timezone.localdate()
    WORK_DATE(date(2000, 1, 1))
    WORK_DATE(today.replace(year=today.year + 5))
    for day in (date(1999, 12, 31), today.replace(year=today.year + 6), date(9999, 12, 31)):
        with pytest.raises(ValidationError, match="不在合理范围内"):
            WORK_DATE(day)


# ---------------------------------------------------------------- text lengths


def test_a_narrative_past_the_limit_is_a_400_through_the_api_and_stores_nothing(api_as, demo):
    client = api_as("dangyuan")
    before = database_fingerprint()
    response = client.post(
        "/api/v1/progress-reports/",
        {"target": demo.dangyuan_target.pk, "period": timezone.localdate().isoformat(), "value": "1",
         "narrative": "进" * (NARRATIVE_MAX + 1)},
        format="json",
    )  # fmt: skip
    assert _refused(response, "20000"), response.content
    assert fingerprint_changes(before, database_fingerprint()) == []


def test_a_service_refuses_a_text_past_the_limit_and_stores_nothing(company, demo):
    from vanguard.campaigns import services

    before = database_fingerprint()
    with pytest.raises(ValidationError) as refused:
        services.report_submit(
            actor=company.users["dangyuan"], target=demo.dangyuan_target, period=timezone.localdate(), value="1",
            narrative="进" * (NARRATIVE_MAX + 1),
        )  # fmt: skip
    assert "工作进展最多 20,000 个字" in str(refused.value.message_dict["narrative"])
    assert fingerprint_changes(before, database_fingerprint()) == []


def test_an_update_through_a_service_is_bounded_too(company, life):
    from vanguard.orglife import services

    meeting = life.branch_meeting
    before = database_fingerprint()
    with pytest.raises(ValidationError) as refused:
        services.meeting_update(
            actor=company.users["shuji"],
            meeting=meeting,
            data={"topics": "议" * 2001},
            expected_version=meeting.version,
        )
    assert "议题最多 2,000 个字" in str(refused.value.message_dict["topics"])
    assert fingerprint_changes(before, database_fingerprint()) == []


def test_the_meeting_form_says_the_limit_and_stores_nothing(client_as, company):
    client = client_as("shuji")
    before = database_fingerprint()
    response = client.post(
        "/orglife/meetings/new/",
        {"org": company.branch.pk, "kind": "committee", "form": "plain", "title": "研究工作",
         "date": "2026-06-01", "topics": "议" * 2001},
    )  # fmt: skip
    assert response.status_code == 200 and "2000" in response.content.decode().replace(",", "")
    assert fingerprint_changes(before, database_fingerprint()) == []


def test_a_page_body_past_the_limit_is_refused(client_as, company, settings):
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE <= 3 * 1024 * 1024
    client = client_as("shuji")
    before = database_fingerprint()
    response = client.post(
        "/orglife/meetings/new/",
        {"org": company.branch.pk, "kind": "committee", "title": "研究工作", "date": "2026-06-01",
         "minutes": "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)},
    )  # fmt: skip
    assert response.status_code == 400
    assert fingerprint_changes(before, database_fingerprint()) == []


def test_uploads_up_to_their_own_limit_still_pass_the_body_limit(settings):
    assert settings.UPLOAD_MAX_BYTES > settings.DATA_UPLOAD_MAX_MEMORY_SIZE  # files are not counted in it


# ---------------------------------------------------------------- dates


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_a_meeting_date_outside_the_plausible_range_is_a_400(api_as, company, day):
    client = api_as("shuji")
    before = database_fingerprint()
    response = client.post(
        "/api/v1/meetings/",
        {"org": company.branch.pk, "kind": "committee", "title": "研究工作", "date": day},
        format="json",
    )
    assert _refused(response, "不在合理范围内"), response.content
    assert fingerprint_changes(before, database_fingerprint()) == []


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_a_planned_meeting_on_the_page_outside_the_range_is_refused(client_as, company, day):
    client = client_as("shuji")
    before = database_fingerprint()
    response = client.post(
        "/orglife/meetings/new/",
        {"org": company.branch.pk, "kind": "committee", "form": "plain", "title": "研究工作", "date": day},
    )
    assert response.status_code == 200 and "不在合理范围内" in response.content.decode()
    assert fingerprint_changes(before, database_fingerprint()) == []


@pytest.mark.parametrize("day", ["0001-01-01", "1899-12-31"])
def test_a_birth_date_outside_the_range_is_a_400(api_as, company, day):
    person = company.users["dangyuan"].person
    client = api_as("shuji")
    before = database_fingerprint()
    response = client.patch(
        f"/api/v1/people/{person.pk}/", {"birth_date": day, "version": person.version}, format="json"
    )
    assert _refused(response, "不在合理范围内"), response.content
    assert fingerprint_changes(before, database_fingerprint()) == []


def test_a_campaign_ending_in_9999_is_refused_by_the_service(company, demo):
    from vanguard.campaigns import services

    before = database_fingerprint()
    with pytest.raises(ValidationError, match="结束日期 9999-12-31 不在合理范围内"):
        services.campaign_update(
            actor=company.users["dangwei"], campaign=demo.cost, data={"ends_on": date(9999, 12, 31)},
            expected_version=demo.cost.version,
        )  # fmt: skip
    assert fingerprint_changes(before, database_fingerprint()) == []


# ---------------------------------------------------------------- names


def test_a_person_renamed_through_the_api_loses_invisible_characters(api_as, company):
    person = company.users["dangyuan"].person
    response = api_as("shuji").patch(
        f"/api/v1/people/{person.pk}/",
        {"name": "\u200b张\u200d三\u202e丰\ufeff", "version": person.version},
        format="json",
    )
    assert response.status_code == 200, response.content
    person.refresh_from_db()
    assert person.name == "张三丰" and person.name_pinyin == "zhangsanfeng"


def test_a_meeting_title_typed_on_the_page_loses_invisible_characters(client_as, company):
    from vanguard.orglife.models import Meeting

    client_as("shuji").post(
        "/orglife/meetings/new/",
        {"org": company.branch.pk, "kind": "committee", "form": "plain", "title": "研究\u202e工作\u200b",
         "date": "2026-07-01"},
    )  # fmt: skip
    assert Meeting.objects.filter(org=company.branch, date=date(2026, 7, 1), title="研究工作").exists()


def test_a_name_of_invisible_characters_only_is_refused_by_the_service(company):
    from vanguard.org import services
    from vanguard.org.models import Unit

    plant = Unit.objects.filter(kind="plant").first()
    before = database_fingerprint()
    with pytest.raises(ValidationError):
        services.unit_create(actor=company.users["admin"], parent=plant, name="\u200b\u202e", kind="area")
    assert fingerprint_changes(before, database_fingerprint()) == []
