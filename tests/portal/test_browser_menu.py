"""The header menu on phones: behind a "Danh mục" button, keyboard and screen-reader friendly, open without JS."""

import pytest

from tests.portal import test_browser
from tests.portal.test_browser import axe_path

# The same fixtures as the other browser tests (the site's content, a Debian chromium).
site = test_browser.site
browser = test_browser.browser

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 812}
AXE_TAGS = "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']"


def _axe_violations(page):
    page.add_script_tag(content=axe_path().read_text())
    result = page.evaluate(
        f"""async () => await axe.run(document, {{runOnly: {{type: 'tag', values: {AXE_TAGS}}},
            resultTypes: ['violations']}})"""
    )
    return [{"id": v["id"], "nodes": [n["target"] for n in v["nodes"]][:3]} for v in result["violations"]]


def _focused(page):
    return page.evaluate("() => document.activeElement.className")


def test_on_a_phone_the_menu_is_collapsed_behind_a_toggle_that_keyboard_and_touch_users_can_open_and_close(
    live_server, site, browser
):
    # bypass_csp: axe is injected as an inline script; the CSP itself is tested in test_browser_csp.py.
    page = browser.new_context(viewport=PHONE, has_touch=True, bypass_csp=True).new_page()
    page.goto(live_server.url + "/")
    toggle = page.get_by_role("button", name="Danh mục")
    menu_link = page.locator("#site-menu").get_by_role("link", name="Văn bản")
    category_link = page.locator("#site-categories").get_by_role("link", name="Kinh tế")

    assert toggle.is_visible()
    assert toggle.get_attribute("aria-expanded") == "false"
    assert toggle.get_attribute("aria-controls") == "site-menu site-categories"
    assert not menu_link.is_visible() and not category_link.is_visible()
    # Language switch and search stay outside the collapsed part.
    assert page.get_by_role("link", name="English").is_visible()
    assert page.get_by_role("searchbox", name="Tìm kiếm").is_visible()

    # Keyboard: Enter opens, the menu follows the button in tab order, Escape closes and gives focus back.
    toggle.focus()
    assert page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle") != "none"
    page.keyboard.press("Enter")
    assert toggle.get_attribute("aria-expanded") == "true"
    assert menu_link.is_visible() and category_link.is_visible()
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.textContent.trim()") == "Trang chủ"
    page.keyboard.press("Escape")
    assert toggle.get_attribute("aria-expanded") == "false"
    assert not menu_link.is_visible()
    assert _focused(page) == "menu-toggle"

    # Touch: a tap opens it; Escape on the button closes it again.
    toggle.tap()
    assert toggle.get_attribute("aria-expanded") == "true" and menu_link.is_visible()
    assert page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth") <= 0
    assert _axe_violations(page) == []
    page.keyboard.press("Escape")
    assert toggle.get_attribute("aria-expanded") == "false"
    assert _focused(page) == "menu-toggle"

    # Escape while typing in the search box leaves an open menu alone.
    toggle.click()
    page.get_by_role("searchbox", name="Tìm kiếm").focus()
    page.keyboard.press("Escape")
    assert toggle.get_attribute("aria-expanded") == "true"

    page.goto(live_server.url + "/en/")
    assert page.get_by_role("button", name="Menu", exact=True).get_attribute("aria-expanded") == "false"


def test_on_a_desktop_the_toggle_is_hidden_and_the_menu_is_shown_in_one_row(live_server, site, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(live_server.url + "/")
    assert not page.locator(".menu-toggle").is_visible()
    links = page.locator("#site-menu a")
    assert links.count() >= 9
    assert all(links.nth(n).is_visible() for n in range(links.count()))
    assert page.locator("#site-categories").get_by_role("link", name="Kinh tế").is_visible()
    tops = {round(links.nth(n).bounding_box()["y"]) for n in range(links.count())}
    assert len(tops) == 1, tops
    page.keyboard.press("Escape")  # nothing to close on a desktop
    assert page.locator("#site-menu").get_by_role("link", name="Văn bản").is_visible()


def test_without_javascript_a_phone_shows_the_menu_open_and_no_dead_button(live_server, site, browser):
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    try:
        page = context.new_page()
        page.goto(live_server.url + "/")
        assert not page.locator(".menu-toggle").is_visible()
        for name in ["Trang chủ", "Văn bản", "Hỏi đáp", "Sơ đồ cổng"]:
            assert page.locator("#site-menu").get_by_role("link", name=name).is_visible(), name
        assert page.locator("#site-categories").get_by_role("link", name="Kinh tế").is_visible()
        assert page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth") <= 0
    finally:
        context.close()


# A page that moves after its first paint: the CLS of every layout shift the page reports (layout-shift entries).
_CLS = """() => new Promise((resolve) => {
    let total = 0;
    new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) { if (!entry.hadRecentInput) { total += entry.value; } }
    }).observe({type: "layout-shift", buffered: true});
    setTimeout(() => resolve(total), 500);
})"""


def test_on_a_phone_pages_do_not_move_after_their_first_paint(live_server, site, browser):
    page = browser.new_context(viewport=PHONE).new_page()
    for path in ["/", site["article"].get_absolute_url(), "/tim-kiem/?q=duong+giao+thong", "/van-ban/"]:
        page.goto(live_server.url + path, wait_until="load")
        assert page.evaluate(_CLS) <= 0.05, path
        assert page.locator("#site-menu").is_hidden(), path  # closed from the start, not closed by the script


def test_on_a_phone_the_question_pages_buttons_are_big_enough_to_tap(live_server, site, browser):
    page = browser.new_context(viewport=PHONE, has_touch=True).new_page()
    for path in ["/hoi-dap/", "/hoi-dap/gui-cau-hoi/", "/hoi-dap/tra-cuu/"]:
        page.goto(live_server.url + path)
        buttons = page.locator("main button")
        assert buttons.count() >= 1, path
        for n in range(buttons.count()):
            box = buttons.nth(n).bounding_box()
            assert box["height"] >= 44 and box["width"] >= 44, (path, box)


def test_on_a_phone_the_documents_table_shows_that_it_scrolls(live_server, site, browser):
    page = browser.new_context(viewport=PHONE).new_page()
    page.goto(live_server.url + "/van-ban/")
    wrap = page.locator(".table-wrap")
    assert page.evaluate("(el) => el.scrollWidth > el.clientWidth", wrap.element_handle())
    assert "radial-gradient" in wrap.evaluate("(el) => getComputedStyle(el).backgroundImage")
