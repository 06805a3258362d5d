"""The whole path of issue 3: contributor → member → secretary → chief → the article on its public URL."""

import pytest
from django.test import Client
from django.urls import reverse

from editorial.models import Article, State
from tests.editorial.test_admin import form_data

pytestmark = pytest.mark.django_db

PATH = [("contributor", "submit"), ("member", "forward"), ("secretary", "forward"), ("chief", "approve")]


def step_url(article, step):
    return reverse("admin:editorial_article_workflow", args=[article.pk, step])


def walk(client, board, article, capture):
    """Every step through the admin; returns the anonymous status of the public URL seen before each step."""
    seen = []
    for role, step in PATH:
        seen.append(Client().get(article.get_absolute_url()).status_code)
        client.force_login(getattr(board, role))
        with capture(execute=True):
            assert client.post(step_url(article, step), {"comment": f"Ý kiến {role}"}).status_code == 302, role
    return seen


def test_article_goes_from_contributor_to_its_public_url_only_after_the_chief_approves(
    client, board, settings, django_capture_on_commit_callbacks
):
    settings.PORTAL_PAGE_CACHE = True
    client.force_login(board.contributor)
    data = form_data(
        Article(portal=board.portal, category=board.local, language="vi", version=1),
        title="Cà Mau khánh thành cầu Năm Căn mới",
        slug="",
        summary="Cây cầu nối đôi bờ sông Cửa Lớn.",
        body="<p>Sáng nay, tỉnh Cà Mau khánh thành cầu Năm Căn mới.</p>",
        author_name="Lâm Thị Thu",
        source="Báo Cà Mau",
        expected_version="",
    )
    assert client.post(reverse("admin:editorial_article_add"), data).status_code == 302
    article = Article.objects.get()
    url = article.get_absolute_url()

    before = walk(client, board, article, django_capture_on_commit_callbacks)
    assert before == [404, 404, 404, 404]  # draft, submitted, in review, awaiting approval: not public

    article.refresh_from_db()
    assert article.state == State.PUBLISHED
    response = Client().get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Cà Mau khánh thành cầu Năm Căn mới" in page
    assert "Lâm Thị Thu" in page and "Báo Cà Mau" in page
    assert "Sáng nay, tỉnh Cà Mau khánh thành cầu Năm Căn mới." in page


def test_approved_live_edit_shows_on_the_next_request(client, board, settings, django_capture_on_commit_callbacks):
    settings.PORTAL_PAGE_CACHE = True
    client.force_login(board.contributor)
    data = form_data(
        Article(portal=board.portal, category=board.local, language="vi", version=1),
        title="Lịch cắt điện tuần này",
        slug="",
        summary="Điện lực Cà Mau thông báo lịch cắt điện.",
        author_name="Điện lực Cà Mau",
        source="Công ty Điện lực Cà Mau",
        body="<p>Cắt điện thứ Hai tại phường 5.</p>",
        expected_version="",
    )
    assert client.post(reverse("admin:editorial_article_add"), data).status_code == 302
    article = Article.objects.get()
    walk(client, board, article, django_capture_on_commit_callbacks)
    article.refresh_from_db()
    url = article.get_absolute_url()
    citizen = Client()
    assert "Cắt điện thứ Hai tại phường 5." in citizen.get(url).content.decode()
    assert citizen.get(url)["X-Page-Cache"] == "hit"

    client.force_login(board.contributor)
    edit = form_data(article, body="<p>Cắt điện thứ Ba tại phường 7.</p>")
    assert client.post(reverse("admin:editorial_article_change", args=[article.pk]), edit).status_code == 302
    page = citizen.get(url).content.decode()
    assert "thứ Hai tại phường 5" in page and "thứ Ba tại phường 7" not in page  # live version stays up

    walk(client, board, article, django_capture_on_commit_callbacks)
    response = citizen.get(url)
    assert response["X-Page-Cache"] == "miss"
    page = response.content.decode()
    assert "Cắt điện thứ Ba tại phường 7." in page and "thứ Hai tại phường 5" not in page
