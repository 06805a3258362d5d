"""Account rules: who needs a second factor, when a password expires, how administrator accounts are named."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import AccountProfile, Membership, Portal
from .roles import MFA_REQUIRED

MFA_ROLES = tuple(MFA_REQUIRED)
ADMIN_ACCOUNT_PREFIX = "admin."


def is_demo(user) -> bool:
    return AccountProfile.objects.filter(user=user, is_demo=True).exists()


def has_second_factor(user) -> bool:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def mfa_required(user) -> bool:
    """Chiefs, portal administrators and superusers must sign in with a TOTP code (demo accounts excepted)."""
    if not getattr(settings, "SECURITY_MFA_ENABLED", True) or is_demo(user):
        return False
    return user.is_superuser or Membership.objects.filter(user=user, role__in=MFA_ROLES).exists()


def is_administrator(user) -> bool:
    """Superusers and portal administrators get the shorter idle timeout."""
    return user.is_superuser or Membership.objects.filter(user=user, role=Membership.Role.ADMINISTRATOR).exists()


def password_change_required(user) -> bool:
    """First login after an account was made or reset by someone else, or the password is too old."""
    profile = AccountProfile.objects.filter(user=user).first()
    if profile is not None and profile.is_demo:
        return False
    if profile is not None and profile.must_change_password:
        return True
    max_age = getattr(settings, "PASSWORD_MAX_AGE_DAYS", 90)
    if not max_age:
        return False
    changed = (profile.password_changed_at if profile else None) or user.date_joined
    return changed < timezone.now() - timedelta(days=max_age)


def valid_admin_names_for(portal) -> set[str]:
    """admin.<abbr> and admin.<abbr>.<parent-abbr> for the portal's short name and slug."""
    mine = {portal.short_name.lower(), portal.slug.lower()}
    names = {f"{ADMIN_ACCOUNT_PREFIX}{abbr}" for abbr in mine}
    if portal.parent_id:
        parent = portal.parent
        for abbr in mine:
            for parent_abbr in {parent.short_name.lower(), parent.slug.lower()}:
                names.add(f"{ADMIN_ACCOUNT_PREFIX}{abbr}.{parent_abbr}")
    return names


def validate_account_name(username, *, portal=None):
    """Names starting with `admin.` are reserved for portal administrator accounts of an existing unit.

    `admin.<unit>` or `admin.<sub-unit>.<unit>`, where the abbreviations are a portal's short name or
    slug (and, for the long form, its parent's). Personal staff accounts use any other name.
    """
    name = (username or "").strip().lower()
    if not name.startswith(ADMIN_ACCOUNT_PREFIX):
        return
    parts = name[len(ADMIN_ACCOUNT_PREFIX) :].split(".")
    if not 1 <= len(parts) <= 2 or not all(parts):
        raise ValidationError(
            _(
                "Tài khoản quản trị cổng phải có dạng admin.<tên viết tắt đơn vị> hoặc "
                "admin.<tên viết tắt đơn vị trực thuộc>.<tên viết tắt đơn vị>, ví dụ admin.sokhcn."
            ),
            code="admin_name_format",
        )
    candidates = [portal] if portal is not None else list(_portals_for_abbreviation(parts[0]))
    if not any(name in valid_admin_names_for(p) for p in candidates):
        if portal is not None:
            suggestion = sorted(valid_admin_names_for(portal), key=len)[0]
            raise ValidationError(
                _("Tài khoản quản trị của %(portal)s phải mang tên đơn vị đó, ví dụ %(name)s.")
                % {"portal": portal.name, "name": suggestion},
                code="admin_name_portal",
            )
        raise ValidationError(
            _("Không có cổng nào có tên viết tắt “%(abbr)s”. Tài khoản cá nhân không được bắt đầu bằng admin.")
            % {"abbr": ".".join(parts)},
            code="admin_name_unknown",
        )


def _portals_for_abbreviation(abbr):
    return Portal.objects.filter(Q(short_name__iexact=abbr) | Q(slug__iexact=abbr)).select_related("parent")
