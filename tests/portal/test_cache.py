"""Anonymous pages are cached per portal, language and path, and dropped as soon as what they show changes."""

import datetime

import pytest
from django.utils import timezone

from editorial import services
from editorial.signals import content_changed
from tests.editorial.factories import board_user
from tests.factories import UserFactory
from tests.portal.factories import ArticleFactory, ConsultationDraftFactory

pytestmark = pytest.mark.django_db(transaction=False)


def test_second_anonymous_request_is_served_from_the_cache(client, province, news, django_assert_num_queries):
    ArticleFactory(category=news, title="Tin đầu tiên")
    first = client.get("/")
    assert first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):  # answered before portal resolution and sessions
        second = client.get("/")
    assert second["X-Page-Cache"] == "hit" and "Tin đầu tiên" in second.content.decode()


def approve(category, **fields):
    """An article awaiting approval, approved by the portal's chief (editorial.services.approve)."""
    article = ArticleFactory(category=category, state="awaiting_approval", published_at=None, **fields)
    chief = board_user(category.portal, "chief", username=f"chief.{category.portal.slug}")
    return services.approve(obj=article, user=chief)


def test_publishing_shows_on_the_home_page_at_the_next_request(
    client, province, news, django_capture_on_commit_callbacks
):
    client.get("/")
    with django_capture_on_commit_callbacks(execute=True):
        approve(news, title="Tin vừa xuất bản")
    page = client.get("/")
    assert page["X-Page-Cache"] == "miss" and "Tin vừa xuất bản" in page.content.decode()


def test_content_changed_signal_drops_the_pages_of_the_portal(client, province, news):
    article = ArticleFactory(category=news, title="Tin sẽ bị gỡ")
    assert "Tin sẽ bị gỡ" in client.get("/").content.decode()
    # Unpublished through a path that bypasses model signals (queryset update), then the editorial signal.
    type(article).objects.filter(pk=article.pk).update(state="unpublished")
    assert "Tin sẽ bị gỡ" in client.get("/").content.decode()  # still the cached page
    content_changed.send(sender=type(article), instance=article, portal_id=province.pk, action="unpublished")
    assert "Tin sẽ bị gỡ" not in client.get("/").content.decode()


def test_component_portal_change_drops_the_province_pages_too(
    client, province, department, django_capture_on_commit_callbacks
):
    from tests.portal.factories import CategoryFactory

    cat = CategoryFactory(portal=department, slug="tin-so")
    client.get("/")
    client.get("/web/sokhcn/")
    with django_capture_on_commit_callbacks(execute=True):
        approve(cat, title="Tin mới của sở")
    assert "Tin mới của sở" in client.get("/").content.decode()
    assert "Tin mới của sở" in client.get("/web/sokhcn/").content.decode()


def test_pages_are_cached_separately_per_language_and_portal(client, province, department, news):
    ArticleFactory(category=news, title="Tin tiếng Việt")
    ArticleFactory(category=news, title="English news", language="en")
    assert "Tin tiếng Việt" in client.get("/").content.decode()
    english = client.get("/en/").content.decode()
    assert "English news" in english and "Tin tiếng Việt" not in english
    dept = client.get("/web/sokhcn/").content.decode()
    assert "Sở Khoa học" in dept and "Tin tiếng Việt" not in dept


def test_logged_in_staff_and_posts_are_never_cached(client, province, news):
    client.get("/")
    client.force_login(UserFactory(username="bientapvien"))
    response = client.get("/")
    assert "X-Page-Cache" not in response


def test_pages_with_a_csrf_form_are_not_cached_and_the_form_works(client, province):
    draft = ConsultationDraftFactory(portal=province)
    url = draft.get_absolute_url()
    first = client.get(url)
    second = client.get(url)
    assert "X-Page-Cache" not in first and "X-Page-Cache" not in second
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    page = strict.get(url).content.decode()
    token = page.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    response = strict.post(
        url, {"csrfmiddlewaretoken": token, "name": "An", "email": "an@example.com", "body": "Đồng ý", "consent": "on"}
    )
    assert response.status_code == 302 and draft.comments.count() == 1


def test_expired_content_disappears_when_the_editorial_sweep_signals_it(client, province, news):
    article = ArticleFactory(category=news, title="Tin hết hạn", expire_at=timezone.now() + datetime.timedelta(hours=1))
    assert "Tin hết hạn" in client.get("/").content.decode()
    type(article).objects.filter(pk=article.pk).update(expire_at=timezone.now() - datetime.timedelta(seconds=1))
    content_changed.send(sender=type(article), instance=article, portal_id=province.pk, action="expired")
    assert "Tin hết hạn" not in client.get("/").content.decode()


def test_a_hit_carries_the_headers_of_the_whole_stack(client, province, news, django_assert_num_queries):
    client.get("/")
    with django_assert_num_queries(0):
        hit = client.get("/")
    assert hit["X-Page-Cache"] == "hit"
    assert hit["X-Frame-Options"] == "DENY" and hit["Content-Language"] == "vi"
    assert "Cookie" in hit["Vary"] and hit["X-Content-Type-Options"] == "nosniff"


def test_english_and_vietnamese_pages_are_never_mixed(client, province, department, news, django_assert_num_queries):
    ArticleFactory(category=news, title="Tin tiếng Việt")
    ArticleFactory(category=news, title="English news", language="en")
    # The language comes from the URL prefix only (i18n_patterns, no prefix for Vietnamese), as in LocaleMiddleware:
    # a browser asking for English, or a language cookie, still gets the Vietnamese page at "/".
    client.cookies["django_language"] = "en"
    assert "Tin tiếng Việt" in client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "English news" in client.get("/en/").content.decode()
    client.get("/web/sokhcn/en/")
    with django_assert_num_queries(0):
        vietnamese = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
        english = client.get("/en/", HTTP_ACCEPT_LANGUAGE="vi")
        department_english = client.get("/web/sokhcn/en/")
    assert vietnamese["X-Page-Cache"] == english["X-Page-Cache"] == department_english["X-Page-Cache"] == "hit"
    assert vietnamese["Content-Language"] == "vi" and "English news" not in vietnamese.content.decode()
    assert english["Content-Language"] == "en" and "Tin tiếng Việt" not in english.content.decode()
    assert department_english["Content-Language"] == "en"


def test_a_logged_in_user_is_never_served_a_cached_page(client, province, news):
    ArticleFactory(category=news, title="Tin công khai")
    assert client.get("/")["X-Page-Cache"] == "miss"
    assert client.get("/")["X-Page-Cache"] == "hit"
    client.force_login(UserFactory(username="bientapvien", is_staff=True))
    for _ in range(2):
        response = client.get("/")
        assert response.status_code == 200 and "X-Page-Cache" not in response


def test_pending_messages_bypass_the_cache(client, province, news):
    client.get("/")
    assert client.get("/")["X-Page-Cache"] == "hit"
    client.cookies["messages"] = "anything"
    assert client.get("/").get("X-Page-Cache") != "hit"


def test_anonymous_visitor_with_a_session_cookie_gets_cached_pages_from_the_late_middleware(client, province, news):
    from django.conf import settings

    client.get("/")
    client.cookies[settings.SESSION_COOKIE_NAME] = "no-such-session"
    assert client.get("/")["X-Page-Cache"] == "hit"


def test_a_domain_moving_away_is_seen_at_the_next_request(client, province, department):
    host = {"HTTP_HOST": "sokhcn.camau.gov.vn"}
    assert "Sở Khoa học" in client.get("/", **host).content.decode()
    assert client.get("/", **host)["X-Page-Cache"] == "hit"
    department.domain = None
    department.save()  # not committed-callbacks: the route map is dropped at once
    page = client.get("/", **host)
    assert page.status_code == 200 and page.get("X-Page-Cache") != "hit"
    assert "Sở Khoa học và Công nghệ tỉnh Cà Mau" not in page.content.decode().split("<main", 1)[0]


def test_a_retired_portal_stops_answering_from_the_cache(
    client, province, department, django_capture_on_commit_callbacks
):
    client.get("/web/sokhcn/")
    assert client.get("/web/sokhcn/")["X-Page-Cache"] == "hit"
    from components.services import portal_retire

    province_admin = board_user(department.parent, "administrator", username="admin.province")
    with django_capture_on_commit_callbacks(execute=True):
        portal_retire(portal=department, by=province_admin, notice="Cổng đã ngừng hoạt động.")
    assert client.get("/web/sokhcn/").status_code == 410


def test_pages_still_render_when_redis_is_down(client, province, news, settings):
    ArticleFactory(category=news, title="Tin khi Redis ngừng")
    settings.CACHES = {
        "default": {
            "BACKEND": "portal.redis_cache.ReusingRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    for _ in range(2):
        response = client.get("/")
        assert response.status_code == 200 and "Tin khi Redis ngừng" in response.content.decode()
        assert response.get("X-Page-Cache") != "hit"
