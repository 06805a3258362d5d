"""Small things a citizen notices: the tab icon, answer dates, Q&A in the sitemap, the language switch keeping the
page's filters, the first image fetched first, contact details that are never broken inside."""

import datetime
import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.utils import timezone

from tests.feedback.factories import QuestionFactory
from tests.portal.factories import ArticleFactory, LeaderFactory

pytestmark = pytest.mark.django_db


def _answered(portal, **kw):
    return QuestionFactory(
        portal=portal,
        status="answered",
        is_published=True,
        published_at=timezone.now(),
        closed_at=timezone.make_aware(datetime.datetime(2026, 6, 3, 10, 0)),
        published_title="Thủ tục đăng ký khai sinh",
        published_body="Cần giấy tờ gì?",
        published_answer="Tờ khai và giấy chứng sinh.",
        **kw,
    )


def test_every_page_has_a_tab_icon_and_favicon_ico_does_not_404(client, province):
    page = client.get("/").content.decode()
    icon = re.search(r'<link rel="icon" href="([^"]+)" type="image/svg\+xml">', page)
    assert icon and finders.find("img/favicon.svg")
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"].endswith("img/favicon.svg")


def test_a_published_answer_shows_its_date(client, province):
    question = _answered(province)
    page = client.get(f"/hoi-dap/{question.pk}/").content.decode()
    assert "Ngày trả lời" in page and "03/06/2026" in page


def test_published_questions_are_in_the_sitemap(client, province):
    question = _answered(province)
    QuestionFactory(portal=province, title="Chưa công khai")
    index = client.get("/sitemap.xml").content.decode()
    assert "sitemap-questions.xml" in index
    section = client.get("/sitemap-questions.xml").content.decode()
    assert f"/hoi-dap/{question.pk}/" in section and section.count("<url>") == 1
    assert "/hoi-dap/</loc>" in client.get("/sitemap-pages.xml").content.decode()


def test_the_language_switch_keeps_the_pages_filters(client, province):
    page = client.get("/van-ban/", {"loai": "quyet-dinh", "trang": "1"}).content.decode()
    assert 'href="/en/van-ban/?loai=quyet-dinh&amp;trang=1" hreflang="en"' in page
    home = client.get("/").content.decode()
    assert 'href="/en/" hreflang="en"' in home


def test_the_first_image_of_home_and_article_is_fetched_first_and_later_ones_lazily(
    client, province, news, settings, tmp_path
):
    import io

    from django.core.files.base import ContentFile
    from PIL import Image

    settings.MEDIA_ROOT = str(tmp_path)
    buffer = io.BytesIO()
    Image.new("RGB", (640, 360), (10, 20, 30)).save(buffer, format="PNG")
    for n in range(3):
        older = ArticleFactory(category=news, title=f"Tin có ảnh số {n}", is_featured=True)
        older.featured_image.save(f"anh-{n}.png", ContentFile(buffer.getvalue()))
    article = ArticleFactory(
        category=news, title="Khánh thành cầu Đầm Cùng", is_featured=True, published_at=timezone.now()
    )
    article.featured_image.save("anh.png", ContentFile(buffer.getvalue()))
    for url in ("/", article.get_absolute_url()):
        page = client.get(url).content.decode()
        images = re.findall(r"<img [^>]*>", page[page.index("<main") :])
        photos = [tag for tag in images if "/media/" in tag]
        assert photos, url
        assert 'loading="eager"' in photos[0] and 'fetchpriority="high"' in photos[0], url
        assert all('loading="lazy"' in tag for tag in photos[1:]), url


def test_leaders_phone_and_email_are_kept_whole(client, province):
    LeaderFactory(portal=province, phone="0290 3831 111", email="nguyenvanminh@camau.gov.vn")
    page = client.get("/gioi-thieu/lanh-dao/").content.decode()
    assert '<a class="contact-value" href="tel:02903831111">0290 3831 111</a>' in page
    assert '<a class="contact-value" href="mailto:nguyenvanminh@camau.gov.vn">' in page
    css = Path(finders.find("css/portal.css")).read_text()
    assert ".leader-card .contact-value { white-space: nowrap; }" in css


def test_the_phone_menu_is_closed_by_css_from_the_first_paint(client, province):
    page = client.get("/").content.decode()
    toggle = re.search(r'<button type="button" class="menu-toggle"[^>]*>', page).group(0)
    assert 'aria-expanded="false"' in toggle and "hidden" not in toggle  # no change for the script to make
    css = Path(finders.find("css/portal.css")).read_text()
    assert "@media (max-width: 767px) and (scripting: enabled)" in css
