"""Bench-only settings: the production settings plus GZipMiddleware (first, so it compresses the final body).

Used for the "gzip" edge run: browsers send Accept-Encoding: gzip, the micro-cache then stores the compressed
variant (Django adds Vary: Accept-Encoding) and serves ~1/7 of the bytes per hit. Never used outside bench runs.
"""

from portal.settings import *  # noqa: F403
from portal.settings import MIDDLEWARE

MIDDLEWARE = ["django.middleware.gzip.GZipMiddleware", *MIDDLEWARE]
