import os
import shutil
from contextlib import ExitStack

import pytest
from django.core.cache import cache
from django.core.signals import setting_changed
from django.dispatch import receiver

from components.hosts import PortalAwareHosts
from portal.celery import app as celery_app
from tests.factories import PortalFactory, ProvinceFactory
from tests.workers import celery_worker


@receiver(setting_changed, dispatch_uid="tests.celery_follows_settings")
def _celery_follows_settings(setting, value, **kwargs):
    """`settings.CELERY_X = …` in a test reaches the Celery app even after its configuration was read."""
    if setting.startswith("CELERY_"):
        celery_app.conf[setting.removeprefix("CELERY_").lower()] = value


@pytest.fixture(autouse=True)
def _clean_cache():
    """Every test starts from an empty cache (pages, portal domain map, rate limits), route map and
    process-local fragments."""
    from portal.cache import forget_routes
    from portal.fragments import clear_local

    cache.clear()
    forget_routes()
    clear_local()
    yield
    cache.clear()
    forget_routes()
    clear_local()


@pytest.fixture(autouse=True)
def _portal_aware_hosts(settings):
    """Django's test setup turns ALLOWED_HOSTS into a plain list; restore the production behaviour."""
    settings.ALLOWED_HOSTS = PortalAwareHosts(list(settings.ALLOWED_HOSTS))


@pytest.fixture
def media_root(settings, tmp_path):
    """A test's own media directory (MEDIA_ROOT), never var/: media tests use it, autouse in their conftest or mark."""
    root = tmp_path / "media"
    root.mkdir()
    settings.MEDIA_ROOT = str(root)
    # Legal-document files, drafts and citizens' attachments (components.uploads follows the setting at each use).
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "private")
    return root


@pytest.fixture
def province(db):
    return ProvinceFactory()


@pytest.fixture
def department(province):
    return PortalFactory(
        parent=province,
        slug="sokhcn",
        short_name="sokhcn",
        name="Sở Khoa học và Công nghệ tỉnh Cà Mau",
        owner_name="Sở Khoa học và Công nghệ tỉnh Cà Mau",
        domain="sokhcn.camau.gov.vn",
    )


@pytest.fixture(scope="module")
def seeded_demo(django_db_setup, django_db_blocker):
    """The demo data (`seed_demo`) loaded once for a module of tests that only read it.

    It is written inside a transaction held open for the module, like Django's `TestCase.setUpTestData`: each
    test's own transaction is a savepoint inside it (its writes are rolled back after it), and the whole demo is
    rolled back after the module. Use it together with `db` (not `transactional_db`).
    """
    import io

    from django.core.management import call_command
    from django.db import transaction
    from django.test import override_settings

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            with override_settings(DEBUG=True):
                call_command("seed_demo", stdout=io.StringIO())
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    yield
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


@pytest.fixture
def start_celery_worker():
    """Start real Celery worker processes: `start_celery_worker(env=..., settings_module=..., queue=...)` returns
    the private queue's name; every worker started is stopped when the test ends (tests/workers.py)."""
    with ExitStack() as stack:
        yield lambda **options: stack.enter_context(celery_worker(**options))


@pytest.fixture
def worker_queue(start_celery_worker):
    """A worker with the test settings on a queue private to this test."""
    return start_celery_worker()


def chromium_path():
    """Debian's chromium (installed by .ci/run). Browser tests fail in CI if it is missing, skip elsewhere."""
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed; .ci/run installs Debian's chromium package")
        pytest.skip("chromium is not installed (apt-get install chromium)")
    return path
