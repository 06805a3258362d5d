"""Test settings: the real settings module with a throwaway secret and fast hashing.

DATABASE_URL and REDIS_URL still come from the environment, so CI runs on PostgreSQL and Redis.
"""

import os

os.environ.setdefault("DEBUG", "0")  # a developer's .env (make dev-env: DEBUG=1) does not change what tests run
os.environ.setdefault("SECRET_KEY", "test-only-secret-key-9f8e7d6c5b4a3928171605f4e3d2c1b0a99887766")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1,.camau.gov.vn")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("PORTAL_LINK_DOMAINS", "0")
# Tests run with DEBUG off on locmem/file cache and the filesystem broker unless CI gives REDIS_URL (decision 1704).
os.environ.setdefault("ALLOW_LOCAL_CACHE_AND_BROKER", "1")
os.environ.setdefault("VAR_DIR", os.path.join(os.path.dirname(os.path.dirname(__file__)), "var", "test"))

from portal.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
if not REDIS_CACHE_URL:  # noqa: F405
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
os.makedirs(STATIC_ROOT, exist_ok=True)  # noqa: F405 - whitenoise warns when it is missing
