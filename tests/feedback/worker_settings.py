"""Settings for the Celery worker process started by test_worker.py: the test database, a private queue,
emails written to files the test reads."""

import os

from portal.settings_test import *  # noqa: F403

EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = os.environ["FEEDBACK_TEST_MAIL_DIR"]
CELERY_TASK_DEFAULT_QUEUE = os.environ["FEEDBACK_TEST_QUEUE"]
DATABASES["default"]["NAME"] = os.environ["FEEDBACK_TEST_DB_NAME"]  # noqa: F405
