"""Per-address (or per-email) request limits: django-ratelimit on the cache, the database when the cache is down.

    count = ratelimit.hit(request, "feedback-question", ip, limit=5, period=3600)
    if count > 5: refuse

`hit()` counts this request and returns how many were counted in the current window (django-ratelimit's fixed
window on the shared cache). When the cache raises (Redis down), the hit is written to `RateLimitHit` and the
count is the number of rows in the last `period` seconds instead, so limits keep holding and no page answers 500.
Keys are stored as a keyed hash: no address or email address reaches the fallback table. docs/decisions/0711.
"""

import hashlib
import hmac
import logging
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django_ratelimit.core import get_usage

logger = logging.getLogger(__name__)

FALLBACK_KEEP = timedelta(days=1)  # longest window any limit uses; older fallback rows are deleted


def _digest(group, value):
    return hmac.new(settings.SECRET_KEY.encode(), f"{group}\0{value}".encode(), hashlib.sha256).hexdigest()


def _db_count(group, value, period, increment):
    from .models import RateLimitHit

    now = timezone.now()
    key = _digest(group, value)
    if increment:
        RateLimitHit.objects.filter(at__lt=now - FALLBACK_KEEP).delete()
        RateLimitHit.objects.create(key=key, at=now)
    return RateLimitHit.objects.filter(key=key, at__gte=now - timedelta(seconds=period)).count()


def hit(request, group, value, *, limit, period, increment=True) -> int:
    """Count one request of `value` (an address, an email) in `group`; return the count in the current window.

    `increment=False` only reads the count. A None/empty value (no address known) is never limited: 0.
    """
    if not value:
        return 0
    # django-ratelimit puts the rate in its cache key; the limit is compared here, so only the period is part of
    # it and a changed limit keeps the counts of the current window.
    rate = f"1/{period}s"
    try:
        usage = get_usage(request, group=group, key=lambda _group, _request: str(value), rate=rate, increment=increment)
    except Exception as exc:  # the cache is down: counted in the database instead
        logger.warning("Rate-limit cache unavailable for %s (%s); counting in the database", group, exc)
        return _db_count(group, value, period, increment)
    if usage is None or usage.get("time_left", 0) < 0:  # the cache answered nothing usable
        return _db_count(group, value, period, increment)
    return usage["count"]


def exceeded(request, group, value, *, limit, period) -> bool:
    """Count this request; True when it is over `limit` in `period` seconds."""
    return hit(request, group, value, limit=limit, period=period) > limit
