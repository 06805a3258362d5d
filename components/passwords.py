"""Password rules (AUTH_PASSWORD_VALIDATORS), with their messages in Vietnamese.

- four character classes and a minimum length, longer for accounts that sign in without a second factor;
- none of the last N passwords again (PasswordHistory keeps their hashes);
- `password_changed` records the new hash and the change date, which the expiry rule reads.
"""

import re

from django.conf import settings
from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


def _setting(name, default):
    return getattr(settings, name, default)


class ComplexityValidator:
    """Upper case, lower case, digit and special character; ≥ 8 characters, ≥ 14 without MFA."""

    def __init__(self, min_length=None, min_length_without_mfa=None):
        self._min_length = min_length
        self._min_length_without_mfa = min_length_without_mfa

    def min_length_for(self, user):
        from .accounts import has_second_factor

        base = self._min_length or _setting("PASSWORD_MIN_LENGTH", 8)
        without_mfa = self._min_length_without_mfa or _setting("PASSWORD_MIN_LENGTH_WITHOUT_MFA", 14)
        if user is not None and getattr(user, "pk", None) and has_second_factor(user):
            return base
        return max(base, without_mfa)

    def validate(self, password, user=None):
        errors = []
        length = self.min_length_for(user)
        if len(password) < length:
            errors.append(
                ngettext(
                    "Mật khẩu phải có ít nhất %(n)d ký tự.",
                    "Mật khẩu phải có ít nhất %(n)d ký tự.",
                    length,
                )
                % {"n": length}
            )
        missing = []
        if not re.search(r"[A-Z]", password):
            missing.append(_("một chữ hoa"))
        if not re.search(r"[a-z]", password):
            missing.append(_("một chữ thường"))
        if not re.search(r"[0-9]", password):
            missing.append(_("một chữ số"))
        if not re.search(r"[^A-Za-z0-9]", password):
            missing.append(_("một ký tự đặc biệt (ví dụ @ # ! %)"))
        if missing:
            errors.append(_("Mật khẩu phải có ít nhất %(parts)s.") % {"parts": ", ".join(missing)})
        if errors:
            raise ValidationError(errors, code="password_too_weak")

    def get_help_text(self):
        base = _setting("PASSWORD_MIN_LENGTH", 8)
        without_mfa = _setting("PASSWORD_MIN_LENGTH_WITHOUT_MFA", 14)
        return _(
            "Mật khẩu có ít nhất %(base)d ký tự (%(long)d ký tự nếu tài khoản chưa bật xác thực hai bước), "
            "gồm chữ hoa, chữ thường, chữ số và ký tự đặc biệt."
        ) % {"base": base, "long": without_mfa}


class HistoryValidator:
    """The last N passwords (PASSWORD_HISTORY_COUNT, 5) may not be used again."""

    def __init__(self, count=None):
        self._count = count

    @property
    def count(self):
        return self._count or _setting("PASSWORD_HISTORY_COUNT", 5)

    def validate(self, password, user=None):
        if user is None or not getattr(user, "pk", None):
            return
        from .models import PasswordHistory

        previous = PasswordHistory.objects.filter(user=user).order_by("-created_at", "-id")[: self.count]
        hashes = [row.password for row in previous]
        if user.password and user.password not in hashes:
            hashes.append(user.password)
        if any(check_password(password, encoded) for encoded in hashes if encoded):
            raise ValidationError(
                _("Không được dùng lại một trong %(n)d mật khẩu gần nhất.") % {"n": self.count},
                code="password_reused",
            )

    def password_changed(self, password, user=None):
        if user is None or not getattr(user, "pk", None):
            return
        from .models import AccountProfile, PasswordHistory

        PasswordHistory.objects.create(user=user, password=user.password)
        keep = list(
            PasswordHistory.objects.filter(user=user)
            .order_by("-created_at", "-id")
            .values_list("id", flat=True)[: self.count]
        )
        PasswordHistory.objects.filter(user=user).exclude(id__in=keep).delete()
        AccountProfile.objects.update_or_create(
            user=user, defaults={"password_changed_at": timezone.now(), "must_change_password": False}
        )

    def get_help_text(self):
        return _("Không dùng lại %(n)d mật khẩu gần nhất.") % {"n": self.count}
