"""Celery application: reads CELERY_* settings, discovers tasks.py in every app.

The beat schedule lives in settings (CELERY_BEAT_SCHEDULE) so it is versioned with the code.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
