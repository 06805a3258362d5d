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


def test_one_client_is_safe_across_threads(redis_cache):
    """gthread workers: even one cache object shared by threads (Django gives each thread its own) stays correct."""
    from concurrent.futures import ThreadPoolExecutor

    def work(n):
        for i in range(100):
            redis_cache.set(f"t{n}-{i}", (n, i))
            assert redis_cache.get_many([f"t{n}-{i}"]) == {f"t{n}-{i}": (n, i)}
        return n

    with ThreadPoolExecutor(8) as pool:
        assert sorted(pool.map(work, range(8))) == list(range(8))


def test_a_forked_worker_gets_its_own_connections(redis_cache):
    """gunicorn --preload forks after the parent may have used the cache: the child must not share its socket."""
    redis_cache.set("before-fork", 1)
    pid = os.fork()
    if pid == 0:  # child: exit status tells the parent whether the cache worked
        try:
            ok = redis_cache.get("before-fork") == 1 and redis_cache.set("from-child", 2) is None
        except Exception:
            ok = False
        os._exit(0 if ok else 1)
    _pid, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert redis_cache.get("from-child") == 2 and redis_cache.get("before-fork") == 1
