"""Bench-only settings: Django's per-site cache answering hits before any other middleware.

Measures the recommendation in bench/analysis.md: an anonymous page cache that answers from Redis before portal
resolution, sessions and the rest of the stack (a hit then costs two Redis GETs and no SQL). Never used outside
bench runs; not a production configuration (it skips SecurityMiddleware headers on hits).
"""

from portal.settings import *  # noqa: F403
from portal.settings import MIDDLEWARE

MIDDLEWARE = [
    "django.middleware.cache.UpdateCacheMiddleware",
    "django.middleware.cache.FetchFromCacheMiddleware",
    *MIDDLEWARE,
]
CACHE_MIDDLEWARE_SECONDS = 60
CACHE_MIDDLEWARE_KEY_PREFIX = "bench-site-early"
