"""Query budgets of the public pages, rendered with a cold cache, whatever the number of articles."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from editorial.models import Article
from tests.portal.factories import (
    CategoryFactory,
    ConsultationDraftFactory,
    LeaderFactory,
    LegalDocumentFactory,
    WorkScheduleEntryFactory,
)

pytestmark = pytest.mark.django_db

HOST = {"HTTP_HOST": "camau.gov.vn"}


def _bulk_articles(categories, count):
    now = timezone.now()
    rows = []
    for n in range(count):
        category = categories[n % len(categories)]
        rows.append(
            Article(
                portal=category.portal,
                category=category,
                title=f"Tin hàng loạt số {n} về kinh tế biển",
                slug=f"tin-hang-loat-{n}",
                summary="Tóm tắt",
                body="<p>Nội dung</p>",
                author_name="Phóng viên",
                source="Văn phòng",
                state="published",
                language="vi",
                published_at=now - datetime.timedelta(minutes=n + 1),
                is_featured=n % 50 == 0,
                search_text=f"tin hang loat so {n} ve kinh te bien tom tat phong vien van phong",
            )
        )
    Article.objects.bulk_create(rows, batch_size=250)


@pytest.fixture(params=[10, 500], ids=["10-articles", "500-articles"])
def site(request, province, department, news):
    categories = [news] + [CategoryFactory(portal=province, slug=f"muc-{n}", name=f"Mục {n}") for n in range(5)]
    categories.append(CategoryFactory(portal=province, parent=news, slug="con", name="Mục con"))
    _bulk_articles(categories, request.param)
    dept_cat = CategoryFactory(portal=department, slug="tin-so")
    _bulk_articles([dept_cat], 5 if request.param == 10 else 100)
    for _ in range(8):
        LegalDocumentFactory(portal=province)
        WorkScheduleEntryFactory(portal=province).leaders.add(LeaderFactory(portal=province))
    ConsultationDraftFactory(portal=province)
    article = Article.objects.filter(portal=province, category=news).first()
    return {"article": article}


def _count(client, url):
    from components.selectors import portal_domain_map, portal_index
    from portal.fragments import clear_local

    cache.clear()
    clear_local()
    portal_domain_map()  # warms only the installation's portal maps; the page itself is measured cold below
    portal_index()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, **HOST)
    assert response.status_code == 200, url
    return len(ctx.captured_queries), response


def _count_warm(client, url):
    """Queries of the next request to the same page once the per-generation blocks are cached (page cache off)."""
    client.get(url, **HOST)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, **HOST)
    assert response.status_code == 200, url
    return len(ctx.captured_queries), [q["sql"] for q in ctx.captured_queries]


def test_home_stays_within_11_queries(client, site, settings):
    settings.PORTAL_PAGE_CACHE = False
    # (10) the portal's row (then kept per process); latest 80 articles with
    # their category; categories of the portal; component portal ids; news of component portals; latest
    # documents; open consultations; this week's schedule + its leaders (prefetch); latest answered questions;
    # component directory. All cached per portal generation (home blocks, side boxes, rendered fragments).
    count, response = _count(client, "/")
    assert count <= 11, count
    assert "Tin hàng loạt số 0 về kinh tế biển" in response.content.decode()
    warm, sql = _count_warm(client, "/")
    assert warm == 0, sql  # every block of the home page is cached until the portal's content changes


def test_category_stays_within_5_queries(client, site, settings):
    settings.PORTAL_PAGE_CACHE = False
    # portal row; categories of the portal; count of the category's articles; the page of articles with their
    # category.
    count, _ = _count(client, "/tin-tuc/tin-tuc-su-kien/?trang=2")
    assert count <= 5, count
    warm, sql = _count_warm(client, "/tin-tuc/tin-tuc-su-kien/?trang=2")
    assert warm == 0, sql  # count and rendered list are cached per portal generation


def test_article_stays_within_6_queries(client, site, settings):
    settings.PORTAL_PAGE_CACHE = False
    # portal row; the article with its category; categories (breadcrumbs); its tags; its translation;
    # related articles. All kept per portal generation afterwards.
    count, _ = _count(client, site["article"].get_absolute_url())
    assert count <= 6, count
    warm, sql = _count_warm(client, site["article"].get_absolute_url())
    assert warm == 0, sql  # the article, its tags, translation and related articles are cached per generation


def test_search_stays_within_6_queries(client, site, settings):
    settings.PORTAL_PAGE_CACHE = False
    # portal by id; portal tree (search scope); count of the UNION; the page of the UNION; the page's
    # articles; the page's documents (only types present on the page are loaded).
    count, response = _count(client, "/tim-kiem/?q=kinh+te+bien")
    assert count <= 6, count
    assert "Tìm thấy" in response.content.decode()


def test_rss_and_legal_documents_make_one_query_when_warm(client, site, settings):
    settings.PORTAL_PAGE_CACHE = False
    # RSS: the newest articles with their category (the portal is the request's, never loaded per item).
    warm, sql = _count_warm(client, "/rss/")
    assert warm == 1, sql
    # Legal documents: the page of documents (count and filter options cached per portal generation).
    warm, sql = _count_warm(client, "/van-ban/")
    assert warm == 1, sql
