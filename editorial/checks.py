"""System checks for the settings the editorial back office depends on."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, register


@register()
def site_url(app_configs, **kwargs):
    """Links in notification emails must be absolute: EDITORIAL_SITE_URL is the back office's address."""
    if settings.DEBUG:
        return []
    value = getattr(settings, "EDITORIAL_SITE_URL", "") or ""
    parts = urlsplit(value)
    if parts.scheme in ("http", "https") and parts.netloc and parts.path in ("", "/") and not parts.query:
        return []
    return [
        Error(
            f"EDITORIAL_SITE_URL must be the back office's absolute address (https://…), got {value!r}.",
            hint="Links in notification emails start with it (docs/decisions/0122).",
            id="editorial.E001",
        )
    ]
