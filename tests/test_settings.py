"""Settings come from the environment; production refuses to start without its secrets."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def run_django(code, **env):
    environment = {
        k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "ALLOWED_HOSTS", "DEBUG", "SECURE_SSL_REDIRECT"}
    }
    environment.update({"DJANGO_SETTINGS_MODULE": "portal.settings", "VAR_DIR": str(ROOT / "var" / "test")})
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); from django.conf import settings; {code}"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_without_secret_key_stops_with_a_clear_message():
    result = run_django("pass", DEBUG="0", ALLOWED_HOSTS="camau.gov.vn")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_production_without_allowed_hosts_stops_with_a_clear_message():
    result = run_django("pass", DEBUG="0", SECRET_KEY="x" * 60)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS is not set" in result.stderr


def test_database_and_redis_urls_are_parsed():
    result = run_django(
        "print(settings.DATABASES['default']['ENGINE'], settings.DATABASES['default']['NAME'], "
        "settings.CACHES['default']['BACKEND'], settings.CELERY_BROKER_URL)",
        DEBUG="1",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/portaldb",
        REDIS_URL="redis://127.0.0.1:6379/5",
    )
    assert result.returncode == 0, result.stderr
    engine, name, cache_backend, broker = result.stdout.split()
    assert engine == "django.db.backends.postgresql"
    assert name == "portaldb"
    assert cache_backend == "portal.redis_cache.ReusingRedisCache"  # Django's RedisCache, one client per pool
    assert broker == "redis://127.0.0.1:6379/5"


def test_without_servers_sqlite_file_cache_and_filesystem_broker_are_used():
    result = run_django(
        "print(settings.DATABASES['default']['ENGINE'], settings.CACHES['default']['BACKEND'], "
        "settings.CELERY_BROKER_URL, settings.LANGUAGE_CODE, settings.TIME_ZONE)",
        DEBUG="1",
        DATABASE_URL="",
        REDIS_URL="",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.db.backends.sqlite3",
        "django.core.cache.backends.filebased.FileBasedCache",
        "filesystem://",
        "vi",
        "Asia/Ho_Chi_Minh",
    ]


@pytest.mark.django_db
def test_check_deploy_is_clean_in_production_configuration():
    environment = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECURE_SSL_REDIRECT"}}
    environment.update(
        DJANGO_SETTINGS_MODULE="portal.settings",
        DEBUG="0",
        SECRET_KEY="k3Y-" + "abcdefghijKLMNOP0123456789" * 3,
        ALLOWED_HOSTS="camau.gov.vn,.camau.gov.vn",
        VAR_DIR=str(ROOT / "var" / "test"),
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
