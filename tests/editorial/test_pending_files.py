"""A file uploaded in an edit of live content is stored at once and used when the edit is approved."""

import io

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from editorial import services
from editorial.models import Leader
from tests.editorial.test_public_types import leader_data
from tests.portal.factories import LeaderFactory

pytestmark = pytest.mark.django_db


def png(name="chan-dung.png"):
    buffer = io.BytesIO()
    Image.new("RGB", (60, 60), (200, 30, 30)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def test_new_photo_of_a_live_leader_is_stored_and_shown_once_approved(
    client, board, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = str(tmp_path)
    leader = LeaderFactory(portal=board.portal, created_by=board.contributor, full_name="Lê Văn Ảnh")
    client.force_login(board.contributor)
    data = {**leader_data(board.portal), "full_name": "Lê Văn Ảnh", "expected_version": leader.version}
    data["photo"] = png()
    response = client.post(reverse("admin:editorial_leader_change", args=[leader.pk]), data)
    assert response.status_code == 302
    leader.refresh_from_db()
    assert not leader.photo  # the live row is untouched
    stored = leader.pending_revision.snapshot["photo"]
    assert stored.startswith(f"p/{board.portal.pk}/leaders/") and default_storage.exists(stored)
    for role, step in [("contributor", "submit"), ("member", "forward"), ("secretary", "forward")]:
        services.transition(obj=leader, user=getattr(board, role), name=step)
    with django_capture_on_commit_callbacks(execute=True):
        services.approve(obj=leader, user=board.chief)
    leader = Leader.objects.get(pk=leader.pk)
    assert leader.photo.name == stored and default_storage.exists(leader.photo.name)
    assert leader.photo.url in Client().get(reverse("portal:leaders")).content.decode()


def test_new_featured_image_in_a_live_article_edit_is_stored_cleaned_of_exif(client, board, settings, tmp_path):
    from editorial.models import Article, State
    from tests.editorial.factories import ArticleFactory
    from tests.editorial.test_admin import form_data
    from tests.editorial_media.factories import image_bytes

    settings.MEDIA_ROOT = str(tmp_path)
    settings.CELERY_TASK_ALWAYS_EAGER = True
    article = ArticleFactory(
        category=board.local, created_by=board.contributor, state=State.PUBLISHED, published_at=None
    )
    Article.objects.filter(pk=article.pk).update(published_at=article.created_at)
    article.refresh_from_db()
    client.force_login(board.contributor)
    upload = SimpleUploadedFile("hien-truong.jpg", image_bytes(gps=True), content_type="image/jpeg")
    data = form_data(article, featured_image=upload)
    assert client.post(reverse("admin:editorial_article_change", args=[article.pk]), data).status_code == 302
    article.refresh_from_db()
    stored = article.pending_revision.snapshot["featured_image"]
    assert stored.startswith(f"p/{board.portal.pk}/articles/") and default_storage.exists(stored)
    with default_storage.open(stored) as handle:
        assert not Image.open(handle).getexif()  # GPS and camera data gone


@pytest.mark.parametrize("kind", ["article", "consultation"])
def test_html_of_a_live_edit_is_sanitised_before_it_is_stored_or_previewed(client, board, kind):
    from editorial.models import State
    from tests.editorial.factories import ArticleFactory
    from tests.editorial.test_admin import form_data
    from tests.editorial.test_public_types import draft_data
    from tests.portal.factories import ConsultationDraftFactory

    payload = '<p>Nội dung mới</p><script>alert("xss")</script><img src=x onerror=alert(1)>'
    if kind == "article":
        obj = ArticleFactory(category=board.local, created_by=board.contributor, state=State.PUBLISHED)
        data = form_data(obj, body=payload)
    else:
        obj = ConsultationDraftFactory(portal=board.portal, created_by=board.contributor)
        data = {**draft_data(board.portal), "slug": obj.slug, "body": payload, "expected_version": obj.version}
    name = obj._meta.model_name
    client.force_login(board.contributor)
    assert client.post(reverse(f"admin:editorial_{name}_change", args=[obj.pk]), data).status_code == 302
    obj.refresh_from_db()
    stored = obj.pending_revision.snapshot["body"]
    assert "Nội dung mới" in stored and "<script" not in stored and "onerror" not in stored
    preview = client.get(reverse(f"admin:editorial_{name}_preview", args=[obj.pk])).content.decode()
    assert "Nội dung mới" in preview and 'alert("xss")' not in preview and "onerror" not in preview
