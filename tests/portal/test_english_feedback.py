"""The Q&A pages under /en/ speak English (labels, consent, buttons, errors); the Vietnamese pages stay Vietnamese."""

import re

import pytest

from tests.feedback.factories import FieldFactory

pytestmark = pytest.mark.django_db

ASK_EN = "/en/hoi-dap/gui-cau-hoi/"
ASK_VI = "/hoi-dap/gui-cau-hoi/"


@pytest.fixture
def field(db):
    return FieldFactory(name="Xây dựng", slug="xay-dung")


def field_block(html, name):
    """The form-field wrapper holding the input `name`: its label, help and errors."""
    pattern = (
        r'<div class="fb-field[^"]*">(?:(?!<div class="fb-field).)*?'
        rf'name="{name}".*?(?=<div class="fb-field|</fieldset>)'
    )
    match = re.search(pattern, html, re.S)
    assert match, name
    return match.group(0)


def test_english_form_shows_english_labels_consent_and_button(client, province, field):
    html = client.get(ASK_EN).content.decode()
    assert '<html lang="en">' in html
    assert "<h1>Send a question, feedback or petition</h1>" in html
    for label in ["Full name *", "Phone number", "Your question *", "Title *", "Field *", "— Choose a field —"]:
        assert label in html, label
    assert "I consent to the e-portal and the agency the question is forwarded to" in html
    assert "Optional. At most 3 PDF, DOCX or image (JPEG, PNG) files" in html
    assert re.search(r"<button[^>]*>\s*Send a question\s*</button>", html)
    for vietnamese in ["Họ và tên", "Nội dung câu hỏi", "Tôi đồng ý", "Không bắt buộc", "Bảo vệ dữ liệu cá nhân"]:
        assert vietnamese not in html, vietnamese


def test_invalid_english_form_shows_english_errors_next_to_the_fields(client, province, field):
    response = client.post(
        ASK_EN,
        {
            "name": "Jane Doe",
            "email": "not-an-email",
            "field": field.pk,
            "title": "Roof repair",
            "body": "",
            "consent": "",
        },
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "The question has not been sent. Please correct the fields marked below" in html
    assert "Enter a valid email address." in field_block(html, "email")
    assert "You must consent to the processing of personal data to send a question." in field_block(html, "consent")
    assert "This field is required." in field_block(html, "body")
    assert 'value="Jane Doe"' in html  # nothing typed is lost
    assert "Cần đồng ý" not in html and "Nhập địa chỉ email." not in html


def test_english_question_list_and_lookup_headings(client, province):
    listing = client.get("/en/hoi-dap/").content.decode()
    assert "<h1>Questions & answers</h1>" in listing
    assert "Look up a question you sent" in listing and "Hỏi đáp" not in listing
    lookup = client.get("/en/hoi-dap/tra-cuu/").content.decode()
    assert "Look up the status of a question" in lookup and "Tracking code" in lookup
    assert "Mã tra cứu" not in lookup


def test_vietnamese_pages_are_unchanged(client, province, field):
    html = client.get(ASK_VI).content.decode()
    assert '<html lang="vi">' in html
    assert "Họ và tên" in html and "Tôi đồng ý" in html and "Không bắt buộc. Tối đa 3 tệp" in html
    assert "I consent" not in html and "Full name" not in html
    errors = client.post(ASK_VI, {"name": "Trần Văn Bình", "email": "sai", "consent": ""}).content.decode()
    assert "Cần đồng ý cho phép xử lý dữ liệu cá nhân" in field_block(errors, "consent")
    assert "You must consent" not in errors
    assert "Hỏi đáp" in client.get("/hoi-dap/").content.decode()
