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


def sentinel_addresses(servers):
    """`sentinel://[:password@]host:port[/db]` entries (LOCATION split on ; or ,, kombu's broker URL syntax) →
    ([(host, port), ...], the master's password, db). Password and db are read from the first entry that has them."""
    from urllib.parse import urlsplit

    addresses, password, db = [], None, 0
    for server in servers:
        parts = urlsplit(server.strip())
        if parts.scheme != "sentinel" or not parts.hostname:
            raise ValueError(f"not a sentinel://host:port address: {server!r}")
        addresses.append((parts.hostname, parts.port or 26379))
        password = password or parts.password
        if parts.path.strip("/").isdigit():
            db = int(parts.path.strip("/"))
    return addresses, password, db


class SentinelRedisCacheClient(ReusingRedisCacheClient):
    """The same client on the master Sentinel names (redis-py's SentinelConnectionPool): after a failover the pool
    asks the sentinels again and reconnects to the new master. Reads go to the master too: the page-cache
    generations must be read back as written (a replica may lag), and one cache node is the whole point here."""

    def __init__(self, servers, *, sentinel_master, sentinel_kwargs=None, **options):
        super().__init__(servers, **options)
        self._sentinel_master = sentinel_master
        self._sentinel_kwargs = sentinel_kwargs or {}

    def _get_connection_pool_index(self, write):
        return 0

    def _get_connection_pool(self, write):
        pool = self._pools.get(0)
        if pool is None:
            from redis.sentinel import Sentinel, SentinelConnectionPool

            addresses, password, db = sentinel_addresses(self._servers)
            timeouts = {k: v for k, v in self._pool_options.items() if k.startswith("socket_")}
            sentinel = Sentinel(addresses, sentinel_kwargs={**timeouts, **self._sentinel_kwargs})
            pool = self._pools[0] = SentinelConnectionPool(
                self._sentinel_master, sentinel, db=db, password=password, **self._pool_options
            )
        return pool


class SentinelRedisCache(RedisCache):
    """CACHES backend for `REDIS_CACHE_URL=sentinel://…` with OPTIONS `sentinel_master` (decision 1705)."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = SentinelRedisCacheClient
