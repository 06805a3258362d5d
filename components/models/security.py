"""Account security: a per-user profile, password history and the security audit log."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AccountProfile(models.Model):
    """Security state of one account, beside Django's User (which stays the stock model)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("tài khoản"), related_name="security_profile", on_delete=models.CASCADE
    )
    is_demo = models.BooleanField(
        _("tài khoản trình diễn"), default=False, help_text=_("Không buộc đổi mật khẩu, không buộc xác thực hai bước.")
    )
    must_change_password = models.BooleanField(_("buộc đổi mật khẩu ở lần đăng nhập tới"), default=False)
    password_changed_at = models.DateTimeField(_("lần đổi mật khẩu gần nhất"), null=True, blank=True)
    last_activity = models.DateTimeField(_("hoạt động gần nhất"), null=True, blank=True, db_index=True)
    disabled_reason = models.CharField(_("lý do khóa"), max_length=255, blank=True)
    disabled_at = models.DateTimeField(_("thời điểm khóa"), null=True, blank=True)

    class Meta:
        verbose_name = _("hồ sơ bảo mật tài khoản")
        verbose_name_plural = _("hồ sơ bảo mật tài khoản")

    def __str__(self):
        return str(self.user)


class PasswordHistory(models.Model):
    """Hashes of an account's previous passwords, so the last few cannot be reused."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, related_name="password_history", on_delete=models.CASCADE)
    password = models.CharField(max_length=128)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("mật khẩu cũ")
        verbose_name_plural = _("mật khẩu cũ")
        indexes = [models.Index(fields=["user", "-created_at"])]

    def __str__(self):
        return f"{self.user_id} {self.created_at:%Y-%m-%d}"


class SecurityEvent(models.Model):
    """One row of the security audit log. Written by services and signal handlers; never edited."""

    class Kind(models.TextChoices):
        LOGIN = "login", _("Đăng nhập")
        LOGIN_FAILED = "login_failed", _("Đăng nhập sai")
        LOCKOUT = "lockout", _("Khóa do đăng nhập sai nhiều lần")
        UNLOCK = "unlock", _("Mở khóa đăng nhập")
        LOGOUT = "logout", _("Đăng xuất")
        TIMEOUT = "timeout", _("Hết phiên do không hoạt động")
        MFA_ENROLLED = "mfa_enrolled", _("Đăng ký xác thực hai bước")
        MFA_FAILED = "mfa_failed", _("Mã xác thực hai bước sai")
        PASSWORD_CHANGED = "password_changed", _("Đổi mật khẩu")
        PERMISSION_CHANGED = "permission_changed", _("Thay đổi quyền")
        ROLE_GRANTED = "role_granted", _("Cấp vai trò")
        ROLE_REVOKED = "role_revoked", _("Thu hồi vai trò")
        ACCOUNT_CREATED = "account_created", _("Tạo tài khoản")
        ACCOUNT_DISABLED = "account_disabled", _("Khóa tài khoản")
        HANDOVER = "handover", _("Bàn giao và đóng tài khoản")
        EXPORT = "export", _("Xuất dữ liệu")
        PORTAL_REQUEST = "portal_request", _("Quyết định đề nghị lập cổng")
        PORTAL_MERGED = "portal_merged", _("Sáp nhập cổng")
        PORTAL_RETIRED = "portal_retired", _("Ngừng hoạt động cổng")

    created_at = models.DateTimeField(_("thời điểm"), auto_now_add=True, db_index=True)
    kind = models.CharField(_("sự kiện"), max_length=30, choices=Kind.choices, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.SET_NULL,
    )
    username = models.CharField(_("tài khoản liên quan"), max_length=150, blank=True, db_index=True)
    portal = models.ForeignKey(
        "components.Portal",
        verbose_name=_("cổng"),
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.SET_NULL,
    )
    ip_address = models.GenericIPAddressField(_("địa chỉ IP"), null=True, blank=True)
    message = models.CharField(_("nội dung"), max_length=500, blank=True)
    details = models.JSONField(_("chi tiết"), default=dict, blank=True)

    class Meta:
        verbose_name = _("nhật ký an ninh")
        verbose_name_plural = _("nhật ký an ninh")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["portal", "-created_at"])]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.get_kind_display()} {self.username}"
