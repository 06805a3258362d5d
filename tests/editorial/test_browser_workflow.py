"""One walk through the real admin in Chromium: contributor → member → secretary → chief → on the public URL."""

import pytest

from editorial.models import Article, AuditEvent, State
from tests.components.helpers import exempt_from_mfa
from tests.conftest import chromium_path

PASSWORD = "Secret@2026!"  # tests.factories.UserFactory
TITLE = "Cà Mau khánh thành cầu Gành Hào nối đôi bờ"


@pytest.mark.browser
def test_full_editorial_path_in_the_admin(transactional_db, live_server, board, settings, monkeypatch, mailoutbox):
    from playwright.sync_api import expect, sync_playwright

    # Playwright's sync API runs an event loop; set only for this test so subprocesses of other tests
    # (manage.py check --deploy) do not inherit it.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    settings.CELERY_TASK_ALWAYS_EAGER = True  # notification emails land in mail.outbox
    base = live_server.url

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path(),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        try:
            context = browser.new_context(locale="vi-VN")
            page = context.new_page()

            def login(user):
                exempt_from_mfa(user)  # sign-in with a second factor is tested in tests/components
                context.clear_cookies()
                page.goto(f"{base}/admin/login/")
                page.fill("#id_username", user.username)
                page.fill("#id_password", PASSWORD)
                page.click("input[type=submit]")
                expect(page.locator("#user-tools")).to_be_visible()

            def take(step, comment=""):
                if comment:
                    page.click("#workflow-inputs summary")
                    page.fill("#workflow-comment", comment)
                page.click(f'#editorial-action-bar button[data-step="{step}"]')
                expect(page.locator(".messagelist")).to_contain_text("Đã thực hiện")

            # The contributor writes the article and sends it for review.
            login(board.contributor)
            page.goto(f"{base}/admin/editorial/article/add/")
            page.select_option("#id_portal", str(board.portal.pk))
            page.select_option("#id_category", str(board.local.pk))
            page.fill("#id_title", TITLE)
            page.fill("#id_summary", "Cây cầu dài 1,2 km rút ngắn thời gian đi lại cho hàng chục nghìn người dân.")
            page.fill("#id_author_name", "Trần Văn Minh")
            page.fill("#id_source", "Báo Cà Mau")
            page.click("input[name=_continue]")
            expect(page.locator("#workflow-state")).to_contain_text("Bản nháp")
            change_url = page.url
            take("submit")
            expect(page.locator("#workflow-state")).to_contain_text("Đã gửi duyệt")
            expect(page.locator('button[data-step="approve"]')).to_have_count(0)

            # The board member assigned to the category edits and forwards it.
            login(board.member)
            page.goto(change_url)
            expect(page.locator('button[data-step="approve"]')).to_have_count(0)
            take("forward", "Đã biên tập tiêu đề, chuyển Thư ký.")
            expect(page.locator("#workflow-state")).to_contain_text("Đang biên tập")

            # The secretary sends it to the chief.
            login(board.secretary)
            page.goto(change_url)
            take("forward", "Đề nghị Trưởng ban duyệt.")
            expect(page.locator("#workflow-state")).to_contain_text("Chờ duyệt")

            # A citizen (no account) does not see it yet on its public URL.
            citizen = browser.new_context(locale="vi-VN").new_page()
            public_url = base + Article.objects.get(title=TITLE).get_absolute_url()
            assert citizen.goto(public_url).status == 404

            # The chief previews it as the public page, then approves it.
            login(board.chief)
            page.goto(change_url)
            with page.expect_popup() as popup:
                page.click("text=Xem trước như trang công khai")
            preview = popup.value
            expect(preview.locator("h1")).to_have_text(TITLE)
            preview.close()
            take("approve", "Đồng ý đăng.")
            expect(page.locator("#workflow-state")).to_contain_text("Đã xuất bản")
            history = page.locator("#workflow-history tbody tr")
            expect(history).to_have_count(5)
            expect(page.locator("#workflow-history")).to_contain_text("Đề nghị Trưởng ban duyệt.")

            # Published: the citizen now reads it on its public URL, with its author and source.
            assert citizen.goto(public_url).status == 200
            expect(citizen.locator("h1")).to_have_text(TITLE)
            expect(citizen.locator(".article-author")).to_have_text("Trần Văn Minh")
            expect(citizen.locator(".article-source")).to_contain_text("Báo Cà Mau")
        finally:
            browser.close()

    article = Article.objects.get(title=TITLE)
    assert article.state == State.PUBLISHED and article.is_live
    assert list(
        AuditEvent.objects.filter(object_id=article.pk).order_by("created_at").values_list("action", flat=True)
    ) == ["create", "submit", "forward", "forward", "approve"]
    published_mail = [m for m in mailoutbox if m.to == [board.contributor.email] and "Duyệt, xuất bản" in m.subject]
    assert published_mail and "Đồng ý đăng." in published_mail[0].body
