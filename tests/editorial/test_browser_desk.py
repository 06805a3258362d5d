"""The action bar in Chromium (issue #15): an edit followed by a workflow button is never lost, and leaving a
changed form asks first."""

import pytest

from editorial.models import Article, State
from tests.components.helpers import exempt_from_mfa
from tests.conftest import chromium_path
from tests.editorial.factories import ArticleFactory

PASSWORD = "Secret@2026!"  # tests.factories.UserFactory
FIXED = "Cầu Gành Hào nối đôi bờ sông, rút ngắn đường về Cà Mau"


@pytest.mark.browser
def test_an_edit_then_a_workflow_button_keeps_the_edit(transactional_db, live_server, board, settings, monkeypatch):
    from playwright.sync_api import expect, sync_playwright

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    article = ArticleFactory(category=board.local, created_by=board.contributor, state=State.SUBMITTED)
    change_url = f"{live_server.url}/admin/editorial/article/{article.pk}/change/"

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path(), args=["--no-sandbox", "--disable-gpu", "--disable-sync"]
        )
        try:
            context = browser.new_context(locale="vi-VN")
            page = context.new_page()
            dialogs = []

            def login(user):
                exempt_from_mfa(user)
                context.clear_cookies()
                page.goto(f"{live_server.url}/admin/login/")
                page.fill("#id_username", user.username)
                page.fill("#id_password", PASSWORD)
                page.click("input[type=submit]")
                expect(page.locator("#user-tools")).to_be_visible()

            # The member fixes the title and clicks "Chuyển tiếp" without saving first: both happen.
            login(board.member)
            page.goto(change_url)
            page.fill("#id_title", FIXED)
            page.click("#editorial-action-bar button:has-text('Chuyển tiếp')")
            expect(page.locator(".messagelist")).to_contain_text("các thay đổi trong biểu mẫu đã được lưu")
            expect(page.locator("#id_title")).to_have_value(FIXED)
            expect(page.locator("#workflow-state")).to_contain_text("Đang biên tập")

            login(board.secretary)
            page.goto(change_url)
            page.click("#editorial-action-bar button:has-text('Chuyển tiếp')")
            expect(page.locator("#workflow-state")).to_contain_text("Chờ duyệt")

            # The chief touches the title and clicks "Duyệt và xuất bản": four eyes refuse it, with the reason, and
            # the form keeps what the chief typed (nothing saved).
            login(board.chief)
            page.goto(change_url)
            page.fill("#id_title", FIXED + " (sửa)")
            page.click("#editorial-action-bar button:has-text('Duyệt và xuất bản')")
            expect(page.locator(".errornote, .errorlist").first).to_be_visible()
            expect(page.locator("#content-main")).to_contain_text("Không ai được duyệt nội dung do chính mình viết")
            expect(page.locator("#id_title")).to_have_value(FIXED + " (sửa)")
            assert Article.objects.get(pk=article.pk).state == State.AWAITING_APPROVAL

            # Back to the saved title: approving from the bar publishes it.
            page.goto(change_url)
            page.click("#editorial-action-bar button:has-text('Duyệt và xuất bản')")
            expect(page.locator("#workflow-state")).to_contain_text("Đã xuất bản")

            # Leaving a changed form asks first; staying keeps what was typed.
            page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.dismiss()))
            page.fill("#id_summary", "Một dòng chưa lưu")
            page.locator(".breadcrumbs a").first.click(no_wait_after=True)
            page.wait_for_timeout(500)
            assert dialogs == ["beforeunload"]
            expect(page.locator("#id_summary")).to_have_value("Một dòng chưa lưu")
        finally:
            browser.close()

    article.refresh_from_db()
    assert article.state == State.PUBLISHED and article.title == FIXED
