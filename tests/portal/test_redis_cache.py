"""The project's Redis cache backend keeps one client per pool and behaves like Django's."""

import os

import pytest

from portal.redis_cache import ReusingRedisCache


@pytest.fixture
def redis_cache():
    url = os.environ.get("REDIS_URL")
    if not url:
        pytest.skip("needs REDIS_URL (CI runs with Redis)")
    cache = ReusingRedisCache(url, {"KEY_PREFIX": "bench-test-reuse", "TIMEOUT": 30})
    yield cache
    cache.clear()


def test_cache_calls_share_one_redis_client(redis_cache):
    redis_cache.set("greeting", "xin chào")
    assert redis_cache.get("greeting") == "xin chào"
    client = redis_cache._cache.get_client()
    assert redis_cache._cache.get_client() is client
    assert redis_cache.get_many(["greeting", "missing"]) == {"greeting": "xin chào"}
