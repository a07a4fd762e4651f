"""Probes an attacker would send, kept in the suite so that the classes of attack stay closed."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from vanguard.campaigns.models import Campaign
from vanguard.core.numbers import parse_id

# Digits that ``str.isdigit`` accepts but ``int()`` refuses, and digits int() reads but an id never has.
NOT_IDS = ["₁", "²", "１", "٣", "1e3", "-1", "0", " ", "9" * 30]
ID_PARAMETERS = ["parent", "campaign", "org", "task", "target", "person", "branch", "rule", "cell", "page", "year"]


@pytest.mark.parametrize("text", NOT_IDS)
def test_only_plain_ascii_digits_read_as_an_id(text):
    assert parse_id(text) is None


@pytest.mark.parametrize(("text", "expected"), [("1", 1), ("42", 42), (" 7 ", 7), (12, 12)])
def test_plain_digits_read_as_an_id(text, expected):
    assert parse_id(text) == expected


def _page_urls():
    """Every page of the site that takes no path argument (the admin and the API aside)."""

    def walk(resolver, prefix):
        for pattern in resolver.url_patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                yield from walk(pattern, route)
            elif (
                isinstance(pattern, URLPattern) and "<" not in route and not route.startswith(("api/", "django-admin/"))
            ):
                yield "/" + route

    return sorted(set(walk(get_resolver(), "")) - {"/accounts/logout/"})


@pytest.mark.parametrize("persona", ["admin", "shuji"])
def test_no_page_answers_500_to_an_id_that_is_not_plain_digits(client_as, company, persona):
    client = client_as(persona)
    campaign = Campaign.objects.order_by("pk").first()
    urls = [*_page_urls(), f"/campaigns/{campaign.pk}/tree/", f"/campaigns/{campaign.pk}/commitments/"]
    failures = []
    for url in urls:
        for text in ("₁", "²"):
            query = {name: text for name in ID_PARAMETERS}
            response = client.get(url, query)
            if response.status_code >= 500:
                failures.append((url, text, response.status_code))
    for text in ("₁", "²"):
        if (status := client.get(f"/audit/org.person/{text}/").status_code) != 404:
            failures.append(("/audit/org.person/", text, status))
    assert not failures


def test_a_deeply_nested_json_body_is_a_400_and_stores_nothing(api_as, company):
    from vanguard.core.testing import database_fingerprint

    api = api_as("shuji")
    before = database_fingerprint()
    body = '{"title": ' + "[" * 100_000 + "]" * 100_000 + "}"
    response = api.generic("POST", "/api/v1/meetings/", body, content_type="application/json")
    assert response.status_code == 400
    assert "嵌套" in response.json()["detail"]
    assert database_fingerprint() == before


def test_a_json_body_past_the_limit_is_refused_before_it_is_read(api_as, company, settings):
    from vanguard.core.testing import database_fingerprint

    api = api_as("shuji")
    before = database_fingerprint()
    body = '{"title": "' + "长" * (settings.API_MAX_BODY_BYTES // 3 + 1) + '"}'
    response = api.generic("POST", "/api/v1/meetings/", body.encode(), content_type="application/json")
    assert response.status_code == 413
    assert "请求内容过大" in response.json()["detail"]
    assert database_fingerprint() == before


# ---------------------------------------------------------------- uploaded files


def _meeting_of(user):
    from vanguard.orglife.models import Meeting

    return Meeting.objects.restrict(user, "change").order_by("-date").first()


def test_a_page_disguised_as_a_photo_is_refused_and_nothing_is_kept(client_as, company):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from vanguard.core.testing import database_fingerprint

    meeting = _meeting_of(company.users["shuji"])
    before = database_fingerprint()
    page = SimpleUploadedFile("签到表.png", b"<html><script>alert(document.cookie)</script></html>")
    response = client_as("shuji").post(f"/orglife/meetings/{meeting.pk}/attachments/", {"file": page}, follow=True)
    assert "内容与扩展名 .png 不符" in response.content.decode()
    assert database_fingerprint() == before


def test_stored_files_are_served_through_the_scope_as_attachments_or_passive_inline(client_as, company, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from vanguard.orglife import services

    settings.MEDIA_ROOT = settings.MEDIA_ROOT / "security"
    shuji = company.users["shuji"]
    meeting = _meeting_of(shuji)
    png = services.attachment_add(
        actor=shuji, meeting=meeting, file=SimpleUploadedFile("签到.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 32)
    )
    zipped = services.attachment_add(
        actor=shuji, meeting=meeting, file=SimpleUploadedFile("材料.zip", b"PK\x03\x04" + b"\x00" * 32)
    )
    client = client_as("shuji")
    page = client.get(f"/orglife/meetings/{meeting.pk}/").content.decode()
    assert f"/orglife/attachments/{png.pk}/" in page and "/media/" not in page
    shown = client.get(f"/orglife/attachments/{png.pk}/")
    assert shown["Content-Type"] == "image/png" and shown["Content-Disposition"].startswith("inline")
    assert shown["X-Content-Type-Options"] == "nosniff" and "sandbox" in shown["Content-Security-Policy"]
    kept = client.get(f"/orglife/attachments/{zipped.pk}/")
    assert kept["Content-Type"] == "application/octet-stream" and kept["Content-Disposition"].startswith("attachment")
    assert client_as("zhigong").get(f"/orglife/attachments/{png.pk}/").status_code == 404


def test_behind_nginx_the_web_server_sends_the_file_after_the_check(client_as, company, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from vanguard.orglife import services

    settings.MEDIA_ROOT = settings.MEDIA_ROOT / "security"
    settings.FILE_ACCEL_PREFIX = "/protected/"
    shuji = company.users["shuji"]
    pdf = services.attachment_add(
        actor=shuji, meeting=_meeting_of(shuji), file=SimpleUploadedFile("记录.pdf", b"%PDF-1.4\n%test")
    )
    response = client_as("shuji").get(f"/orglife/attachments/{pdf.pk}/")
    assert response["X-Accel-Redirect"].startswith("/protected/orglife/meetings/")
    assert response["Content-Type"] == "application/pdf" and not response.content
