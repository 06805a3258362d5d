"""Each portal's files live in its own folder p/<portal id>/ (docs/decisions/0203-per-portal-media-folders.md):
featured images, body images, leader photos, document and draft files, renditions."""

import io
import re

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from editorial.images import make_renditions, read_manifest, rendition_dir, rendition_urls
from editorial.models import Article, ConsultationDraft, Leader, LegalDocumentFile
from tests.editorial.factories import ArticleFactory, LegalDocumentFactory, board_user
from tests.editorial.test_admin import form_data
from tests.editorial_media.factories import image_bytes
from tests.factories import MembershipFactory, PortalFactory
from tests.portal.factories import ConsultationDraftFactory, LeaderFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]

UPLOAD_URL = "/ckeditor5/image_upload/"


def jpeg(name="anh.jpg", **kwargs):
    return SimpleUploadedFile(name, image_bytes(**kwargs), content_type="image/jpeg")


def stored_files(root):
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


def month_folder():
    return timezone.localtime().strftime("%Y/%m")


# --- Model uploads ---------------------------------------------------------------------------------------


def test_featured_image_uploaded_by_an_editor_lands_in_the_portal_folder(client, other_board, media_root):
    """A department editor creates an article with a featured image in the admin."""
    client.force_login(other_board.contributor)
    article = Article(
        portal=other_board.portal,
        category=other_board.local,
        title="Hội thảo chuyển đổi số",
        author_name="Lê Văn An",
        source="Sở KH&CN",
        slug="",
        version=1,
    )
    data = form_data(article, featured_image=jpeg("hoi-thao.jpg", gps=True))
    data.pop("expected_version")
    response = client.post(reverse("admin:editorial_article_add"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    created = Article.objects.get(title="Hội thảo chuyển đổi số")
    expected = f"p/{other_board.portal.pk}/articles/{month_folder()}/hoi-thao.jpg"
    assert created.featured_image.name == expected
    assert stored_files(media_root) == [expected]
    assert created.featured_image.url == f"/media/{expected}"


def test_an_editor_cannot_put_an_article_image_into_another_portals_folder(client, board, other_board, media_root):
    """The province is not among the department editor's portals: the form refuses, nothing is written."""
    client.force_login(other_board.contributor)
    article = Article(
        portal=board.portal,
        category=board.local,
        title="Bài viết sai cổng",
        author_name="A",
        source="B",
        slug="",
        version=1,
    )
    data = form_data(article, featured_image=jpeg("lan-cong.jpg"))
    data.pop("expected_version")
    response = client.post(reverse("admin:editorial_article_add"), data)
    assert response.status_code == 200  # the form shows the error
    assert not Article.objects.filter(title="Bài viết sai cổng").exists()
    assert stored_files(media_root) == []


def test_a_file_name_with_folders_cannot_leave_the_portal_folder(other_board, media_root):
    article = ArticleFactory(
        category=other_board.local, featured_image=jpeg(f"../../p/{other_board.portal.pk + 1}/x.jpg")
    )
    assert article.featured_image.name == f"p/{other_board.portal.pk}/articles/{month_folder()}/x.jpg"


def test_leader_photo_document_file_and_draft_file_land_in_their_portal_folder(other_board, media_root):
    portal = other_board.portal
    prefix = f"p/{portal.pk}/"
    leader = LeaderFactory(portal=portal, created_by=other_board.contributor, photo=jpeg("chan-dung.jpg"))
    document = LegalDocumentFactory(portal=portal)
    attachment = LegalDocumentFile.objects.create(
        document=document, file=SimpleUploadedFile("qd.pdf", b"%PDF-1.7\n", content_type="application/pdf")
    )
    draft = ConsultationDraftFactory(
        portal=portal,
        created_by=other_board.contributor,
        file=SimpleUploadedFile("du-thao.pdf", b"%PDF-1.7\n", content_type="application/pdf"),
    )
    year = timezone.localtime().strftime("%Y")
    assert Leader.objects.get(pk=leader.pk).photo.name == f"{prefix}leaders/chan-dung.jpg"
    assert LegalDocumentFile.objects.get(pk=attachment.pk).file.name == f"{prefix}documents/{year}/qd.pdf"
    assert ConsultationDraft.objects.get(pk=draft.pk).file.name == f"{prefix}drafts/{year}/du-thao.pdf"
    assert all(name.startswith(prefix) for name in stored_files(media_root))


def test_content_without_a_portal_stores_no_file(media_root):
    leader = Leader(full_name="Không có cổng", position="Giám đốc")
    with pytest.raises(ValueError, match="no portal"):
        leader.photo.save("anh.jpg", jpeg(), save=False)
    assert stored_files(media_root) == []


def test_files_stored_before_per_portal_folders_keep_working(client, other_board, media_root):
    """An old name (articles/2025/01/...) stays as it is in the row and is still served and rendered."""
    name = default_storage.save("articles/2025/01/cu.jpg", jpeg(size=(900, 600)))
    article = ArticleFactory(category=other_board.local)
    Article.objects.filter(pk=article.pk).update(featured_image=name)
    article.refresh_from_db()
    assert article.featured_image.name == "articles/2025/01/cu.jpg" and article.featured_image.url == f"/media/{name}"
    manifest = make_renditions(name)
    assert manifest["renditions"]["list"]["webp"].startswith("renditions/")  # where old renditions already are


# --- Renditions ------------------------------------------------------------------------------------------


def test_renditions_land_in_the_folder_of_their_original(other_board, media_root, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    article = ArticleFactory(category=other_board.local, featured_image=jpeg("cau.jpg", size=(1600, 900)))
    name = article.featured_image.name
    prefix = f"p/{other_board.portal.pk}/"
    make_renditions(name)  # what the queued task does
    directory = rendition_dir(name)
    assert directory.startswith(f"{prefix}renditions/")
    manifest = read_manifest(name)
    assert manifest["source"] == name
    assert [item["width"] for item in manifest["renditions"].values()] == [320, 640, 1280]
    assert all(path.startswith(prefix) for path in stored_files(media_root))
    urls = rendition_urls(article.featured_image, "list")
    assert urls["has_renditions"] and urls["src"].startswith(f"/media/{prefix}renditions/")


# --- CKEditor body images --------------------------------------------------------------------------------


def body_image_url(response):
    assert response.status_code == 200, response.content.decode()
    return response.json()["url"]


def test_a_body_image_lands_in_the_folder_of_the_editors_portal(client, other_board, media_root):
    client.force_login(other_board.contributor)  # a role on the department only
    url = body_image_url(client.post(UPLOAD_URL, {"upload": jpeg("so-do.jpg")}))
    assert url == f"/media/p/{other_board.portal.pk}/uploads/editor/{month_folder()}/so-do.jpg"
    assert stored_files(media_root) == [url.removeprefix("/media/")]


def test_an_editor_cannot_send_a_body_image_to_another_portals_folder(client, board, other_board, media_root):
    client.force_login(other_board.contributor)
    for asked in (board.portal.pk, "abc", "-1", "999999"):
        response = client.post(f"{UPLOAD_URL}?portal={asked}", {"upload": jpeg()})
        assert response.status_code == 403
        assert response.json()["error"]["message"] == "Bạn không có quyền tải ảnh lên cổng này."
        response = client.post(UPLOAD_URL, {"upload": jpeg(), "portal": asked})
        assert response.status_code == 403
    url = body_image_url(client.post(UPLOAD_URL, {"upload": jpeg("../../p/1/x.jpg")}))
    assert url.startswith(f"/media/p/{other_board.portal.pk}/uploads/editor/")
    assert all(name.startswith(f"p/{other_board.portal.pk}/") for name in stored_files(media_root))


def test_an_editor_of_two_portals_uploads_to_the_portal_being_edited(client, board, other_board, media_root):
    editor = board_user(other_board.portal, "contributor", username="hai.cong")
    MembershipFactory(user=editor, portal=board.portal, role="contributor")  # also on the province
    client.force_login(editor)
    # The article form names its portal.
    url = body_image_url(client.post(f"{UPLOAD_URL}?portal={other_board.portal.pk}", {"upload": jpeg()}))
    assert url.startswith(f"/media/p/{other_board.portal.pk}/")
    # Without it: the portal of the address the admin is opened at.
    url = body_image_url(client.post(f"/web/{other_board.portal.slug}{UPLOAD_URL}", {"upload": jpeg()}))
    assert url.startswith(f"/media/p/{other_board.portal.pk}/")
    url = body_image_url(client.post(UPLOAD_URL, {"upload": jpeg()}))  # testserver: the province
    assert url.startswith(f"/media/p/{board.portal.pk}/")


def test_an_upload_whose_portal_is_unclear_is_refused(client, board, other_board, province, media_root):
    """Roles on two component portals, the admin opened at the province's address: no guessing."""
    third = PortalFactory(parent=province, slug="xakhanhbinh")
    editor = board_user(other_board.portal, "contributor", username="hai.thanh.phan")
    MembershipFactory(user=editor, portal=third, role="contributor")
    client.force_login(editor)
    response = client.post(UPLOAD_URL, {"upload": jpeg()})
    assert response.status_code == 400
    assert "Không xác định được cổng của ảnh" in response.json()["error"]["message"]
    assert stored_files(media_root) == []


def test_the_province_administrator_may_upload_for_any_portal(client, board, other_board, media_root):
    client.force_login(board.administrator)
    url = body_image_url(client.post(f"{UPLOAD_URL}?portal={other_board.portal.pk}", {"upload": jpeg()}))
    assert url.startswith(f"/media/p/{other_board.portal.pk}/")


def test_the_article_editor_posts_body_images_for_the_articles_portal(client, other_board):
    article = ArticleFactory(category=other_board.local, created_by=other_board.contributor)
    client.force_login(other_board.contributor)
    html = client.get(reverse("admin:editorial_article_change", args=[article.pk])).content.decode()
    upload_urls = re.findall(r'data-upload-url="([^"]*)"', html)
    assert upload_urls == [f"{UPLOAD_URL}?portal={other_board.portal.pk}"]


def test_body_images_are_still_cleaned_of_gps(client, other_board, media_root):
    client.force_login(other_board.contributor)
    url = body_image_url(client.post(UPLOAD_URL, {"upload": jpeg("gps.jpg", gps=True)}))
    with Image.open(io.BytesIO((media_root / url.removeprefix("/media/")).read_bytes())) as image:
        assert len(image.getexif()) == 0
