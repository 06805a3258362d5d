"""Unpublished, scheduled, expired and other portals' content never leaks into pages, feeds or sitemaps."""

import datetime

import pytest
from django.utils import timezone

from tests.factories import PortalFactory
from tests.portal.factories import ArticleFactory, CategoryFactory, ConsultationDraftFactory, LegalDocumentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def hidden(province, department, news):
    now = timezone.now()
    other = PortalFactory(slug="tinhkhac", parent=None, kind="province", name="Tỉnh khác")
    return [
        ArticleFactory(category=news, title="AN-DRAFT", state="draft", published_at=None),
        ArticleFactory(category=news, title="AN-REVIEW", state="awaiting_approval", published_at=None),
        ArticleFactory(
            category=news,
            title="AN-SCHEDULED",
            state="scheduled",
            published_at=None,
            go_live_at=now + datetime.timedelta(hours=2),
        ),
        ArticleFactory(category=news, title="AN-FUTURE", published_at=now + datetime.timedelta(hours=2)),
        ArticleFactory(category=news, title="AN-EXPIRED", expire_at=now - datetime.timedelta(minutes=1)),
        ArticleFactory(category=news, title="AN-UNPUBLISHED", state="unpublished"),
        ArticleFactory(
            category=CategoryFactory(portal=department, slug="tin-so"),
            title="AN-DEPT-DRAFT",
            state="draft",
            published_at=None,
        ),
        ArticleFactory(category=CategoryFactory(portal=other, slug="tin-tk"), title="AN-OTHER-PROVINCE"),
        LegalDocumentFactory(portal=province, number="AN-DOC-DRAFT", title="AN-DOC-DRAFT", state="draft"),
        ConsultationDraftFactory(portal=province, title="AN-DRAFT-CONSULT", state="draft"),
    ]


def test_hidden_content_is_not_on_any_page_feed_or_sitemap(client, province, news, hidden):
    visible = ArticleFactory(category=news, title="AN-VISIBLE")
    urls = [
        "/",
        "/tin-tuc/",
        "/tin-tuc/tin-tuc-su-kien/",
        "/van-ban/",
        "/du-thao/",
        "/rss/",
        "/rss/tin-tuc-su-kien/",
        "/sitemap.xml",
        "/sitemap-articles.xml",
        "/sitemap-documents.xml",
        "/sitemap-consultations.xml",
        "/tim-kiem/?q=an",
        "/lich-cong-tac/",
        "/so-do-cong/",
    ]
    for url in urls:
        body = client.get(url).content.decode()
        for item in hidden:
            assert item.title not in body, (url, item.title)
            assert f"-{item.pk}.html" not in body or item.pk == visible.pk, (url, item.title)
    assert "AN-VISIBLE" in client.get("/rss/").content.decode()
    assert visible.get_absolute_url() in client.get("/sitemap-articles.xml").content.decode()


def test_hidden_content_pages_answer_404(client, province, hidden):
    for item in hidden:
        url = item.get_absolute_url() if item.portal_id == province.pk else None
        if url:
            assert client.get(url).status_code == 404, item.title


def test_component_portal_pages_show_only_its_own_content(client, province, department, news):
    ArticleFactory(category=news, title="Tin của tỉnh")
    own = ArticleFactory(category=CategoryFactory(portal=department, slug="tin-so", name="Tin Sở"), title="Tin của sở")
    body = client.get("/web/sokhcn/").content.decode()
    assert "Tin của sở" in body and "Tin của tỉnh" not in body
    assert client.get(f"/web/sokhcn/tin-tuc/tin-tuc-su-kien/x-{own.pk + 1000}.html").status_code == 404
    # The province's article is not reachable under the department's prefix
    province_article = ArticleFactory(category=news, title="Chỉ của tỉnh")
    assert client.get(f"/web/sokhcn{province_article.get_absolute_url()}").status_code == 404


def test_robots_names_the_sitemap_and_sitemap_lists_published_pages(client, province, news):
    article = ArticleFactory(category=news)
    doc = LegalDocumentFactory(portal=province)
    robots = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in robots and "Disallow: /admin/" in robots
    index = client.get("/sitemap.xml").content.decode()
    assert "<sitemapindex" in index
    for section in ["pages", "categories", "articles", "documents", "consultations"]:
        assert f"http://testserver/sitemap-{section}.xml" in index
    assert f"http://testserver{article.get_absolute_url()}" in client.get("/sitemap-articles.xml").content.decode()
    assert f"http://testserver{doc.get_absolute_url()}" in client.get("/sitemap-documents.xml").content.decode()
    assert "http://testserver/en/gioi-thieu/" in client.get("/sitemap-pages.xml").content.decode()
    assert client.get("/sitemap-khong-co.xml").status_code == 404


def test_rss_is_rss_2_with_the_latest_articles_and_a_feed_per_category(client, province, news):
    ArticleFactory(category=news, title="Tin RSS một")
    other = CategoryFactory(portal=province, slug="van-hoa", name="Văn hóa")
    ArticleFactory(category=other, title="Tin văn hóa")
    feed = client.get("/rss/")
    body = feed.content.decode()
    assert feed["Content-Type"].startswith("application/rss+xml")
    assert '<rss version="2.0"' in body and "Tin RSS một" in body and "Tin văn hóa" in body
    per_category = client.get("/rss/van-hoa/").content.decode()
    assert "Tin văn hóa" in per_category and "Tin RSS một" not in per_category
    assert client.get("/rss/khong-co/").status_code == 404
