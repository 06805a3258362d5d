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


def project_app_configs(configs):
    """The apps of this repository (not Django's nor an installed package's): those whose code is under BASE_DIR."""
    from pathlib import Path

    base = Path(settings.BASE_DIR).resolve()
    for config in configs:
        path = Path(config.path).resolve()
        if path.is_relative_to(base) and "site-packages" not in path.parts:
            yield config


def unverified_file_fields(model_classes):
    """(model, field) for each file or image field of `model_classes` that is not a verified one."""
    from django.db import models

    from .uploads import VerifiedFieldMixin

    for model in model_classes:
        for field in model._meta.get_fields():
            if isinstance(field, models.FileField) and not isinstance(field, VerifiedFieldMixin):
                yield model, field


@register()
def uploaded_files_are_verified(app_configs, **kwargs):
    """Every file field of the project's models goes through components.uploads (docs/decisions/0720): its bytes
    are verified against an allow-list and the stored name takes the detected kind's extension."""
    from django.apps import apps

    configs = project_app_configs(app_configs or apps.get_app_configs())
    model_classes = [model for config in configs for model in config.get_models()]
    return [
        Error(
            f"{model._meta.label}.{field.name} is a plain {type(field).__name__}: uploads must use "
            "components.uploads.VerifiedFileField or VerifiedImageField.",
            obj=field,
            id="components.E010",
        )
        for model, field in unverified_file_fields(model_classes)
    ]
