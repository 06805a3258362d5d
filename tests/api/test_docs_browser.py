"""The API's docs page (Swagger UI) renders under the public Content-Security-Policy, with no violation."""

import pytest

from tests.portal.test_browser import browser, site  # noqa: F401 (fixtures)
from tests.portal.test_browser_csp import violations, watch

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_docs_page_lists_the_endpoints_without_a_csp_violation(live_server, site, browser):  # noqa: F811
    context = browser.new_context()
    problems = watch(context)
    page = context.new_page()
    response = page.goto(live_server.url + "/api/v1/docs/")
    assert response.status == 200
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.locator(".opblock-summary-path", has_text="/api/v1/portals/{portal}/documents/").first.wait_for()
    page.locator(".opblock-summary-path", has_text="/api/v1/portals/{portal}/questions/").first.click()
    page.get_by_text("Published questions and answers, newest first").first.wait_for()
    assert violations(page) + problems == []
    context.close()
