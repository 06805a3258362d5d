"""The page cache keys on the parameters each page reads: tracking parameters share the plain page's entry."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from tests.portal.factories import ArticleFactory, LegalDocumentFactory

pytestmark = pytest.mark.django_db


def page_entries():
    """Keys of stored pages, in the local-memory cache of plain test runs or in Redis (REDIS_URL set)."""
    if hasattr(cache, "_cache") and isinstance(cache._cache, dict):
        keys = [str(key) for key in cache._cache]
    else:
        keys = [key.decode() for key in cache._cache.get_client().keys("*")]
    return [key for key in keys if "portal:page:" in key]


def test_fifty_tracking_parameters_make_one_entry_and_are_served_from_it(client, province, news):
    ArticleFactory(category=news, title="Tin chia sẻ trên mạng xã hội")
    responses = [client.get(f"/?utm_source=zalo&fbclid={i}x{i * 7919}") for i in range(50)]
    assert len(page_entries()) == 1
    assert [r["X-Page-Cache"] for r in responses[:2]] == ["miss", "hit"]
    assert all("Tin chia sẻ trên mạng xã hội" in r.content.decode() for r in responses)
    assert client.get("/")["X-Page-Cache"] == "hit"  # the plain address shares that entry


def test_a_real_filter_is_cached_separately_and_shows_its_own_page(client, province, news):
    for i in range(25):
        ArticleFactory(category=news, title=f"Bài số {i:02d} trong chuyên mục")
    url = reverse("portal:news")
    first = client.get(url).content.decode()
    second = client.get(f"{url}?trang=2&utm_campaign=x")
    assert second["X-Page-Cache"] == "miss"
    again = client.get(f"{url}?utm_campaign=y&trang=2")
    assert again["X-Page-Cache"] == "hit"
    assert len(page_entries()) == 2
    page_two = again.content.decode()
    # 20 per page, newest first: page 2 holds the five oldest, page 1 the others.
    assert "Bài số 00 trong chuyên mục" in page_two and "Bài số 00 trong chuyên mục" not in first
    assert "Bài số 24 trong chuyên mục" in first and "Bài số 24 trong chuyên mục" not in page_two
    assert client.get(url)["X-Page-Cache"] == "hit"


def test_a_parameter_the_page_does_not_read_is_neither_stored_nor_served_from_another_entry(client, province, news):
    url = reverse("portal:introduction")
    client.get(url)
    responses = [client.get(f"{url}?trang={i}") for i in range(5)]  # another page's parameter, random values
    assert all(r.status_code == 200 and r.get("X-Page-Cache") != "hit" for r in responses)
    assert len(page_entries()) == 1


def test_pagination_links_do_not_carry_tracking_parameters(client, province, news):
    ArticleFactory.create_batch(25, category=news)
    LegalDocumentFactory.create_batch(25, portal=province)
    page = client.get(reverse("portal:documents") + "?q=quy+dinh&utm_source=facebook").content.decode()
    assert "trang=2" in page and "utm_source" not in page
    assert "utm_source" not in client.get(reverse("portal:news") + "?utm_source=facebook").content.decode()
