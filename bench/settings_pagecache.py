"""Bench-only settings: production settings with the public site's page cache on (portal/cache.py).

The harness starts every server with PORTAL_PAGE_CACHE=0 so that `sync2` & co. measure rendering; the
`sitecache` server of bench/scenarios.toml uses this module to measure the real anonymous page cache in Redis.
"""

from portal.settings import *  # noqa: F403

PORTAL_PAGE_CACHE = True
