from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Trang công khai")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from components.models import Organization, Portal
        from editorial import models as editorial
        from editorial.signals import content_changed

        from . import signals

        content_changed.connect(signals.on_content_changed, dispatch_uid="portal-cache-content-changed")
        shown = [
            editorial.Article,
            editorial.LegalDocument,
            editorial.Category,
            editorial.Leader,
            editorial.WorkScheduleEntry,
            editorial.ConsultationDraft,
            editorial.ConsultationComment,
            Organization,
        ]
        for model in shown:
            for signal in (post_save, post_delete):
                signal.connect(
                    signals.on_portal_owned_saved, sender=model, dispatch_uid=f"portal-cache-{model.__name__}"
                )
        for signal in (post_save, post_delete):
            signal.connect(signals.on_portal_saved, sender=Portal, dispatch_uid="portal-cache-portal")
