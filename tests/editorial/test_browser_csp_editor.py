"""The article editor (CKEditor 5) works under the back office's Content-Security-Policy (decision 0732)."""

import pytest

from editorial.models import Article
from tests.components.helpers import exempt_from_mfa
from tests.conftest import chromium_path
from tests.portal.test_browser_csp import violations, watch

PASSWORD = "Secret@2026!"  # tests.factories.UserFactory
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]


@pytest.mark.browser
def test_contributor_writes_in_ckeditor_and_saves_without_csp_violation(
    transactional_db, live_server, board, settings, monkeypatch
):
    from playwright.sync_api import expect, sync_playwright

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop here
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    base = live_server.url
    exempt_from_mfa(board.contributor)

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=ARGS)
        try:
            context = browser.new_context(locale="vi-VN")
            problems = watch(context)
            page = context.new_page()
            failures = {}

            def check(name):
                found = violations(page) + problems
                problems.clear()
                if found:
                    failures[name] = found

            login = page.goto(f"{base}/admin/login/")
            assert "'unsafe-inline'" in login.headers["content-security-policy"]
            page.fill("#id_username", board.contributor.username)
            page.fill("#id_password", PASSWORD)
            page.click("input[type=submit]")
            expect(page.locator("#user-tools")).to_be_visible()
            check("admin index")

            page.goto(f"{base}/admin/editorial/article/add/")
            editor = page.locator(".ck-editor__editable").first
            expect(editor).to_be_visible()  # CKEditor 5 started: its scripts and styles were allowed
            page.select_option("#id_portal", str(board.portal.pk))
            page.select_option("#id_category", str(board.local.pk))
            page.fill("#id_title", "Cà Mau mở rộng rừng ngập mặn ven biển")
            page.fill("#id_summary", "Diện tích rừng phòng hộ tăng thêm 500 ha trong năm.")
            page.fill("#id_author_name", "Lê Thị Hoa")
            page.fill("#id_source", "Báo Cà Mau")
            editor.click()
            page.keyboard.type("Rừng đước Năm Căn được trồng bổ sung.")
            page.keyboard.press("Enter")
            page.keyboard.type("Người dân tham gia bảo vệ rừng.")
            check("article editor")
            page.click("input[name=_continue]")
            expect(page.locator("#workflow-state")).to_contain_text("Bản nháp")
            expect(page.locator(".ck-editor__editable").first).to_contain_text("Rừng đước Năm Căn")
            check("article change page")
            assert failures == {}
        finally:
            browser.close()

    article = Article.objects.get(title="Cà Mau mở rộng rừng ngập mặn ven biển")
    assert "<p>Rừng đước Năm Căn được trồng bổ sung.</p>" in article.body
    assert "Người dân tham gia bảo vệ rừng." in article.body
