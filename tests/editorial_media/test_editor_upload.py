"""CKEditor 5 image upload (/ckeditor5/image_upload/): staff only, every image verified and EXIF-stripped."""

import io
import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from django.urls import reverse
from django_ckeditor_5.views import upload_file as package_upload_view
from PIL import ExifTags, Image

from tests.editorial_media.factories import image_bytes, png_header
from tests.factories import MembershipFactory, PortalFactory, UserFactory

URL = "/ckeditor5/image_upload/"


def upload(data, name="anh.jpg", content_type="image/jpeg"):
    return {"upload": SimpleUploadedFile(name, data, content_type)}


@pytest.fixture
def staff_client(client, db):
    user = UserFactory(username="bientapvien", is_staff=True)
    MembershipFactory(user=user, portal=PortalFactory(), role="contributor")
    client.force_login(user)
    return client


def test_staff_without_a_board_role_cannot_upload(client, db):
    client.force_login(UserFactory(username="ketoan", is_staff=True))
    response = client.post(URL, upload(image_bytes()))
    assert response.status_code == 403 and "Chỉ cán bộ biên tập" in response.json()["error"]["message"]


def test_the_editor_widget_posts_to_our_view():
    assert reverse("ck_editor_5_upload_file") == URL
    assert reverse("editorial_image_upload") == URL


@pytest.mark.django_db
def test_anonymous_visitors_cannot_upload(client, media_root):
    response = client.post(URL, upload(image_bytes()))
    assert response.status_code == 403
    assert response.json()["error"]["message"] == "Chỉ cán bộ biên tập được tải ảnh lên."
    assert list(media_root.iterdir()) == []


@pytest.mark.django_db
def test_logged_in_citizens_who_are_not_staff_cannot_upload(client, media_root):
    client.force_login(UserFactory(username="congdan", is_staff=False))
    response = client.post(URL, upload(image_bytes()))
    assert response.status_code == 403
    assert list(media_root.iterdir()) == []


@pytest.mark.django_db
def test_get_is_not_allowed(staff_client):
    assert staff_client.get(URL).status_code == 405


def test_the_package_view_itself_also_refuses_non_staff(settings, rf: RequestFactory):
    # Defence in depth should the URL order ever change: CKEDITOR_5_FILE_UPLOAD_PERMISSION = "staff".
    assert settings.CKEDITOR_5_FILE_UPLOAD_PERMISSION == "staff"
    request = rf.post(URL, upload(image_bytes()))
    request.user = AnonymousUser()
    assert package_upload_view(request).status_code == 403


def test_staff_upload_is_stored_without_gps(staff_client, media_root):
    response = staff_client.post(URL, upload(image_bytes(gps=True), name="hien-truong.jpg"))
    assert response.status_code == 200
    url = response.json()["url"]
    assert re.match(r"^/media/p/[0-9]+/uploads/editor/[0-9]{4}/[0-9]{2}/hien-truong\.jpg$", url)
    stored = media_root / url.removeprefix("/media/")
    image = Image.open(io.BytesIO(stored.read_bytes()))
    assert image.format == "JPEG"
    assert not image.getexif().get_ifd(ExifTags.IFD.GPSInfo)
    assert len(image.getexif()) == 0


def test_a_text_file_renamed_jpg_is_refused_in_vietnamese(staff_client, media_root):
    response = staff_client.post(URL, upload("Tờ trình số 12/TTr-UBND".encode(), name="to-trinh.jpg"))
    assert response.status_code == 400
    assert response.json()["error"]["message"] == "Tệp tải lên không phải là ảnh hợp lệ."
    assert list(media_root.iterdir()) == []


def test_a_decompression_bomb_is_refused_in_vietnamese(staff_client, media_root):
    response = staff_client.post(URL, upload(png_header(8_000, 8_000), name="bom.png", content_type="image/png"))
    assert response.status_code == 400
    assert response.json()["error"]["message"] == "Ảnh có kích thước điểm ảnh quá lớn."
    assert list(media_root.iterdir()) == []


def test_a_request_without_a_file_is_refused(staff_client):
    response = staff_client.post(URL, {})
    assert response.status_code == 400
    assert response.json()["error"]["message"] == "Chưa chọn tệp ảnh."


def test_the_uploaded_image_is_accepted_by_the_body_sanitiser(staff_client):
    from editorial.sanitize import sanitize_html

    url = staff_client.post(URL, upload(image_bytes("PNG"), name="so-do.png", content_type="image/png")).json()["url"]
    body = f'<figure class="image"><img src="{url}" alt="Sơ đồ" loading="lazy" decoding="async"></figure>'
    assert sanitize_html(body) == body


def test_an_upload_without_the_csrf_token_is_refused(db, media_root):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(UserFactory(username="bientapvien2", is_staff=True))
    response = client.post(URL, upload(image_bytes()))
    assert response.status_code == 403
    assert list(media_root.iterdir()) == []
