"""Portals (the provincial portal and its component portals), organisations and board memberships."""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from mptt.managers import TreeManager
from mptt.models import MPTTModel, TreeForeignKey
from mptt.querysets import TreeQuerySet

from ..text import nfc, search_key, slugify_vi
from ..uploads import PortalUploadTo, VerifiedImageField

domain_validator = RegexValidator(
    r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$",
    _("Tên miền chỉ gồm chữ thường không dấu, số, dấu gạch ngang và dấu chấm, ví dụ sokhcn.camau.gov.vn."),
)


class PortalQuerySet(TreeQuerySet):
    def active(self):
        return self.filter(status=Portal.Status.ACTIVE)


class Portal(MPTTModel):
    """An e-portal: the province at the root, component portals (department, ward, commune, unit) below."""

    class Kind(models.TextChoices):
        PROVINCE = "province", _("Cổng TTĐT tỉnh")
        DEPARTMENT = "department", _("Sở, ban, ngành")
        DISTRICT = "district", _("Huyện, thị xã, thành phố (trước 7/2025)")
        WARD = "ward", _("Phường, đặc khu")
        COMMUNE = "commune", _("Xã")
        UNIT = "unit", _("Đơn vị trực thuộc")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Đang hoạt động")
        MERGED = "merged", _("Đã sáp nhập")
        RETIRED = "retired", _("Ngừng hoạt động")

    name = models.CharField(_("tên cổng"), max_length=255)
    short_name = models.CharField(_("tên viết tắt"), max_length=50, help_text=_("Ví dụ: sokhcn, tranvanthoi."))
    slug = models.SlugField(_("đường dẫn"), max_length=80, unique=True)
    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices, db_index=True)
    parent = TreeForeignKey(
        "self",
        verbose_name=_("cổng cấp trên"),
        null=True,
        blank=True,
        related_name="children",
        on_delete=models.PROTECT,
    )
    domain = models.CharField(
        _("tên miền"), max_length=253, unique=True, null=True, blank=True, validators=[domain_validator]
    )
    status = models.CharField(_("trạng thái"), max_length=20, choices=Status.choices, default=Status.ACTIVE)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("sáp nhập vào"),
        null=True,
        blank=True,
        related_name="merged_portals",
        on_delete=models.PROTECT,
    )
    sort_order = models.PositiveIntegerField(_("thứ tự"), default=0)

    # Identity shown by the shared header and footer.
    logo = VerifiedImageField(_("biểu trưng"), upload_to=PortalUploadTo("logos/", "pk"), blank=True)
    banner = VerifiedImageField(
        _("ảnh băng-rôn"),
        upload_to=PortalUploadTo("banners/", "pk"),
        blank=True,
        help_text=_("Ảnh hiển thị dưới đầu trang; không thay đổi bố cục, màu sắc chung của tỉnh."),
    )
    description = models.TextField(_("giới thiệu ngắn"), blank=True)
    owner_name = models.CharField(_("cơ quan chủ quản"), max_length=255)
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    # Name, agency, introduction and address without marks: the public search's introduction pages.
    search_text = models.TextField(editable=False, blank=True, default="")
    phone = models.CharField(_("điện thoại"), max_length=50, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    responsible_person = models.CharField(_("người chịu trách nhiệm"), max_length=255, blank=True)
    licence_line = models.CharField(_("giấy phép"), max_length=255, blank=True)
    archive_notice = models.TextField(
        _("thông báo lưu trữ"), blank=True, help_text=_("Hiển thị tại địa chỉ của cổng khi cổng ngừng hoạt động.")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TreeManager.from_queryset(PortalQuerySet)()

    class MPTTMeta:
        order_insertion_by = ["sort_order", "name"]

    class Meta:
        verbose_name = _("cổng thông tin")
        verbose_name_plural = _("cổng thông tin")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name = nfc(self.name)
        self.owner_name = nfc(self.owner_name)
        if not self.slug:
            self.slug = slugify_vi(self.short_name or self.name, max_length=80)
        if self.domain:
            self.domain = self.domain.strip().lower()
        else:
            self.domain = None
        self.search_text = search_key(f"{self.name} {self.owner_name} {self.description} {self.address}")
        super().save(*args, **kwargs)

    @property
    def is_root(self):
        return self.parent_id is None

    @property
    def path_prefix(self):
        """URL prefix of this portal's pages when reached without its own domain."""
        return "/" if self.parent_id is None else f"/web/{self.slug}/"

    def get_absolute_url(self):
        if self.domain and settings.PORTAL_LINK_DOMAINS:
            return f"https://{self.domain}/"
        return self.path_prefix


class Organization(MPTTModel):
    """An agency or unit: a department and its sub-units, a People's Committee, a centre.

    Organisations answer citizens' questions (focal officers) and form the organisation chart
    shown on the portal that owns them.
    """

    portal = models.ForeignKey(Portal, verbose_name=_("cổng"), related_name="organizations", on_delete=models.CASCADE)
    parent = TreeForeignKey(
        "self",
        verbose_name=_("đơn vị cấp trên"),
        null=True,
        blank=True,
        related_name="children",
        on_delete=models.CASCADE,
    )
    name = models.CharField(_("tên cơ quan, đơn vị"), max_length=255)
    slug = models.SlugField(_("đường dẫn"), max_length=80, unique=True)
    functions = models.TextField(_("chức năng, nhiệm vụ"), blank=True)
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=50, blank=True)
    hotline = models.CharField(_("đường dây nóng"), max_length=50, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    website = models.URLField(_("trang thông tin"), blank=True)
    head_name = models.CharField(_("người đứng đầu"), max_length=255, blank=True)
    head_email = models.EmailField(_("thư điện tử người đứng đầu"), blank=True)
    answers_feedback = models.BooleanField(_("tiếp nhận phản ánh, kiến nghị"), default=False, db_index=True)
    sort_order = models.PositiveIntegerField(_("thứ tự"), default=0)
    # Name, functions and address without marks, for the public search (portal/search.py).
    search_text = models.TextField(editable=False, blank=True, default="")

    class MPTTMeta:
        order_insertion_by = ["sort_order", "name"]

    class Meta:
        verbose_name = _("cơ quan, đơn vị")
        verbose_name_plural = _("cơ quan, đơn vị")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name = nfc(self.name)
        if not self.slug:
            self.slug = slugify_vi(self.name, max_length=80)
        self.search_text = search_key(f"{self.name} {self.functions} {self.address} {self.head_name}")
        super().save(*args, **kwargs)


class FocalOfficer(models.Model):
    """Cán bộ đầu mối: the people of an organisation who receive forwarded questions and reports."""

    organization = models.ForeignKey(
        Organization, verbose_name=_("cơ quan"), related_name="focal_officers", on_delete=models.CASCADE
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản"),
        null=True,
        blank=True,
        related_name="focal_roles",
        on_delete=models.SET_NULL,
    )
    full_name = models.CharField(_("họ và tên"), max_length=255)
    position = models.CharField(_("chức vụ"), max_length=255, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=50, blank=True)
    email = models.EmailField(_("thư điện tử"))

    class Meta:
        verbose_name = _("cán bộ đầu mối")
        verbose_name_plural = _("cán bộ đầu mối")

    def __str__(self):
        return f"{self.full_name} ({self.organization})"


class Membership(models.Model):
    """A user's role on one portal's editorial board. A user may hold roles on several portals.

    Object permissions (django-guardian) are derived from memberships by components.services.
    """

    class Role(models.TextChoices):
        CONTRIBUTOR = "contributor", _("Cộng tác viên")
        MEMBER = "member", _("Thành viên Ban Biên tập")
        SECRETARY = "secretary", _("Thư ký Ban Biên tập")
        DEPUTY = "deputy", _("Phó Trưởng ban")
        CHIEF = "chief", _("Trưởng Ban Biên tập")
        ADMINISTRATOR = "administrator", _("Quản trị cổng")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("tài khoản"), related_name="memberships", on_delete=models.CASCADE
    )
    portal = models.ForeignKey(Portal, verbose_name=_("cổng"), related_name="memberships", on_delete=models.CASCADE)
    role = models.CharField(_("vai trò"), max_length=20, choices=Role.choices)
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("vai trò trong Ban Biên tập")
        verbose_name_plural = _("vai trò trong Ban Biên tập")
        constraints = [models.UniqueConstraint(fields=["user", "portal", "role"], name="unique_membership_role")]
        indexes = [models.Index(fields=["portal", "role"])]

    def __str__(self):
        return f"{self.user} — {self.get_role_display()} — {self.portal}"
