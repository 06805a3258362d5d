"""A portal's life: requested, approved, given a menu, merged into another or retired."""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..text import nfc
from .portals import Portal, domain_validator

menu_url_validator = RegexValidator(
    r"^(/[^\s]*|https?://[^\s]+)$",
    _("Địa chỉ phải bắt đầu bằng / (trang trong cổng) hoặc http:// hay https:// (trang bên ngoài)."),
)


class MenuItem(models.Model):
    """A link in a component portal's own small menu, shown inside the shared header (never replacing it)."""

    portal = models.ForeignKey(Portal, verbose_name=_("cổng"), related_name="menu_items", on_delete=models.CASCADE)
    label = models.CharField(_("nhãn"), max_length=60)
    url = models.CharField(_("địa chỉ"), max_length=500, validators=[menu_url_validator])
    order = models.PositiveIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("mục menu của cổng")
        verbose_name_plural = _("menu của cổng")
        ordering = ["portal", "order", "id"]
        indexes = [models.Index(fields=["portal", "order"])]

    def __str__(self):
        return self.label

    def get_absolute_url(self):
        """A path is inside this portal (its domain or /web/<slug>/ prefix); a full address is kept."""
        if self.url.startswith("/"):
            return self.portal.get_absolute_url().rstrip("/") + self.url
        return self.url

    def save(self, *args, **kwargs):
        self.label = nfc(self.label)
        super().save(*args, **kwargs)


class PortalRedirect(models.Model):
    """An old address of a portal that was merged away: its domain and/or its /web/<slug>/ prefix.

    The middleware answers requests to either with a 301 to the same path under the successor.
    """

    old_domain = models.CharField(
        _("tên miền cũ"), max_length=253, unique=True, null=True, blank=True, validators=[domain_validator]
    )
    old_slug = models.SlugField(_("đường dẫn cũ"), max_length=80, unique=True, null=True, blank=True)
    target = models.ForeignKey(
        Portal, verbose_name=_("cổng kế thừa"), related_name="redirects_in", on_delete=models.CASCADE
    )
    source_name = models.CharField(_("tên cổng cũ"), max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("chuyển hướng địa chỉ cũ")
        verbose_name_plural = _("chuyển hướng địa chỉ cũ")

    def __str__(self):
        return f"{self.old_domain or '/web/' + (self.old_slug or '') + '/'} → {self.target}"

    def clean(self):
        from django.core.exceptions import ValidationError

        if not self.old_domain and not self.old_slug:
            raise ValidationError(_("Nhập tên miền cũ hoặc đường dẫn cũ."))
        live = Portal.objects.exclude(status=Portal.Status.MERGED)
        if self.old_domain and live.filter(domain=self.old_domain.strip().lower()).exists():
            raise ValidationError({"old_domain": _("Tên miền này đang được một cổng đang hoạt động sử dụng.")})
        if self.old_slug and live.filter(slug=self.old_slug).exists():
            raise ValidationError({"old_slug": _("Đường dẫn này đang được một cổng đang hoạt động sử dụng.")})

    def save(self, *args, **kwargs):
        self.old_domain = (self.old_domain or "").strip().lower() or None
        self.old_slug = self.old_slug or None
        super().save(*args, **kwargs)


class PortalRequest(models.Model):
    """A unit's request for a component portal, decided by the provincial office."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Chờ duyệt")
        APPROVED = "approved", _("Đã phê duyệt")
        REFUSED = "refused", _("Từ chối")

    name = models.CharField(_("tên cổng đề nghị"), max_length=255)
    short_name = models.CharField(
        _("tên viết tắt của đơn vị"), max_length=50, help_text=_("Dùng cho tên miền và tài khoản admin.<viết tắt>.")
    )
    kind = models.CharField(_("loại"), max_length=20, choices=Portal.Kind.choices)
    parent = models.ForeignKey(
        Portal, verbose_name=_("cổng cấp trên"), related_name="portal_requests", on_delete=models.PROTECT
    )
    owner_name = models.CharField(_("cơ quan chủ quản"), max_length=255)
    proposed_domain = models.CharField(_("tên miền đề nghị"), max_length=253, blank=True)
    contact_email = models.EmailField(_("thư điện tử nhận tài khoản quản trị"))
    reason = models.TextField(_("lý do, mục đích"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người đề nghị"),
        null=True,
        related_name="portal_requests",
        on_delete=models.SET_NULL,
    )
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    decision_reason = models.TextField(_("lý do quyết định"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người quyết định"),
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.SET_NULL,
    )
    decided_at = models.DateTimeField(_("thời điểm quyết định"), null=True, blank=True)
    portal = models.OneToOneField(
        Portal,
        verbose_name=_("cổng đã tạo"),
        null=True,
        blank=True,
        related_name="creation_request",
        on_delete=models.SET_NULL,
    )
    created_at = models.DateTimeField(_("ngày đề nghị"), auto_now_add=True)

    class Meta:
        verbose_name = _("đề nghị lập cổng thành phần")
        verbose_name_plural = _("đề nghị lập cổng thành phần")
        ordering = ["-created_at"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name = nfc(self.name)
        self.owner_name = nfc(self.owner_name)
        self.proposed_domain = self.proposed_domain.strip().lower()
        super().save(*args, **kwargs)


class PortalOperation(models.Model):
    """A merge or a retirement, previewed in the admin and carried out by a Celery task (safe to re-run)."""

    class Kind(models.TextChoices):
        MERGE = "merge", _("Sáp nhập")
        RETIRE = "retire", _("Ngừng hoạt động")

    class Status(models.TextChoices):
        PENDING = "pending", _("Đang chờ thực hiện")
        DONE = "done", _("Đã thực hiện")
        FAILED = "failed", _("Lỗi")

    kind = models.CharField(_("loại thao tác"), max_length=10, choices=Kind.choices)
    source = models.ForeignKey(Portal, verbose_name=_("cổng"), related_name="operations", on_delete=models.CASCADE)
    target = models.ForeignKey(
        Portal,
        verbose_name=_("cổng kế thừa"),
        null=True,
        blank=True,
        related_name="operations_in",
        on_delete=models.CASCADE,
    )
    notice = models.TextField(_("thông báo"), blank=True)
    preview = models.JSONField(_("dự kiến chuyển"), default=dict, blank=True)
    result = models.JSONField(_("kết quả"), default=dict, blank=True)
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.PENDING)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người yêu cầu"),
        null=True,
        related_name="+",
        on_delete=models.SET_NULL,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("thao tác sáp nhập, ngừng hoạt động")
        verbose_name_plural = _("thao tác sáp nhập, ngừng hoạt động")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.source}"
