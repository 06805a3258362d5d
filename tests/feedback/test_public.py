"""Citizen pages: the form (consent, errors kept, attachments, spam limits), the lookup, the public Q&A list."""

import io

import pytest
from django.core import mail
from django.utils import timezone
from PIL import Image

from feedback.models import Attachment, BlockedSender, Question

from .factories import FieldFactory, QuestionFactory

pytestmark = pytest.mark.django_db

ASK = "/hoi-dap/gui-cau-hoi/"


@pytest.fixture
def field(db):
    return FieldFactory(name="Xây dựng", slug="xay-dung")


def form_data(field, **extra):
    data = {
        "name": "Trần Văn Bình",
        "email": "binh.tran@example.vn",
        "phone": "0987654321",
        "address": "Ấp 3, xã Khánh Bình",
        "field": field.pk,
        "title": "Thủ tục xin phép sửa nhà",
        "body": "Nhà tôi cấp 4, muốn sửa lại mái thì có cần xin giấy phép xây dựng không?",
        "consent": "on",
        "website": "",
    }
    data.update(extra)
    return data


def png_file(name="anh.png"):
    buf = io.BytesIO()
    Image.new("RGB", (20, 20), "red").save(buf, "PNG")
    buf.seek(0)
    buf.name = name
    return buf


def test_a_citizen_sends_a_question_sees_the_tracking_code_and_receives_it_by_email(
    client, province, field, django_capture_on_commit_callbacks
):
    page = client.get(ASK)
    assert page.status_code == 200
    assert "chỉ nhằm mục đích trả lời câu hỏi này" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(ASK, form_data(field, attachments=[png_file()]), follow=True)
    question = Question.objects.get()
    assert question.tracking_code in response.content.decode()
    assert len(question.tracking_code) == 10
    assert question.consent_text.startswith("Tôi đồng ý")
    assert question.consent_at is not None and question.consent_ip == "127.0.0.1"
    assert Attachment.objects.get().kind == "png"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["binh.tran@example.vn"]
    assert question.tracking_code in mail.outbox[0].subject
    assert f"/hoi-dap/tra-cuu/?ma={question.tracking_code}" in mail.outbox[0].body


def test_attachments_are_stored_outside_public_media(client, province, field, settings):
    client.post(ASK, form_data(field, attachments=[png_file()]))
    attachment = Attachment.objects.get()
    path = attachment.file.path
    assert path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
    assert attachment.file.name.startswith(f"p/{province.pk}/feedback/")  # the portal's folder, still private
    assert not path.startswith(str(settings.MEDIA_ROOT))


def test_errors_are_in_vietnamese_next_to_the_field_and_nothing_typed_is_lost(client, province, field):
    response = client.post(ASK, form_data(field, email="khong-phai-email", consent=""))
    html = response.content.decode()
    assert response.status_code == 400
    assert "Nhập địa chỉ email." in html
    assert "Cần đồng ý cho phép xử lý dữ liệu cá nhân" in html
    assert "Nhà tôi cấp 4, muốn sửa lại mái" in html
    assert 'value="Thủ tục xin phép sửa nhà"' in html
    assert Question.objects.count() == 0


def test_a_bad_attachment_is_refused_with_a_clear_message_and_the_rest_is_kept(client, province, field):
    fake = io.BytesIO(b"MZ\x90\x00 this is an exe renamed")
    fake.name = "hoso.pdf"
    response = client.post(ASK, form_data(field, attachments=[fake]))
    html = response.content.decode()
    assert response.status_code == 400
    assert "không đúng định dạng" in html
    assert "hoso.pdf" in html
    assert "vui lòng chọn lại tệp" in html
    assert 'value="Trần Văn Bình"' in html
    assert Question.objects.count() == 0


def test_the_honeypot_stops_bots(client, province, field):
    response = client.post(ASK, form_data(field, website="http://spam.example"))
    assert response.status_code == 400
    assert Question.objects.count() == 0


def test_repeated_attempts_need_the_arithmetic_challenge(client, province, field, settings):
    settings.FEEDBACK_CHALLENGE_AFTER = 1
    client.post(ASK, form_data(field, consent=""))  # first try fails on consent
    response = client.post(ASK, form_data(field))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Phép tính kiểm tra" in html
    a, b = client.session["feedback_challenge"]
    response = client.post(ASK, form_data(field, challenge=str(a + b + 1)))
    assert "Kết quả chưa đúng" in response.content.decode()
    a, b = client.session["feedback_challenge"]
    response = client.post(ASK, form_data(field, challenge=str(a + b)))
    assert response.status_code == 302
    assert Question.objects.count() == 1


def test_rate_limits_per_email_and_per_ip(client, province, field, settings):
    settings.FEEDBACK_CHALLENGE_AFTER = 100
    settings.FEEDBACK_RATE_PER_EMAIL = 2
    settings.FEEDBACK_RATE_PER_IP = 3
    assert client.post(ASK, form_data(field)).status_code == 302
    assert client.post(ASK, form_data(field)).status_code == 302
    response = client.post(ASK, form_data(field))
    assert response.status_code == 429
    assert "Thư điện tử này đã gửi quá nhiều câu hỏi" in response.content.decode()
    assert client.post(ASK, form_data(field, email="khac@example.vn")).status_code == 302
    response = client.post(ASK, form_data(field, email="thu-ba@example.vn"))
    assert response.status_code == 429
    assert Question.objects.count() == 3


def test_a_blocked_sender_cannot_send(client, province, field):
    BlockedSender.objects.create(email="binh.tran@example.vn", reason="Thư rác")
    response = client.post(ASK, form_data(field))
    assert response.status_code == 403
    assert Question.objects.count() == 0


def test_lookup_shows_status_and_is_rate_limited(client, province, settings):
    question = QuestionFactory(portal=province, title="Hỏi về học phí")
    response = client.get(f"/hoi-dap/tra-cuu/?ma={question.tracking_code.lower()}")
    html = response.content.decode()
    assert "Hỏi về học phí" in html and "Mới tiếp nhận" in html
    assert question.phone not in html
    assert client.get("/hoi-dap/tra-cuu/?ma=ZZZZZZZZZZ").status_code == 404
    settings.FEEDBACK_LOOKUP_RATE = 2
    response = client.get(f"/hoi-dap/tra-cuu/?ma={question.tracking_code}")
    assert response.status_code == 429
    assert "quá nhiều lần" in response.content.decode()


def published(portal, **kw):
    defaults = {
        "portal": portal,
        "status": Question.Status.ANSWERED,
        "is_published": True,
        "published_title": "Cấp giấy phép xây dựng nhà ở",
        "published_body": "Hồ sơ cấp phép xây dựng gồm những gì?",
        "published_answer": "Hồ sơ gồm đơn đề nghị, bản vẽ thiết kế và giấy tờ về đất.",
    }
    defaults.update(kw)
    defaults.setdefault("published_at", timezone.now())
    return QuestionFactory(**defaults)


def test_public_list_never_shows_contact_data_and_shows_initials_unless_agreed(client, province):
    hidden = published(province, name="Lê Thị Mai", phone="0911222333", address="12 Lý Thường Kiệt")
    shown = published(province, name="Phạm Văn Đông", show_name=True, published_title="Học phí năm học mới")
    pages = [client.get("/hoi-dap/").content.decode(), client.get(f"/hoi-dap/{hidden.pk}/").content.decode()]
    pages.append(client.get(f"/hoi-dap/{shown.pk}/").content.decode())
    for html in pages:
        for secret in (hidden.phone, hidden.email, hidden.address, shown.email, shown.phone, "Lê Thị Mai"):
            assert secret not in html
    assert "L.T.M." in pages[0] and "L.T.M." in pages[1]
    assert "Phạm Văn Đông" in pages[2]


def test_unpublished_questions_are_not_public(client, province):
    q = QuestionFactory(portal=province, title="Câu hỏi riêng tư")
    assert client.get(f"/hoi-dap/{q.pk}/").status_code == 404
    assert "Câu hỏi riêng tư" not in client.get("/hoi-dap/").content.decode()


def test_search_ignores_diacritics_and_filters_by_field_and_agency(client, province):
    from tests.factories import OrganizationFactory

    org = OrganizationFactory(portal=province, name="Sở Giáo dục", slug="so-giao-duc")
    edu = FieldFactory(name="Giáo dục", slug="giao-duc")
    published(province, published_title="Học phí trường công lập", field=edu, answered_by=org)
    published(province, published_title="Đường Hà Nội bị ngập")
    html = client.get("/hoi-dap/?q=duong ha noi").content.decode()
    assert "Đường Hà Nội bị ngập" in html and "Học phí" not in html
    html = client.get("/hoi-dap/?linh-vuc=giao-duc").content.decode()
    assert "Học phí trường công lập" in html and "Đường Hà Nội" not in html
    html = client.get("/hoi-dap/?co-quan=so-giao-duc").content.decode()
    assert "Học phí trường công lập" in html and "Đường Hà Nội" not in html


def test_public_list_query_budget(client, province, django_assert_max_num_queries):
    for i in range(25):
        published(province, published_title=f"Câu hỏi công khai số {i}", field=FieldFactory())
    client.get("/hoi-dap/")  # warm the portal lookup cache
    # count + page of questions (field and agency joined) + fields filter + agencies filter (+ portal lookups)
    with django_assert_max_num_queries(8):
        response = client.get("/hoi-dap/")
    assert response.status_code == 200
    assert "Trang 1/2" in response.content.decode()


def test_a_citizen_requests_erasure_with_email_and_tracking_code(client, province, django_capture_on_commit_callbacks):
    from feedback.models import DataRequest

    question = QuestionFactory(portal=province, email="xin-xoa@example.vn")
    url = "/hoi-dap/du-lieu-ca-nhan/"
    response = client.post(url, {"email": "nguoi-khac@example.vn", "code": question.tracking_code, "kind": "erase"})
    assert response.status_code == 400
    assert "không khớp" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"email": "xin-xoa@example.vn", "code": question.tracking_code, "kind": "erase"})
    assert response.status_code == 200
    assert "Đã nhận yêu cầu" in response.content.decode()
    request = DataRequest.objects.get()
    assert request.kind == "erase" and request.email == "xin-xoa@example.vn"


def test_detail_page_query_budget(client, province, django_assert_max_num_queries):
    question = published(province, published_title="Một câu hỏi công khai")
    client.get(f"/hoi-dap/{question.pk}/")
    # the question with its field and agency joined (+ portal lookups)
    with django_assert_max_num_queries(4):
        assert client.get(f"/hoi-dap/{question.pk}/").status_code == 200


def test_too_large_or_too_many_attachments_are_refused(client, province, field, settings):
    settings.FEEDBACK_ATTACHMENT_MAX_BYTES = 50
    response = client.post(ASK, form_data(field, attachments=[png_file()]))
    assert response.status_code == 400
    assert "quá lớn" in response.content.decode()
    settings.FEEDBACK_ATTACHMENT_MAX_BYTES = 5 * 1024 * 1024
    settings.FEEDBACK_MAX_ATTACHMENTS = 1
    response = client.post(ASK, form_data(field, attachments=[png_file("a.png"), png_file("b.png")]))
    assert "Chỉ gửi được tối đa 1 tệp" in response.content.decode()
    assert Question.objects.count() == 0


def test_errors_are_announced_and_linked_to_their_field(client, province, field):
    html = client.post(ASK, form_data(field, email="sai")).content.decode()
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="id_email_helptext id_email_error"' in html
    assert 'id="id_email_error" role="alert"' in html


def test_home_box_sitemap_and_latest_published_show_only_published_questions(province, django_assert_num_queries):
    from django.template.loader import render_to_string
    from django.test import RequestFactory

    from feedback.selectors import latest_published
    from feedback.sitemaps import QuestionSitemap

    shown = published(province, published_title="Câu hỏi đã công khai")
    QuestionFactory(portal=province, title="Chưa công khai")
    with django_assert_num_queries(1):
        latest = latest_published(province)
    assert [q.pk for q in latest] == [shown.pk]
    html = render_to_string("feedback/_home_latest.html", {"questions": latest}, request=RequestFactory().get("/"))
    assert "Câu hỏi đã công khai" in html and f"/hoi-dap/{shown.pk}/" in html
    assert [q.pk for q in QuestionSitemap(province).items()] == [shown.pk]


def test_home_page_shows_the_latest_published_answers_only(client, province):
    QuestionFactory(
        portal=province,
        is_published=True,
        published_at=timezone.now(),
        status="answered",
        published_title="Thủ tục đăng ký hộ kinh doanh",
        published_body="Hỏi",
        published_answer="Đáp",
    )
    QuestionFactory(portal=province, title="Câu hỏi chưa công khai về đất đai")
    html = client.get("/").content.decode()
    assert "Thủ tục đăng ký hộ kinh doanh" in html
    assert "Câu hỏi chưa công khai về đất đai" not in html
    assert "Thủ tục đăng ký hộ kinh doanh" not in client.get("/en/").content.decode()


def test_attachments_take_the_one_upload_check_a_pdf_named_html_is_stored_as_pdf(client, province, field, media_root):
    """Citizens' files go through components.uploads like every file field (decision 0720)."""
    pdf = io.BytesIO(b"%PDF-1.4\n<script>alert(document.cookie)</script>\n")
    pdf.name = "don-kien-nghi.html"
    response = client.post(ASK, form_data(field, attachments=[pdf]))
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.kind == "pdf" and attachment.file.name.endswith("/don-kien-nghi.pdf")


def test_an_svg_attachment_with_a_script_is_refused(client, province, field):
    svg = io.BytesIO(b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')
    svg.name = "so-do.svg"
    response = client.post(ASK, form_data(field, attachments=[svg]))
    assert response.status_code == 400
    assert "không đúng định dạng" in response.content.decode() and "so-do.svg" in response.content.decode()
    assert Question.objects.count() == 0
