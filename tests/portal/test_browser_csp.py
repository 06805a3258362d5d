"""The strict Content-Security-Policy breaks nothing a citizen uses (issue #12, decision 0732).

One Chromium context walks the public page types with the real headers; any `securitypolicyviolation` event or
CSP/Permissions-Policy message in the console fails the test, and the script-driven features are used on the way.
"""

import pytest

from tests.portal.test_browser import _pages, browser, site  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Registered through the DevTools protocol before any page script: not itself subject to the page's CSP.
WATCH = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.__cspViolations.push(event.violatedDirective + " " + (event.blockedURI || "inline") + " " +
    (event.sourceFile || "") + ":" + event.lineNumber);
});
"""
CONSOLE_SIGNS = ("Content Security Policy", "Content-Security-Policy", "Permissions-Policy", "Permissions Policy")


def watch(context):
    problems = []
    context.add_init_script(WATCH)
    context.on(
        "console",
        lambda message: (
            problems.append(f"console {message.type}: {message.text}")
            if any(sign in message.text for sign in CONSOLE_SIGNS)
            else None
        ),
    )
    return problems


def violations(page):
    return page.evaluate("() => window.__cspViolations")


def test_public_pages_raise_no_csp_violation_and_their_scripts_still_work(live_server, site, browser, settings):  # noqa: F811
    # The operator's EMC monitoring snippet is inline: it runs by its hash (portal.csp), on every page.
    settings.EMC_TRACKING_CODE_HTML = '<script>window.__emc = "ok";</script>'
    context = browser.new_context(viewport={"width": 375, "height": 812})
    problems = watch(context)
    page = context.new_page()
    pages = {**_pages(site), "article-print": site["article"].get_absolute_url().replace(".html", "/ban-in.html")}
    failures = {}
    for name, path in pages.items():
        response = page.goto(live_server.url + path)
        assert response.status == 200, (name, response.status)
        assert "script-src 'self'" in response.headers["content-security-policy"], name
        page.wait_for_load_state("load")
        found = violations(page) + problems
        if page.evaluate("() => window.__emc") != "ok" and name != "article-print":
            found.append("the EMC snippet did not run")
        problems.clear()
        if found:
            failures[name] = found
    assert failures == {}
    assert len(pages) >= 10

    # What used to be (or could have been) inline still works under the policy.
    page.goto(live_server.url + site["article"].get_absolute_url())
    page.get_by_role("button", name="Danh mục").click()  # the small-screen menu
    assert page.locator(".site-header.menu-open").count() == 1
    before = page.evaluate("() => parseFloat(getComputedStyle(document.documentElement).fontSize)")
    page.get_by_role("button", name="Tăng cỡ chữ").click()
    assert page.evaluate("() => parseFloat(getComputedStyle(document.documentElement).fontSize)") > before
    page.get_by_label("4 – Hài lòng").check()
    page.get_by_role("button", name="Gửi đánh giá").click()  # fetch(): connect-src 'self'
    page.get_by_text("Cảm ơn bạn đã đánh giá.").wait_for()
    page.goto(live_server.url + pages["article-print"])
    page.evaluate("() => { window.print = () => { window.__printed = true; }; }")
    page.locator("[data-print]").click()
    assert page.evaluate("() => window.__printed") is True
    assert page.evaluate("() => getComputedStyle(document.body).fontFamily").startswith('"Times New Roman"')
    page.goto(live_server.url + "/hoi-dap/gui-cau-hoi/")
    # feedback.css (was an inline <style>) keeps the honeypot field out of sight.
    assert page.evaluate("() => getComputedStyle(document.querySelector('.fb-hp')).position") == "absolute"
    assert violations(page) + problems == []

    # The watch itself works: inline code is refused and reported.
    with pytest.raises(Exception):  # noqa: B017, PT011 (Playwright's error for a blocked script tag)
        page.add_script_tag(content="window.__ran = true;")
    assert page.evaluate("() => window.__ran") is None
    assert any("script-src" in item for item in violations(page))
    context.close()
