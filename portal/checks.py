"""Start-up check: with DEBUG off, the cache and the broker must be shared servers (decision 1704).

The development defaults (a file cache and Kombu's filesystem transport under var/) work on one machine only: a
second web node or a worker on another host would never see the page-cache purges, rate-limit counts, lockouts or
queued tasks of the others, and nothing would say so. `manage.py migrate` (which every deploy runs before the web
and worker processes start, docker-compose.yml) and `manage.py check` fail on it unless the operator sets
ALLOW_LOCAL_CACHE_AND_BROKER=1 for a deliberate one-machine installation.
"""

from django.conf import settings
from django.core.checks import Error, register

LOCAL_CACHES = (
    "django.core.cache.backends.filebased.FileBasedCache",
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
)
LOCAL_BROKERS = ("filesystem://", "memory://")


@register()
def shared_cache_and_broker(app_configs, **kwargs):
    if settings.DEBUG or getattr(settings, "ALLOW_LOCAL_CACHE_AND_BROKER", False):
        return []
    problems = []
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if backend in LOCAL_CACHES:
        problems.append(
            Error(
                f"DEBUG is off but the cache is {backend.rsplit('.', 1)[-1]}, local to this machine.",
                hint="Set REDIS_CACHE_URL (or REDIS_URL), or ALLOW_LOCAL_CACHE_AND_BROKER=1 for one machine only.",
                id="portal.E001",
            )
        )
    broker = str(getattr(settings, "CELERY_BROKER_URL", ""))
    if broker.startswith(LOCAL_BROKERS):
        problems.append(
            Error(
                f"DEBUG is off but the Celery broker is {broker}, local to this machine.",
                hint="Set CELERY_BROKER_URL (or REDIS_URL), or ALLOW_LOCAL_CACHE_AND_BROKER=1 for one machine only.",
                id="portal.E002",
            )
        )
    return problems
