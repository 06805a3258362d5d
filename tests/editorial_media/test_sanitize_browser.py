"""The sanitised payloads loaded into a real Chromium: no script runs, nothing is fetched from other hosts."""

from urllib.parse import urlsplit

import pytest

from editorial.sanitize import sanitize_html
from tests.conftest import chromium_path
from tests.editorial_media.test_sanitize import XSS_PAYLOADS

ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ALLOWED_HOSTS = {"www.youtube.com", "youtube.com", "www.youtube-nocookie.com"}


@pytest.fixture(autouse=True)
def _async_unsafe_allowed(monkeypatch):
    # Playwright's sync API runs an event loop. Set per test, not at import: a module-level os.environ change would
    # leak into later subprocesses (`check --deploy` fails with async.E001).
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def run_in_chromium(body):
    """Load `body` in a page, hover and focus every element; return (dialogs shown, foreign hosts requested)."""
    from playwright.sync_api import sync_playwright

    dialogs, foreign = [], set()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=ARGS)
        try:
            page = browser.new_page()
            page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))

            def record(route):
                host = urlsplit(route.request.url).hostname or ""
                if host and host != "portal.test" and host not in ALLOWED_HOSTS:
                    foreign.add(host)
                if route.request.url == "https://portal.test/":
                    route.fulfill(status=200, content_type="text/html; charset=utf-8", body=body)
                else:
                    route.abort()

            page.route("**/*", record)
            page.goto("https://portal.test/")
            page.evaluate(
                """() => { for (const el of document.querySelectorAll('body *')) {
                    for (const type of ['mouseover', 'mouseenter', 'focus', 'toggle', 'load', 'error']) {
                        el.dispatchEvent(new Event(type));
                    }
                    if (el.focus) el.focus();
                } }"""
            )
            page.wait_for_timeout(300)
        finally:
            browser.close()
    return dialogs, foreign


def document(fragments):
    return "<!doctype html><html lang='vi'><meta charset='utf-8'><title>t</title><body>" + "".join(fragments)


@pytest.mark.browser
def test_the_harness_sees_an_unsanitised_payload_run():
    dialogs, foreign = run_in_chromium(
        document(
            [
                '<img src="/x.png" onerror="alert(\'error\')">',
                "<p onmouseover=\"alert('hover')\">di chuột</p>",
                '<img src="https://evil.example/t.gif">',
            ]
        )
    )
    assert set(dialogs) == {"error", "hover"}
    assert foreign == {"evil.example"}


@pytest.mark.browser
def test_no_sanitised_payload_runs_or_fetches_from_another_host_in_chromium():
    fragments = [f"<section>{sanitize_html(payload)}</section>" for payload in XSS_PAYLOADS]
    dialogs, foreign = run_in_chromium(document(fragments))
    assert dialogs == []
    assert foreign == set()
