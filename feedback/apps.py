from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "feedback"
    verbose_name = _("Hỏi đáp, phản ánh kiến nghị")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from . import calendar, checks, portal_hooks  # noqa: F401 (system checks; merge and hand-over movers)
        from .models import CalendarOverride

        post_save.connect(lambda **kw: calendar.invalidate(), sender=CalendarOverride, weak=False)
        post_delete.connect(lambda **kw: calendar.invalidate(), sender=CalendarOverride, weak=False)
