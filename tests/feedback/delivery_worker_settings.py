"""Settings for the Celery worker processes of test_delivery_worker.py: the test database, a private queue, SMTP to
the test's sink, and the recovery timings scaled down (lease, visibility timeout, time limits come from the
environment the test sets)."""

import os

from portal.settings_test import *  # noqa: F403

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = "127.0.0.1"
EMAIL_PORT = int(os.environ["DELIVERY_TEST_SMTP_PORT"])
EMAIL_USE_TLS = EMAIL_USE_SSL = False
EMAIL_HOST_USER = EMAIL_HOST_PASSWORD = ""
CELERY_TASK_DEFAULT_QUEUE = os.environ["DELIVERY_TEST_QUEUE"]
DATABASES["default"]["NAME"] = os.environ["DELIVERY_TEST_DB_NAME"]  # noqa: F405
CELERY_BROKER_TRANSPORT_OPTIONS = {**CELERY_BROKER_TRANSPORT_OPTIONS, "unacked_restore_interval": 1}  # noqa: F405
