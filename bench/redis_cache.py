"""Bench-only: Django's Redis cache backend with one client object per connection pool.

Django's RedisCacheClient.get_client() builds a new redis.Redis object for every cache call; with redis-py 8 that
fills a large response-callback table each time. redis.Redis objects are thread-safe and cheap to share, so this
keeps one per pool. Measured by the `sitecache-fast` server of bench/scenarios.toml; a candidate for the project's
own cache backend (bench/analysis.md §2).
"""

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class ReusingRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = self._client(connection_pool=self._get_connection_pool(write))
        return client


class ReusingRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient
