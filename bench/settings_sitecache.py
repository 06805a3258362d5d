"""Bench-only settings: the production settings plus Django's per-site cache middleware.

Used by the `sitecache` server of bench/scenarios.toml as a stand-in for "anonymous page served from Redis"
until the public-site branch's own page cache lands. Never used outside bench runs.
"""

from portal.settings import *  # noqa: F403
from portal.settings import MIDDLEWARE

MIDDLEWARE = [
    "django.middleware.cache.UpdateCacheMiddleware",
    *MIDDLEWARE,
    "django.middleware.cache.FetchFromCacheMiddleware",
]
CACHE_MIDDLEWARE_SECONDS = 60
CACHE_MIDDLEWARE_KEY_PREFIX = "bench-site"
