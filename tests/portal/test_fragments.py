"""The shared header, menu and footer (and the home page's blocks) are cached as rendered HTML per portal
generation, and with the page cache off a visitor still sees every change at the next request.

Every change goes the way an editor makes it (admin pages, services): they announce it, nothing else does.
"""

import pytest
from django.urls import reverse
from django.utils import translation

from components.models import MenuItem
from editorial import services
from editorial.models import Category, UnpublishReason
from tests.adminform import form_data, inline_prefix
from tests.editorial.factories import board_user
from tests.portal.factories import ArticleFactory

pytestmark = pytest.mark.django_db

HOST = {"HTTP_HOST": "camau.gov.vn"}


def publish(category, **fields):
    """An article that went through the workflow and was approved by the portal's chief."""
    article = ArticleFactory(category=category, state="awaiting_approval", published_at=None, **fields)
    chief = board_user(category.portal, "chief", username=f"chief.{category.portal.slug}.{article.pk}")
    return services.approve(obj=article, user=chief)


def admin_save(client, url, **changes):
    page = client.get(url)
    assert page.status_code == 200, url
    response = client.post(url, form_data(page, **changes))
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    return response


@pytest.fixture(autouse=True)
def _uncached_pages(settings):
    settings.PORTAL_PAGE_CACHE = False  # as the benchmark servers run: only the fragments are cached


def _page(client, path="/"):
    response = client.get(path, **HOST)
    assert response.status_code == 200, path
    return response.content.decode()


def test_portal_name_change_shows_in_header_and_footer_at_once(
    client, admin_client, province, news, django_capture_on_commit_callbacks
):
    assert "Cổng Thông tin điện tử tỉnh Cà Mau" in _page(client, "/tin-tuc/tin-tuc-su-kien/")
    with django_capture_on_commit_callbacks(execute=True):
        admin_save(
            admin_client,
            reverse("admin:components_portal_change", args=[province.pk]),
            name="Cổng TTĐT tỉnh Cà Mau (mới)",
            owner_name="UBND tỉnh Cà Mau (mới)",
        )
    page = _page(client, "/tin-tuc/tin-tuc-su-kien/")
    assert '<span class="brand-name">Cổng TTĐT tỉnh Cà Mau (mới)</span>' in page
    assert '<p class="footer-title">Cổng TTĐT tỉnh Cà Mau (mới)</p>' in page
    assert "UBND tỉnh Cà Mau (mới)" in page


def test_province_name_change_shows_in_a_component_portals_header(
    client, admin_client, province, department, django_capture_on_commit_callbacks
):
    assert "Về Cổng Thông tin điện tử tỉnh Cà Mau" in _page(client, "/web/sokhcn/")
    with django_capture_on_commit_callbacks(execute=True):
        admin_save(admin_client, reverse("admin:components_portal_change", args=[province.pk]), name="Tỉnh Cà Mau mới")
    page = _page(client, "/web/sokhcn/")
    assert "Về Tỉnh Cà Mau mới" in page and '<span class="brand-owner">Tỉnh Cà Mau mới</span>' in page


def test_category_rename_and_new_category_show_in_the_menu_at_once(
    client, admin_client, province, news, django_capture_on_commit_callbacks
):
    assert ">Tin tức - Sự kiện</a></li>" in _page(client)
    with django_capture_on_commit_callbacks(execute=True):
        admin_save(admin_client, reverse("admin:editorial_category_change", args=[news.pk]), name="Tin tức và sự kiện")
        admin_save(
            admin_client,
            reverse("admin:editorial_category_add"),
            portal=str(province.pk),
            name="Chuyên mục mới",
            slug="chuyen-muc-moi",
            show_in_menu="on",
            is_active="on",
        )
    page = _page(client)
    assert ">Tin tức và sự kiện</a></li>" in page and ">Tin tức - Sự kiện</a></li>" not in page
    assert '<a href="/tin-tuc/chuyen-muc-moi/">Chuyên mục mới</a>' in page
    added = Category.objects.get(slug="chuyen-muc-moi")
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(reverse("admin:editorial_category_delete", args=[added.pk]), {"post": "yes"})
    assert "Chuyên mục mới" not in _page(client)


def test_menu_item_of_a_component_portal_shows_and_goes_at_once(
    client, admin_client, province, department, django_capture_on_commit_callbacks
):
    url = reverse("admin:components_portal_change", args=[department.pk])
    prefix = inline_prefix(admin_client.get(url), MenuItem)
    assert "Bản tin sở" not in _page(client, "/web/sokhcn/")
    with django_capture_on_commit_callbacks(execute=True):
        admin_save(
            admin_client,
            url,
            **{
                f"{prefix}-TOTAL_FORMS": "1",
                f"{prefix}-0-label": "Bản tin sở",
                f"{prefix}-0-url": "/ban-tin/",
                f"{prefix}-0-order": "1",
            },
        )
    assert "Bản tin sở" in _page(client, "/web/sokhcn/")
    item = MenuItem.objects.get(portal=department)
    with django_capture_on_commit_callbacks(execute=True):
        admin_save(admin_client, url, **{f"{prefix}-0-DELETE": "on", f"{prefix}-0-id": str(item.pk)})
    assert "Bản tin sở" not in _page(client, "/web/sokhcn/")


def test_new_article_shows_on_the_cached_home_blocks_at_once(
    client, province, news, django_capture_on_commit_callbacks
):
    _page(client)
    with django_capture_on_commit_callbacks(execute=True):
        publish(news, title="Tin vừa đăng lên trang chủ")
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
        publish(news, title="Tin mới nhất của chuyên mục")
    assert "Tin mới nhất của chuyên mục" in _page(client, "/tin-tuc/tin-tuc-su-kien/")
    assert "Tin thứ 05 của chuyên mục" in _page(client, "/tin-tuc/tin-tuc-su-kien/?trang=2")  # pushed to page 2


def test_article_page_shows_an_edit_and_an_unpublication_at_once(
    client, province, news, django_capture_on_commit_callbacks
):
    writer = board_user(province, "contributor", username="contributor.edits")
    article = publish(news, title="Tiêu đề ban đầu", created_by=writer)
    sibling = publish(news, title="Tin cùng chuyên mục")
    chief = board_user(province, "chief", username="chief.edits")
    assert "Tiêu đề ban đầu" in _page(client, article.get_absolute_url())
    with django_capture_on_commit_callbacks(execute=True):  # the author's edit of live content, approved
        article.title = "Tiêu đề đã sửa"
        article = services.content_update(obj=article, user=writer)
        article = services.submit(obj=article, user=writer)
        for step in (services.forward, services.forward, services.approve):
            article = step(obj=article, user=chief)
    page = _page(client, article.get_absolute_url())
    assert "<h1>Tiêu đề đã sửa</h1>" in page and "Tin cùng chuyên mục" in page  # related list
    with django_capture_on_commit_callbacks(execute=True):
        for item in (sibling, article):
            services.unpublish(obj=item, user=chief, reason=UnpublishReason.ERROR, comment="Đăng nhầm")
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
