"""Celery tasks of the components app: thin, idempotent, taking ids."""

from celery import shared_task

from . import services


@shared_task(name="components.disable_idle_accounts")
def disable_idle_accounts():
    """Beat, daily: close accounts idle longer than SECURITY_ACCOUNT_IDLE_DAYS (demo accounts exempt)."""
    return services.disable_idle_accounts()


@shared_task(name="components.prune_security_log")
def prune_security_log():
    """Beat, daily: drop security log rows older than SECURITY_AUDIT_RETENTION_DAYS (≥ 12 months)."""
    return services.prune_security_log()


@shared_task(name="components.run_portal_operation")
def run_portal_operation(operation_id):
    """Carry out a previewed merge or retirement; running it twice does nothing more."""
    return services.portal_operation_run(operation_id=operation_id)
