"""The English site (/en/) shows English content and an English UI; the switch goes to the translation."""

import pytest

from tests.portal.factories import ArticleFactory, CategoryFactory

pytestmark = pytest.mark.django_db


def test_english_home_shows_english_articles_and_ui(client, province, news):
    ArticleFactory(category=news, title="Bài tiếng Việt")
    ArticleFactory(category=news, title="Ca Mau welcomes investors", language="en")
    page = client.get("/en/").content.decode()
    assert '<html lang="en">' in page
    assert "Ca Mau welcomes investors" in page and "Bài tiếng Việt" not in page
    for label in ["Home", "Introduction", "News", "Documents", "Site map", "Online public services"]:
        assert f">{label}</a>" in page, label
    assert 'href="/en/tin-tuc/tin-tuc-su-kien/"' in page and ">News</a>" in page  # category name_en
    vi = client.get("/").content.decode()
    assert "Bài tiếng Việt" in vi and "Ca Mau welcomes investors" not in vi


def test_language_switch_and_hreflang_point_to_the_translation(client, province, news):
    original = ArticleFactory(category=news, title="Cà Mau đón nhà đầu tư")
    translated = ArticleFactory(
        category=news, title="Ca Mau welcomes investors", language="en", translation_of=original
    )
    vi_url = original.get_absolute_url()
    vi_page = client.get(vi_url).content.decode()
    en_url = f"/en/tin-tuc/tin-tuc-su-kien/{translated.slug}-{translated.pk}.html"
    assert f'href="{en_url}" hreflang="en"' in vi_page
    assert f'<link rel="alternate" hreflang="en" href="http://testserver{en_url}">' in vi_page
    en_page = client.get(en_url).content.decode()
    assert "Ca Mau welcomes investors" in en_page and "Published" in en_page
    assert f'href="{vi_url}" hreflang="vi"' in en_page


def test_article_without_translation_switches_to_the_other_home_and_wrong_language_url_redirects(
    client, province, news
):
    article = ArticleFactory(category=news, title="Chỉ có tiếng Việt")
    url = article.get_absolute_url()
    page = client.get(url).content.decode()
    assert 'href="/en/" hreflang="en"' in page and 'hreflang="en" href=' not in page
    response = client.get("/en" + url)
    assert response.status_code == 301 and response["Location"] == url


def test_list_pages_switch_to_the_same_page_in_english(client, province, news):
    CategoryFactory(portal=province, slug="kinh-te", name="Kinh tế", name_en="Economy")
    page = client.get("/van-ban/").content.decode()
    assert 'href="/en/van-ban/" hreflang="en"' in page
    english = client.get("/en/van-ban/").content.decode()
    assert "Document type" in english and "Issuing body" in english
    assert "Economy" in client.get("/en/tin-tuc/kinh-te/").content.decode()


def test_documents_have_no_false_english_alternate_and_wrong_language_urls_redirect(client, province):
    from tests.portal.factories import LegalDocumentFactory

    doc = LegalDocumentFactory(portal=province)
    url = doc.get_absolute_url()
    page = client.get(url).content.decode()
    assert 'hreflang="en" href=' not in page and 'href="/en/" hreflang="en"' in page
    response = client.get("/en" + url)
    assert response.status_code == 301 and response["Location"] == url
