"""The API docs page renders in a browser from the server's own assets (intranet deployments are offline)."""

import pytest

from vanguard.core.tests.browser import *  # noqa: F403


@pytest.mark.browser
def test_docs_page_renders_with_local_assets_only(open_page):
    page = open_page()  # fails on any request to another host
    page.goto("/api/v1/docs/")
    page.wait_for_selector(
        "#operations-tag-auth"
    )  # the first tags; swagger-ui renders the rest as they scroll into view
    assert page.title() == "Vanguard API"
    assert page.locator(".opblock-summary-path", has_text="/api/v1/auth/token/").count() == 1
