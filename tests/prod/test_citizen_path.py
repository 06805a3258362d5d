"""A citizen's question from the form to a forwarded question with its due date, on the production shape."""

import re

import pytest

from .citizen import admin_login, tracking_code
from .conftest import DEMO_PASSWORD, csrf_token

pytestmark = pytest.mark.prod


def test_citizen_asks_gets_a_code_by_email_and_sees_the_board_forward_it_with_a_due_date(prod_stack, browser):
    stack = prod_stack
    email = "an.nguyen@example.vn"
    origin = f"http://camau.gov.vn:{stack.ports['nginx']}"
    context = browser.new_context(extra_http_headers={"X-Forwarded-For": "198.51.100.21"}, locale="vi-VN")
    page = context.new_page()
    # Whatever Content-Security-Policy the portal sends, the citizen's pages never break it.
    violations = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto(f"{origin}/hoi-dap/gui-cau-hoi/")
    page.fill("#id_name", "Nguyễn Văn An")
    page.fill("#id_email", email)
    page.select_option("#id_field", index=1)
    page.fill("#id_title", "Hồ sơ cấp giấy phép xây dựng")
    page.fill("#id_body", "Xin hỏi hồ sơ cấp giấy phép xây dựng nhà ở riêng lẻ gồm những giấy tờ gì?")
    page.check("#id_consent")
    page.click("form.fb-form button[type=submit]")
    page.wait_for_url("**/hoi-dap/gui-cau-hoi/da-gui/")
    code = page.locator(".fb-code").inner_text().strip()
    assert re.fullmatch(r"[A-Z0-9-]{6,16}", code), code

    # The confirmation went through the broker and the real worker to the SMTP server.
    (mail,) = stack.mail.wait_for(email, timeout=60)
    assert code in mail.get_content()

    page.click("text=Tra cứu ngay")
    assert page.locator("dl.fb-status").inner_text().count(code) == 1
    assert "Hồ sơ cấp giấy phép xây dựng" in page.content()

    # The board's secretary forwards it in the admin, through nginx.
    pk = stack.shell(f"from feedback.models import Question; print(Question.objects.get(tracking_code='{code}').pk)")
    agency = stack.shell(
        "from components.models import Organization; print(Organization.objects.get(slug='vp-ubnd-tinh').pk)"
    )
    board = stack.session(client="198.51.100.99")
    assert admin_login(board, "secretary.camau", DEMO_PASSWORD).status_code == 200
    form = board.get(f"/admin/feedback/question/{pk}/forward/")
    assert form.status_code == 200
    done = board.post(
        f"/admin/feedback/question/{pk}/forward/",
        data={"csrfmiddlewaretoken": csrf_token(form.text), "klass": "competent", "agency": agency, "note": ""},
    )
    assert done.status_code == 200
    due = stack.shell(
        f"from feedback.models import Question; q = Question.objects.get(pk={pk}); "
        "print(q.current_assignment.current_due_date.strftime('%d/%m/%Y'))"
    )
    assert f"hạn trả lời {due}" in done.text

    page.reload()
    status = page.locator("dl.fb-status").inner_text()
    assert "Văn phòng UBND tỉnh Cà Mau" in status
    assert due in status
    assert violations == []
    context.close()


def test_the_sent_page_shows_the_code_through_requests_too(prod_stack):
    from .citizen import ask

    response = ask(prod_stack.session(client="198.51.100.22"), "binh@example.vn")
    assert response.status_code == 200
    assert response.url.endswith("/hoi-dap/gui-cau-hoi/da-gui/")
    assert tracking_code(response.text)
