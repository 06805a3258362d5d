from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OfficeConfig(AppConfig):
    name = "office"
    verbose_name = _("Văn phòng Ban Biên tập")

    def ready(self):
        from components.events import content_changed
        from components.lifecycle import on_portal_created

        from . import handlers, portal_hooks  # noqa: F401 (the merge mover)

        content_changed.connect(handlers.on_content_changed, dispatch_uid="office.close_tracked_items")
        on_portal_created.connect(handlers.on_portal_created, dispatch_uid="office.seed_inventory")
