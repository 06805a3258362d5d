"""Bench-only settings: the early per-site cache (settings_sitecache_early) with Redis clients reused.

Never used outside bench runs.
"""

from bench.settings_sitecache_early import *  # noqa: F403
from bench.settings_sitecache_early import CACHES

CACHES = {"default": {**CACHES["default"], "BACKEND": "bench.redis_cache.ReusingRedisCache"}}
CACHE_MIDDLEWARE_KEY_PREFIX = "bench-site-fast"
