"""Preview exactly as the public page, and a shareable link for people without an account that expires."""

import re
import time

import pytest
from django.core import signing
from django.urls import reverse

from editorial import services
from editorial.models import Article

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(board):
    article = Article(
        portal=board.portal,
        category=board.local,
        title="Dự thảo bài: Lễ hội Nghinh Ông Sông Đốc 2026",
        summary="Lễ hội diễn ra từ ngày 10 đến 12/3 âm lịch.",
        body="<p>Nội dung chi tiết lễ hội.</p>",
        author_name="Phan Văn Tài",
        source="Trung tâm Văn hóa tỉnh",
    )
    return services.content_create(obj=article, user=board.contributor)


def test_staff_preview_renders_the_public_layout(client, board, draft):
    client.force_login(board.contributor)
    response = client.get(reverse("admin:editorial_article_preview", args=[draft.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Dự thảo bài: Lễ hội Nghinh Ông Sông Đốc 2026" in html
    assert "Bản xem trước" in html and 'class="site-header"' in html  # the public header of base.html
    # the public article template itself: the source line citizens will see
    assert '<p class="article-source">Nguồn tin: Trung tâm Văn hóa tỉnh</p>' in html
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_preview_of_someone_elses_portal_is_forbidden(client, other_board, draft):
    client.force_login(other_board.chief)
    assert client.get(reverse("admin:editorial_article_preview", args=[draft.pk])).status_code == 403


def share_link(client, board, draft):
    client.force_login(board.contributor)
    response = client.post(reverse("admin:editorial_article_share", args=[draft.pk]), follow=True)
    html = response.content.decode()
    match = re.search(r"href='(?:https?://testserver)?(/xem-truoc/[^']+/)'", html)
    assert match, html[:2000]
    client.logout()
    return match.group(1)


def test_share_link_works_without_login(client, board, draft):
    url = share_link(client, board, draft)
    response = client.get(url)
    assert response.status_code == 200
    assert "Lễ hội Nghinh Ông Sông Đốc 2026" in response.content.decode()
    assert "no-store" in response["Cache-Control"]


def test_share_link_shows_the_revision_it_was_made_for(client, board, draft):
    url = share_link(client, board, draft)
    draft.title = "Tiêu đề sau khi chia sẻ"
    services.content_update(obj=draft, user=board.contributor, expected_version=draft.version)
    assert "Lễ hội Nghinh Ông Sông Đốc 2026" in client.get(url).content.decode()


def test_share_link_expires(client, board, draft, settings, monkeypatch):
    url = share_link(client, board, draft)
    real_time = time.time
    monkeypatch.setattr(signing.time, "time", lambda: real_time() + settings.EDITORIAL_PREVIEW_MAX_AGE + 60)
    assert client.get(url).status_code == 404


def test_tampered_share_link_is_rejected(client, board, draft):
    url = share_link(client, board, draft)
    assert client.get(url[:-3] + "xx/").status_code == 404
