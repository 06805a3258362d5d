"""The citizen's form in a real browser: errors shown next to the field, nothing typed lost, the code shown."""

import pytest

from feedback.models import Question
from tests.conftest import chromium_path

from .factories import FieldFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def test_citizen_fixes_an_error_and_gets_a_tracking_code(live_server, province, monkeypatch):
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop; set for this test only (a module-level os.environ would leak
    # into `manage.py check --deploy` run by tests/test_settings.py and fail it).
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

    FieldFactory(name="Giáo dục", slug="giao-duc")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=ARGS)
        page = browser.new_page()
        page.goto(f"{live_server.url}/hoi-dap/gui-cau-hoi/")
        box = page.locator("#id_website").bounding_box()
        assert box["x"] + box["width"] <= 0  # the honeypot is off screen for people; bots still fill it
        page.get_by_role("textbox", name="Họ và tên").fill("Đinh Thị Thu")
        page.get_by_role("textbox", name="Thư điện tử").fill("thu.dinh@example.vn")
        page.get_by_label("Lĩnh vực").select_option(label="Giáo dục")
        page.get_by_label("Tiêu đề").fill("Học phí mầm non")
        page.get_by_label("Nội dung câu hỏi").fill("Trẻ 5 tuổi học trường công có phải đóng học phí không?")
        page.get_by_role("button", name="Gửi câu hỏi").click()
        error = page.locator("#id_consent_error")
        assert "Cần đồng ý cho phép xử lý dữ liệu cá nhân" in error.inner_text()
        assert page.get_by_label("Tiêu đề").input_value() == "Học phí mầm non"
        assert "Trẻ 5 tuổi" in page.get_by_label("Nội dung câu hỏi").input_value()
        page.locator("#id_consent").check()
        page.get_by_role("button", name="Gửi câu hỏi").click()
        page.wait_for_url("**/hoi-dap/gui-cau-hoi/da-gui/")
        code = Question.objects.get().tracking_code
        assert code in page.locator(".fb-code").inner_text()
        browser.close()
