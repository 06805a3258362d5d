"""Thin Celery tasks: take ids, call the feedback modules. acks_late so a killed worker's task runs again."""

import datetime as dt

from celery import shared_task
from django.db import IntegrityError, transaction
from django.utils import timezone

from . import notifications
from . import sweep as sweep_module
from .models import Notification


@shared_task(name="feedback.send_notifications", acks_late=True, reject_on_worker_lost=True)
def send_notifications(ids):
    """Send a batch (≤ 100 ids) over one SMTP connection, each row once (claimed first, docs/decisions/0750).
    A failure does not stop the others; the failed rows are tried again after the lease, and the task reports the
    first error."""
    sent, errors = notifications.deliver_batch(ids)
    if errors:
        raise errors[0]
    return sent


@shared_task(name="feedback.requeue_unsent", acks_late=True, reject_on_worker_lost=True)
def requeue_unsent():
    """Beat, every minute: queue again the unsent rows nobody holds (broker was down, worker killed)."""
    return notifications.requeue_unsent()


@shared_task(name="feedback.sweep", acks_late=True, reject_on_worker_lost=True)
def sweep():
    result = sweep_module.run()
    return list(result.lines())


@shared_task(name="feedback.calendar_reminder", acks_late=True, reject_on_worker_lost=True)
def calendar_reminder():
    """Every November: ask the administrators to enter next year's government decisions on days off."""
    today = timezone.localdate()
    year = today.year + 1
    try:
        with transaction.atomic():
            notifications.queue(Notification.Kind.CALENDAR, day=dt.date(year, 1, 1), payload={"year": year})
    except IntegrityError:
        return False  # already sent for this year
    return True


@shared_task(name="feedback.archive", acks_late=True, reject_on_worker_lost=True)
def archive():
    """Monthly: export questions closed more than FEEDBACK_ARCHIVE_AFTER_DAYS ago for the archives."""
    from .archive import archive_closed

    count, path = archive_closed()
    return {"count": count, "file": str(path) if path else None}
