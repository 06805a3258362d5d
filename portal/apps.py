from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Trang công khai")

    def ready(self):
        from django.core.signals import request_finished, request_started
        from django.db.models.signals import post_delete, post_save

        from components.events import content_changed
        from components.lifecycle import on_portal_merged
        from components.models import Portal, PortalRedirect

        from . import cache, checks, signals  # noqa: F401 - checks registers the start-up check

        request_started.connect(cache.reset_request_memo, dispatch_uid="portal-cache-request-memo")
        request_finished.connect(cache.end_request_memo, dispatch_uid="portal-cache-request-memo-end")
        content_changed.connect(signals.on_content_changed, dispatch_uid="portal-cache-content-changed")
        on_portal_merged.connect(signals.on_portal_merged, dispatch_uid="portal-cache-portal-merged")
        # Pages are dropped only by content_changed (one explicit call per service, docs/decisions/0812). The
        # host/slug route maps are another matter: whatever writes a portal's domain, slug or status (a service,
        # the shell, a data migration) must never leave a host pointing at the wrong portal, so they follow the rows.
        for signal in (post_save, post_delete):
            for model in (Portal, PortalRedirect):
                signal.connect(
                    signals.on_route_changed, sender=model, dispatch_uid=f"portal-cache-routes-{model.__name__}"
                )
