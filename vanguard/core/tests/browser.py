"""Fixtures for browser tests: Playwright driving the system Chromium against the live server.

Import them into a test module (``from vanguard.core.tests.browser import *``) and
mark the tests ``@pytest.mark.browser``. Without ``/usr/bin/chromium`` the tests skip,
except when ``VANGUARD_REQUIRE_BROWSER=1`` (CI), where they fail instead.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest

CHROMIUM = os.environ.get("VANGUARD_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]  # fmt: skip
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}

__all__ = ["DESKTOP", "PHONE", "login"]


def _unavailable(reason):
    if os.environ.get("VANGUARD_REQUIRE_BROWSER") == "1":
        pytest.fail(f"浏览器测试无法运行:{reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        _unavailable(f"{CHROMIUM} not installed")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - playwright is pinned in requirements.txt
        _unavailable("playwright not installed")
    # Playwright's sync API keeps an event loop in this thread; the ORM calls made by
    # the tests themselves are still plain synchronous calls.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def open_page(browser, live_server, seeded_transactional_db):
    """``open_page(viewport=DESKTOP)``: a fresh page that may only talk to the live server.

    Requests to any other host are blocked and recorded, as are JavaScript errors and what the
    Content-Security-Policy blocked; both lists must stay empty.
    """
    contexts = []
    foreign, errors = [], []
    own_host = urlsplit(live_server.url).netloc

    def block_foreign(route):
        if urlsplit(route.request.url).netloc == own_host:
            route.continue_()
        else:
            foreign.append(route.request.url)
            route.abort()

    def make(viewport=DESKTOP):
        context = browser.new_context(viewport=viewport, locale="zh-CN", base_url=live_server.url)
        context.set_default_timeout(10_000)
        context.route("**/*", block_foreign)
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        # The browser reports what the page's Content-Security-Policy blocked on the console.
        page.on("console", lambda m: "Content Security Policy" in m.text and errors.append(m.text))
        return page

    yield make
    # Let every page finish what it still loads: the live server shares the test's database
    # connection, and emptying the tables under a request still running breaks the teardown.
    for context in contexts:
        for page in context.pages:
            page.wait_for_load_state("networkidle")
        context.close()
    assert not foreign, f"页面请求了外部地址:{foreign}"
    assert not errors, f"页面脚本出错:{errors}"


def login(page, username, password="vanguard-demo"):
    """Sign in through the login form, as a user would."""
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
    return page
