"""What a page sends the browser: no inline script anywhere, a Content-Security-Policy on every response,
and no traceback for a client that is not on this machine."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.http import HttpResponse
from django.test import Client
from django.urls import path

APP_ROOT = Path(settings.BASE_DIR) / "vanguard"
# An inline handler or a javascript: URL runs text the page wrote; a <script> without src is inline too.
INLINE_SCRIPT = re.compile(r"""\son[a-z]+\s*=|hx-on|javascript:|<script(?![^>]*\ssrc=)""", re.IGNORECASE)


def test_no_template_writes_inline_script():
    found = []
    for template in sorted(APP_ROOT.glob("**/templates/**/*.html")):
        for number, line in enumerate(template.read_text().splitlines(), 1):
            if INLINE_SCRIPT.search(line):
                found.append(f"{template.relative_to(APP_ROOT)}:{number}: {line.strip()[:100]}")
    assert not found, "行内脚本(改用 vanguard.js 的 data- 属性):\n" + "\n".join(found)


# ---------------------------------------------------------------- Content-Security-Policy

POLICY = "; ".join(f"{name} {' '.join(sources)}" for name, sources in settings.CONTENT_SECURITY_POLICY.items())


def test_the_policy_allows_script_from_our_own_files_only():
    assert "script-src 'self';" in POLICY and "unsafe-eval" not in POLICY
    assert "object-src 'none'" in POLICY and "frame-ancestors 'none'" in POLICY and "form-action 'self'" in POLICY


def test_every_page_carries_the_policy(client_as, company):
    from vanguard.campaigns.models import Campaign
    from vanguard.core.tests.test_security import _page_urls

    client = client_as("admin")
    campaign = Campaign.objects.order_by("pk").first()
    urls = [*_page_urls(), f"/campaigns/{campaign.pk}/", f"/campaigns/{campaign.pk}/tree/"]
    urls += ["/api/v1/docs/", "/api/v1/docs/?script=", "/api/v1/schema/", "/no-such-page/"]
    missing = [(url, r.status_code) for url in urls if (r := client.get(url)).get("Content-Security-Policy") != POLICY]
    assert not missing
    assert Client().get("/accounts/login/")["Content-Security-Policy"] == POLICY


def test_a_response_with_a_policy_of_its_own_keeps_it(rf):
    from vanguard.core.middleware import ContentSecurityPolicyMiddleware

    def download(request):
        response = HttpResponse(b"%PDF-1.7")
        response["Content-Security-Policy"] = "sandbox; default-src 'none'"
        return response

    response = ContentSecurityPolicyMiddleware(download)(rf.get("/"))
    assert response["Content-Security-Policy"] == "sandbox; default-src 'none'"


# ---------------------------------------------------------------- tracebacks


def boom(request):
    raise ZeroDivisionError("secret-detail")


def suspicious(request):
    raise SuspiciousOperation("secret-detail")


urlpatterns = [path("api/boom/", boom), path("api/suspicious/", suspicious)]
ELSEWHERE = ({"REMOTE_ADDR": "192.0.2.7"}, {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "192.0.2.7"})


def _get(url, accept="text/html", **meta):
    return Client(raise_request_exception=False).get(url, HTTP_ACCEPT=accept, **meta)


@pytest.mark.urls(__name__)
@pytest.mark.parametrize("meta", ELSEWHERE)
@pytest.mark.parametrize("accept", ["text/html", "application/json"])
def test_with_debug_on_a_client_elsewhere_gets_the_plain_error_page(db, settings, meta, accept):
    settings.DEBUG = True
    response = _get("/api/boom/", accept, **meta)
    body = response.content.decode()
    assert response.status_code == 500
    assert "服务器出错 (500)" in body
    assert "secret-detail" not in body and "Traceback" not in body and "SECRET_KEY" not in body
    response = _get("/api/suspicious/", accept, **meta)
    assert response.status_code == 400 and "secret-detail" not in response.content.decode()


@pytest.mark.urls(__name__)
@pytest.mark.parametrize("meta", ELSEWHERE)
def test_with_debug_on_a_client_elsewhere_gets_the_plain_not_found_page(db, settings, meta):
    settings.DEBUG = True
    response = _get("/api/no-such-page/", **meta)
    body = response.content.decode()
    assert response.status_code == 404
    assert "api/boom/" not in body and "DEBUG" not in body and "URLconf" not in body  # no URL list
    assert "页面不存在 (404)" in body
    local = _get("/api/no-such-page/", REMOTE_ADDR="127.0.0.1")
    assert local.status_code == 404 and "api/boom/" in local.content.decode()  # this machine still sees it


@pytest.mark.urls(__name__)
def test_with_debug_on_this_machine_still_gets_the_traceback(db, settings):
    settings.DEBUG = True
    response = _get("/api/boom/", REMOTE_ADDR="127.0.0.1")
    assert response.status_code == 500 and "secret-detail" in response.content.decode()
    assert "Content-Security-Policy" not in response  # the traceback page's toggles are inline script


@pytest.mark.urls(__name__)
def test_with_debug_off_nobody_gets_the_traceback(db):
    response = _get("/api/boom/", REMOTE_ADDR="127.0.0.1")
    assert response.status_code == 500 and "secret-detail" not in response.content.decode()
