"""System checks for the settings the account security and domain rules depend on."""

from django.conf import settings
from django.core.checks import Error, Warning, register


@register()
def security_settings(app_configs, **kwargs):
    problems = []
    middleware = list(settings.MIDDLEWARE)
    order = [
        "django.contrib.auth.middleware.AuthenticationMiddleware",
        "django_otp.middleware.OTPMiddleware",
        "components.security.AccountSecurityMiddleware",
    ]
    positions = [middleware.index(name) if name in middleware else -1 for name in order]
    if -1 in positions or positions != sorted(positions):
        problems.append(
            Error(
                "MIDDLEWARE must list AuthenticationMiddleware, django_otp's OTPMiddleware and "
                "components.security.AccountSecurityMiddleware, in that order.",
                id="components.E001",
            )
        )
    backends = list(settings.AUTHENTICATION_BACKENDS)
    if not backends or backends[0] != "components.auth_backends.AxesBackend":
        problems.append(
            Error(
                "components.auth_backends.AxesBackend must be the first AUTHENTICATION_BACKENDS entry (login lockout).",
                id="components.E002",
            )
        )
    from .models import Portal

    patterns = getattr(settings, "PORTAL_DOMAIN_PATTERNS", {})
    for kind in Portal.Kind.values:
        if "{base}" not in patterns.get(kind, "{base}"):
            problems.append(Error(f"PORTAL_DOMAIN_PATTERNS['{kind}'] must end in {{base}}.", id="components.E003"))
    if getattr(settings, "SECURITY_AUDIT_RETENTION_DAYS", 400) < 366:
        problems.append(
            Warning(
                "SECURITY_AUDIT_RETENTION_DAYS is below 12 months; the prune task keeps 366 days anyway.",
                id="components.W001",
            )
        )
    return problems
