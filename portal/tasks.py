from celery import shared_task


@shared_task(name="portal.ping")
def ping():
    """Round-trip probe used by tests and operators: a worker that answers is alive."""
    return "pong"
