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


# ---------------------------------------------------------------- every upload endpoint refuses active content

ACTIVE_CONTENT = {
    "页面.html": b"<html><body><script>alert(document.cookie)</script></body></html>",
    "图标.svg": b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>',
    "花名册.xlsx": "<html><body><table><tr><td>姓名</td></tr><tr><td><script>alert(1)</script></td></tr></table>"
    "</body></html>".encode(),
}


def _upload_forms():
    """Every form class of the project with a file field (a new upload page declares one)."""
    import contextlib
    import importlib

    from django import forms
    from django.apps import apps

    for config in apps.get_app_configs():
        if config.name.startswith("vanguard."):
            for module in ("forms", "admin", "views"):
                with contextlib.suppress(ModuleNotFoundError):
                    importlib.import_module(f"{config.name}.{module}")

    def walk(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from walk(sub)

    return {
        cls
        for cls in walk(forms.BaseForm)
        if cls.__module__.startswith("vanguard.")
        and any(isinstance(f, forms.FileField) for f in cls.base_fields.values())
    }


def _upload_routes():
    """URL names of the pages whose view binds one of the upload forms to the posted files (from its source)."""
    import inspect

    forms_by_name = {cls.__name__: cls for cls in _upload_forms()}
    found = {}

    def walk(resolver):
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                if not str(pattern.pattern).startswith(("django-admin/", "api/")):
                    yield from walk(pattern)
            elif pattern.name:
                yield pattern

    for pattern in walk(get_resolver()):
        try:
            source = inspect.getsource(pattern.callback)
        except (OSError, TypeError):
            continue
        for name in forms_by_name:
            if f"{name}(" in source and "request.FILES" in source:  # a page that only shows the form aside
                found[pattern.name] = name
    return found


def _probes(company):
    from vanguard.campaigns.models import Campaign, Target
    from vanguard.projects.choices import ACTIVE_STATUSES
    from vanguard.projects.models import Project

    dangyuan = company.users["dangyuan"].person
    target = Target.objects.filter(owner_person=dangyuan, numchild=0, campaign__status="active").first()
    project = Project.objects.restrict(company.users["shuji"], "change").filter(status__in=ACTIVE_STATUSES).first()
    campaign = Campaign.objects.restrict(company.users["dangwei"], "change").filter(status="active").first()
    meeting = _meeting_of(company.users["shuji"])
    return {
        "report-create": ("dangyuan", f"/campaigns/targets/{target.pk}/report/", "files",
                          {"period": "2026-05-31", "value": "1"}),
        "meeting-attachment": ("shuji", f"/orglife/meetings/{meeting.pk}/attachments/", "file", {}),
        "project-log": ("shuji", f"/projects/{project.pk}/logs/", "attachment",
                        {"date": "2026-06-01", "content": "攻关", "version": project.version}),
        "project-import": ("shuji", "/projects/import/", "file", {}),
        "roster-import": ("shuji", reverse_url("roster-import"), "file", {}),
        "training-import": ("shuji", "/orglife/training/import/", "file", {}),
        "target-import": ("dangwei", f"/campaigns/{campaign.pk}/targets/import/", "file", {}),
        "admin:core_documenttemplate_add": ("admin", reverse_url("admin:core_documenttemplate_add"), "file",
                                            {"kind": "orglife.meeting_record", "note": "", "active": "on"}),
        "api-project-log": ("shuji", "/api/v1/project-logs/", "attachment",
                            {"project": project.pk, "date": "2026-06-01", "content": "攻关"}),
        "suggestion-create": ("zhigong", "/voices/suggestions/new/", "attachments", _suggestion_text()),
        "suggestion-attach": ("zhigong", f"/voices/suggestions/{_own_suggestion(company).pk}/attach/", "attachments", {}),
        "suggestion-import": ("dangwei", "/voices/suggestions/import/", "file", {}),
        "indicator-import": ("dangwei", "/indicators/values/import/", "file", {}),
        "indicator-targets-import": ("dangwei", "/indicators/targets/import/", "file", {}),
    }  # fmt: skip


def _suggestion_text():
    return {"title": "空压机管路查漏", "content": "空压站管路多处漏气,建议每周巡检消漏。", "category": "cost"}


def _own_suggestion(company):
    from vanguard.voices.services.suggestions import suggestion_submit

    return suggestion_submit(actor=company.users["zhigong"], **_suggestion_text())


def reverse_url(name):
    from django.urls import reverse

    return reverse(name)


def test_every_upload_page_is_probed(company):
    routes = _upload_routes()
    assert {"report-create", "meeting-attachment", "training-import", "project-log"} <= set(routes)
    assert set(routes) - set(PROBED) == set(), "an upload page without a probe in _probes"


PROBED = ["report-create", "meeting-attachment", "project-log", "project-import", "roster-import",
          "training-import", "target-import", "admin:core_documenttemplate_add", "api-project-log",
          "suggestion-create", "suggestion-attach", "suggestion-import", "indicator-import",
          "indicator-targets-import"]  # fmt: skip


@pytest.mark.parametrize(("endpoint", "filename"), [(e, f) for e in PROBED for f in sorted(ACTIVE_CONTENT)])
def test_every_upload_endpoint_refuses_active_content_and_stores_nothing(
    client_as, api_as, company, settings, tmp_path, endpoint, filename
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from vanguard.core.testing import database_fingerprint, fingerprint_changes

    settings.MEDIA_ROOT = tmp_path / "media"
    persona, url, field, data = _probes(company)[endpoint]
    api = endpoint.startswith("api-")
    client = api_as(persona) if api else client_as(persona)
    before = database_fingerprint()
    upload = SimpleUploadedFile(filename, ACTIVE_CONTENT[filename])
    response = client.post(url, {**data, field: upload}, follow=not api)
    assert fingerprint_changes(before, database_fingerprint()) == []
    assert not settings.MEDIA_ROOT.exists() or not [p for p in settings.MEDIA_ROOT.rglob("*") if p.is_file()]
    page = response.content.decode(errors="replace")
    shown = filename in page or "errornote" in page or "errorlist" in page or "alert-danger" in page
    assert response.status_code == 400 or (response.status_code == 200 and shown), page[:500]
