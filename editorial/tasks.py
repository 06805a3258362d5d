"""Thin Celery tasks: they take ids and call services; safe to run twice."""

from celery import shared_task

from .models import AuditEvent


@shared_task(name="editorial.notify_event")
def notify_event(event_id):
    """Email the people concerned by one workflow step (each address at most once)."""
    from .notifications import send_event_emails

    event = AuditEvent.objects.select_related("revision", "content_type").filter(pk=event_id).first()
    if event is None:
        return 0
    return send_event_emails(event)


@shared_task(name="editorial.run_schedule")
def run_schedule():
    """Every minute (CELERY_BEAT_SCHEDULE): publish due scheduled items, take down expired ones."""
    from .services import expire_due, publish_due

    return {"published": publish_due(), "expired": expire_due()}
