"""Anonymous pages are cached per portal, language and path, and dropped as soon as what they show changes."""

import datetime

import pytest
from django.utils import timezone

from editorial.signals import content_changed
from tests.factories import UserFactory
from tests.portal.factories import ArticleFactory, ConsultationDraftFactory

pytestmark = pytest.mark.django_db(transaction=False)


def test_second_anonymous_request_is_served_from_the_cache(client, province, news, django_assert_num_queries):
    ArticleFactory(category=news, title="Tin đầu tiên")
    first = client.get("/")
    assert first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):  # the middleware's portal row is kept per process (components.selectors)
        second = client.get("/")
    assert second["X-Page-Cache"] == "hit" and "Tin đầu tiên" in second.content.decode()


def test_publishing_shows_on_the_home_page_at_the_next_request(
    client, province, news, django_capture_on_commit_callbacks
):
    client.get("/")
    with django_capture_on_commit_callbacks(execute=True):
        ArticleFactory(category=news, title="Tin vừa xuất bản")
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
        ArticleFactory(category=cat, title="Tin mới của sở")
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
