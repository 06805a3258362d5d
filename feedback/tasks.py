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
    """Send each notification once. A failure does not stop the others; the failed rows stay unsent for the next
    sweep to queue again, and the task reports the first error."""
    sent, first_error = 0, None
    for pk in ids:
        try:
            if notifications.deliver(pk):
                sent += 1
        except Exception as exc:
            first_error = first_error or exc
    if first_error is not None:
        raise first_error
    return sent


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
