"""System checks for the feedback settings that must agree with the law and with each other."""

from pathlib import Path

from django.conf import settings
from django.core.checks import Error, Warning, register


@register()
def feedback_settings(app_configs, **kwargs):
    from .models import Klass

    problems = []
    days = getattr(settings, "FEEDBACK_DEADLINE_DAYS", {})
    if set(days) != set(Klass.values) or not all(isinstance(v, int) and v > 0 for v in days.values()):
        problems.append(
            Error(
                "FEEDBACK_DEADLINE_DAYS must give a positive number of working days for each class "
                f"{sorted(Klass.values)}.",
                id="feedback.E001",
            )
        )
    if settings.FEEDBACK_RETENTION_DAYS < 30:
        problems.append(
            Warning(
                "FEEDBACK_RETENTION_DAYS is below the 30 days after the answer required by the portal rules "
                "(Quyết định 336/QĐ-UBND Điều 15.2.b).",
                id="feedback.W001",
            )
        )
    private = Path(settings.PRIVATE_MEDIA_ROOT).resolve()
    public = Path(settings.MEDIA_ROOT).resolve()
    if private == public or public in private.parents:
        problems.append(
            Error(
                "PRIVATE_MEDIA_ROOT is inside MEDIA_ROOT: citizens' attachments would be publicly served.",
                id="feedback.E002",
            )
        )
    return problems
