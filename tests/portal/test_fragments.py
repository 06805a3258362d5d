"""The shared header, menu and footer (and the home page's blocks) are cached as rendered HTML per portal
generation, and with the page cache off a visitor still sees every change at the next request."""

import pytest
from django.utils import translation

from components.models import MenuItem
from editorial.models import Category
from tests.portal.factories import ArticleFactory, CategoryFactory

pytestmark = pytest.mark.django_db

HOST = {"HTTP_HOST": "camau.gov.vn"}


@pytest.fixture(autouse=True)
def _uncached_pages(settings):
    settings.PORTAL_PAGE_CACHE = False  # as the benchmark servers run: only the fragments are cached


def _page(client, path="/"):
    response = client.get(path, **HOST)
    assert response.status_code == 200, path
    return response.content.decode()


def test_portal_name_change_shows_in_header_and_footer_at_once(
    client, province, news, django_capture_on_commit_callbacks
):
    assert "Cổng Thông tin điện tử tỉnh Cà Mau" in _page(client, "/tin-tuc/tin-tuc-su-kien/")
    with django_capture_on_commit_callbacks(execute=True):
        province.name = "Cổng TTĐT tỉnh Cà Mau (mới)"
        province.owner_name = "UBND tỉnh Cà Mau (mới)"
        province.save()
    page = _page(client, "/tin-tuc/tin-tuc-su-kien/")
    assert '<span class="brand-name">Cổng TTĐT tỉnh Cà Mau (mới)</span>' in page
    assert '<p class="footer-title">Cổng TTĐT tỉnh Cà Mau (mới)</p>' in page
    assert "UBND tỉnh Cà Mau (mới)" in page


def test_province_name_change_shows_in_a_component_portals_header(
    client, province, department, django_capture_on_commit_callbacks
):
    assert "Về Cổng Thông tin điện tử tỉnh Cà Mau" in _page(client, "/web/sokhcn/")
    with django_capture_on_commit_callbacks(execute=True):
        province.refresh_from_db()
        province.name = "Tỉnh Cà Mau mới"
        province.save()
    page = _page(client, "/web/sokhcn/")
    assert "Về Tỉnh Cà Mau mới" in page and '<span class="brand-owner">Tỉnh Cà Mau mới</span>' in page


def test_category_rename_and_new_category_show_in_the_menu_at_once(
    client, province, news, django_capture_on_commit_callbacks
):
    assert ">Tin tức - Sự kiện</a></li>" in _page(client)
    with django_capture_on_commit_callbacks(execute=True):
        news.name = "Tin tức và sự kiện"
        news.save()
        CategoryFactory(portal=province, name="Chuyên mục mới", slug="chuyen-muc-moi")
    page = _page(client)
    assert ">Tin tức và sự kiện</a></li>" in page and ">Tin tức - Sự kiện</a></li>" not in page
    assert '<a href="/tin-tuc/chuyen-muc-moi/">Chuyên mục mới</a>' in page
    with django_capture_on_commit_callbacks(execute=True):
        Category.objects.get(slug="chuyen-muc-moi").delete()
    assert "Chuyên mục mới" not in _page(client)


def test_menu_item_of_a_component_portal_shows_and_goes_at_once(
    client, province, department, django_capture_on_commit_callbacks
):
    assert "Bản tin sở" not in _page(client, "/web/sokhcn/")
    with django_capture_on_commit_callbacks(execute=True):
        item = MenuItem.objects.create(portal=department, label="Bản tin sở", url="/ban-tin/", order=1)
    assert "Bản tin sở" in _page(client, "/web/sokhcn/")
    with django_capture_on_commit_callbacks(execute=True):
        item.delete()
    assert "Bản tin sở" not in _page(client, "/web/sokhcn/")


def test_new_article_shows_on_the_cached_home_blocks_at_once(
    client, province, news, django_capture_on_commit_callbacks
):
    _page(client)
    with django_capture_on_commit_callbacks(execute=True):
        ArticleFactory(category=news, title="Tin vừa đăng lên trang chủ")
    assert "Tin vừa đăng lên trang chủ" in _page(client)


def test_fragments_follow_the_page_not_the_first_visitor(client, province, department, news):
    """Active menu item, language, search words and the /web/<slug>/ prefix are never taken from another page."""
    home = _page(client)
    assert '<a href="/" aria-current="page">Trang chủ</a>' in home
    category = _page(client, "/tin-tuc/tin-tuc-su-kien/")
    assert 'aria-current="page">Trang chủ' not in category
    assert '<a href="/tin-tuc/" aria-current="true">Tin tức</a>' in category
    english = _page(client, "/en/")
    translation.activate("vi")
    assert '<html lang="en">' in english and 'href="/en/tin-tuc/"' in english
    assert 'href="/en/tin-tuc/"' not in _page(client)
    search = _page(client, "/tim-kiem/?q=kinh+t%E1%BA%BF")
    assert 'name="q" value="kinh tế"' in search
    assert 'name="q" value=""' in _page(client)
    # The same department by its /web/<slug>/ prefix and by its own domain: links stay under the address used.
    by_prefix = client.get("/web/sokhcn/", **HOST).content.decode()
    by_domain = client.get("/", HTTP_HOST="sokhcn.camau.gov.vn").content.decode()
    assert 'href="/web/sokhcn/gioi-thieu/"' in by_prefix
    assert 'href="/gioi-thieu/"' in by_domain and 'href="/web/sokhcn/gioi-thieu/"' not in by_domain


def test_header_fragment_holds_nothing_per_visitor(client, admin_client, province, news):
    """A staff member's visit renders the same cached header as an anonymous one: no user, no CSRF token."""
    anonymous = _page(client, "/tin-tuc/tin-tuc-su-kien/")
    staff = admin_client.get("/tin-tuc/tin-tuc-su-kien/", **HOST).content.decode()
    for page in (anonymous, staff):
        header = page[page.index('<header class="site-header">') : page.index("</header>")]
        assert "csrfmiddlewaretoken" not in header and "admin" not in header


def test_category_list_pages_are_cached_apart_and_show_new_articles_at_once(
    client, province, news, django_capture_on_commit_callbacks
):
    for n in range(25):
        ArticleFactory(category=news, title=f"Tin thứ {n:02d} của chuyên mục")
    first, second = _page(client, "/tin-tuc/tin-tuc-su-kien/"), _page(client, "/tin-tuc/tin-tuc-su-kien/?trang=2")
    assert "Tin thứ 24 của chuyên mục" in first and "Tin thứ 24 của chuyên mục" not in second
    assert "Trang 1 / 2" in first and "Trang 2 / 2" in second and "Tin thứ 05 của chuyên mục" not in second
    with django_capture_on_commit_callbacks(execute=True):
        ArticleFactory(category=news, title="Tin mới nhất của chuyên mục")
    assert "Tin mới nhất của chuyên mục" in _page(client, "/tin-tuc/tin-tuc-su-kien/")
    assert "Tin thứ 05 của chuyên mục" in _page(client, "/tin-tuc/tin-tuc-su-kien/?trang=2")  # pushed to page 2


def test_article_page_shows_an_edit_and_an_unpublication_at_once(
    client, province, news, django_capture_on_commit_callbacks
):
    article = ArticleFactory(category=news, title="Tiêu đề ban đầu")
    sibling = ArticleFactory(category=news, title="Tin cùng chuyên mục")
    assert "Tiêu đề ban đầu" in _page(client, article.get_absolute_url())
    with django_capture_on_commit_callbacks(execute=True):
        article.title = "Tiêu đề đã sửa"
        article.save()
    page = _page(client, article.get_absolute_url())
    assert "<h1>Tiêu đề đã sửa</h1>" in page and "Tin cùng chuyên mục" in page  # related list
    with django_capture_on_commit_callbacks(execute=True):
        sibling.state = "unpublished"
        sibling.save()
        article.state = "unpublished"
        article.save()
    assert client.get(article.get_absolute_url(), **HOST).status_code == 404


def test_portal_row_kept_per_process_keeps_its_logo(client, province, django_capture_on_commit_callbacks):
    """The middleware's per-process copy of the portal row carries file fields as the database has them."""
    with django_capture_on_commit_callbacks(execute=True):
        province.logo = "portals/logo-ca-mau.png"
        province.save()
    for _ in range(2):  # the second request is served from the process's copy of the row
        assert 'src="/media/portals/logo-ca-mau.png"' in _page(client, "/tin-tuc/")
    from components.selectors import portal_for_host

    first, second = portal_for_host("camau.gov.vn"), portal_for_host("camau.gov.vn")
    assert first is not second and first.logo.instance is first and second.logo.name == "portals/logo-ca-mau.png"
