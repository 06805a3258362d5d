"""Django's Redis cache backend with one redis.Redis client per connection pool.

Django's RedisCacheClient.get_client() builds a new redis.Redis object for every cache call; with redis-py 8 that
fills a large response-callback table each time (about a third of the CPU of a cache call, bench/analysis.md §4).
The connection pools were already shared; this keeps the client that wraps each pool too.

Safe to share: a redis.Redis object holds no per-command state (commands take a connection from the pool and give
it back), so threads (gthread workers) can use one client. Django keeps one cache object per thread anyway.
Fork-safe: the pool checks its pid and drops connections inherited from a parent process (gunicorn --preload).
Outages: a failed command disconnects its connection and the pool opens a new one on the next call, exactly as with
Django's own client, so a Redis restart costs the requests that hit it, nothing more.
"""

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class ReusingRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:  # two threads racing here both build one; either is fine
            client = self._clients[index] = self._client(connection_pool=self._get_connection_pool(write))
        return client


class ReusingRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient
