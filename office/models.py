"""The board's office: royalties (nhuận bút) and the information inventory with its update deadlines.

Every write goes through `office.services`; the admin only shows rows and calls the services.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from components.models import Organization, Portal

# --- Royalties ---------------------------------------------------------------------------------------------


class RoyaltyScale(models.Model):
    """Bảng nhuận bút: the base amount of one coefficient unit and the legal act it comes from.

    A scale with no portal is the province's default for every portal; a portal's own scale (a component portal's
    own royalty regulation, 000 Điều 11.3) wins over it. The scale in force on a day is the latest valid_from.
    """

    portal = models.ForeignKey(
        Portal,
        verbose_name=_("cổng"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Để trống: áp dụng cho mọi cổng chưa có bảng riêng."),
    )
    name = models.CharField(_("tên bảng"), max_length=200)
    base_amount = models.DecimalField(
        _("giá trị một đơn vị hệ số (đồng)"),
        max_digits=14,
        decimal_places=0,
        validators=[MinValueValidator(Decimal("0"))],
    )
    legal_reference = models.CharField(_("căn cứ pháp lý"), max_length=500)
    valid_from = models.DateField(_("áp dụng từ ngày"))

    class Meta:
        verbose_name = _("bảng nhuận bút")
        verbose_name_plural = _("bảng nhuận bút")
        ordering = ["-valid_from", "-id"]

    def __str__(self):
        return f"{self.name} ({self.valid_from:%d/%m/%Y})"


class RoyaltyKind(models.Model):
    """Loại tác phẩm: a kind of work of one scale, with its coefficient range (khung hệ số)."""

    scale = models.ForeignKey(
        RoyaltyScale, verbose_name=_("bảng nhuận bút"), on_delete=models.CASCADE, related_name="kinds"
    )
    code = models.SlugField(_("mã"), max_length=40)
    name = models.CharField(_("loại tác phẩm"), max_length=200)
    min_coefficient = models.DecimalField(_("hệ số tối thiểu"), max_digits=6, decimal_places=2)
    max_coefficient = models.DecimalField(_("hệ số tối đa"), max_digits=6, decimal_places=2)
    default_coefficient = models.DecimalField(_("hệ số mặc định"), max_digits=6, decimal_places=2)

    class Meta:
        verbose_name = _("loại tác phẩm")
        verbose_name_plural = _("loại tác phẩm")
        ordering = ["scale", "name"]
        constraints = [
            models.UniqueConstraint(fields=["scale", "code"], name="office_kind_code_per_scale"),
            models.CheckConstraint(
                condition=Q(min_coefficient__lte=models.F("default_coefficient"))
                & Q(default_coefficient__lte=models.F("max_coefficient")),
                name="office_kind_coefficient_range",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.min_coefficient}–{self.max_coefficient})"


class Payee(models.Model):
    """Người hưởng nhuận bút: a staff account or an external contributor, with what the payment list needs."""

    portal = models.ForeignKey(Portal, verbose_name=_("cổng"), on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản cán bộ"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Để trống với cộng tác viên bên ngoài."),
    )
    full_name = models.CharField(_("họ và tên"), max_length=200)
    unit = models.CharField(_("đơn vị"), max_length=255, blank=True)
    id_number = models.CharField(_("số CCCD"), max_length=20, blank=True)
    bank_account = models.CharField(_("số tài khoản"), max_length=40, blank=True)
    bank_name = models.CharField(_("ngân hàng"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("người hưởng nhuận bút")
        verbose_name_plural = _("người hưởng nhuận bút")
        ordering = ["portal", "full_name"]

    def __str__(self):
        return f"{self.full_name} — {self.unit}" if self.unit else self.full_name


class PaymentList(models.Model):
    """Danh sách chi trả nhuận bút of one portal and month (003 Điều 8.6: paid monthly)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Đang lập")
        PAID = "paid", _("Đã chi trả")

    portal = models.ForeignKey(Portal, verbose_name=_("cổng"), on_delete=models.PROTECT, related_name="+")
    month = models.DateField(_("tháng"), help_text=_("Ngày đầu tháng."))
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người lập"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("ngày lập"), auto_now_add=True)
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người xác nhận chi trả"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    paid_at = models.DateTimeField(_("thời điểm chi trả"), null=True, blank=True)

    class Meta:
        verbose_name = _("danh sách chi trả nhuận bút")
        verbose_name_plural = _("danh sách chi trả nhuận bút")
        ordering = ["-month", "portal"]
        constraints = [models.UniqueConstraint(fields=["portal", "month"], name="office_one_list_per_portal_month")]

    def __str__(self):
        return _("Nhuận bút tháng %(month)s — %(portal)s") % {"month": f"{self.month:%m/%Y}", "portal": self.portal}

    @property
    def is_paid(self):
        return self.status == self.Status.PAID


class RoyaltyLine(models.Model):
    """One creator's royalty for one published item: kind, coefficient, and the amount computed when proposed."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Chờ duyệt")
        APPROVED = "approved", _("Đã duyệt")

    portal = models.ForeignKey(Portal, verbose_name=_("cổng"), on_delete=models.PROTECT, related_name="+")
    article = models.ForeignKey(
        "editorial.Article",
        verbose_name=_("tin, bài"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    legal_document = models.ForeignKey(
        "editorial.LegalDocument",
        verbose_name=_("văn bản"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    item_title = models.CharField(_("tác phẩm"), max_length=500, editable=False)
    payee = models.ForeignKey(Payee, verbose_name=_("người hưởng"), on_delete=models.PROTECT, related_name="lines")
    kind = models.ForeignKey(RoyaltyKind, verbose_name=_("loại tác phẩm"), on_delete=models.PROTECT, related_name="+")
    coefficient = models.DecimalField(_("hệ số"), max_digits=6, decimal_places=2)
    base_amount = models.DecimalField(_("giá trị đơn vị hệ số"), max_digits=14, decimal_places=0, editable=False)
    amount = models.DecimalField(_("số tiền (đồng)"), max_digits=14, decimal_places=0, editable=False)
    month = models.DateField(_("tháng chi trả"), editable=False)
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=Status.choices, default=Status.PROPOSED, editable=False
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người đề xuất"),
        null=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    proposed_at = models.DateTimeField(_("thời điểm đề xuất"), null=True, editable=False)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người duyệt"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("thời điểm duyệt"), null=True, blank=True, editable=False)
    payment_list = models.ForeignKey(
        PaymentList,
        verbose_name=_("danh sách chi trả"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="lines",
    )

    class Meta:
        verbose_name = _("dòng nhuận bút")
        verbose_name_plural = _("nhuận bút")
        ordering = ["-month", "payee__full_name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(article__isnull=False, legal_document__isnull=True)
                | Q(article__isnull=True, legal_document__isnull=False),
                name="office_line_one_item",
            ),
            # One person is paid once per kind of work on an item (text and photos are two kinds): no double pay.
            models.UniqueConstraint(
                fields=["article", "payee", "kind"],
                name="office_line_once_per_article",
                condition=Q(article__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["legal_document", "payee", "kind"],
                name="office_line_once_per_document",
                condition=Q(legal_document__isnull=False),
            ),
        ]
        indexes = [models.Index(fields=["portal", "month", "status"], name="office_line_portal_month")]

    def __str__(self):
        return f"{self.payee.full_name} — {self.item_title}"

    @property
    def item(self):
        return self.article if self.article_id else self.legal_document


# --- Information inventory and update deadlines ----------------------------------------------------------


class InformationKind(models.Model):
    """One line of a portal's inventory of obligatory information (000 Điều 13, 004 Điều 17.1 b–h)."""

    portal = models.ForeignKey(Portal, verbose_name=_("cổng"), on_delete=models.CASCADE, related_name="+")
    code = models.SlugField(_("mã"), max_length=60)
    name = models.CharField(_("loại thông tin"), max_length=300)
    responsible_unit = models.CharField(_("đơn vị cung cấp"), max_length=255)
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("cơ quan, đơn vị"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    deadline_working_days = models.PositiveSmallIntegerField(
        _("thời hạn (ngày làm việc)"), help_text=_("Kể từ ngày văn bản nguồn được ban hành hoặc thay đổi.")
    )
    trigger = models.CharField(_("tính từ"), max_length=300, blank=True)
    legal_reference = models.CharField(_("căn cứ"), max_length=300, blank=True)
    is_active = models.BooleanField(_("đang áp dụng"), default=True)

    class Meta:
        verbose_name = _("danh mục thông tin bắt buộc")
        verbose_name_plural = _("danh mục thông tin bắt buộc")
        ordering = ["portal", "deadline_working_days", "name"]
        constraints = [models.UniqueConstraint(fields=["portal", "code"], name="office_information_kind_code")]

    def __str__(self):
        return _("%(name)s (%(days)s ngày làm việc)") % {"name": self.name, "days": self.deadline_working_days}


class TrackedItemQuerySet(models.QuerySet):
    def open(self):
        return self.filter(closed_at__isnull=True)

    def overdue(self, today):
        return self.open().filter(due_on__lt=today)

    def due_within(self, today, last_day):
        return self.open().filter(due_on__gte=today, due_on__lte=last_day)


class TrackedItem(models.Model):
    """A piece of obligatory information to publish by a due date: trigger date + the kind's working days."""

    portal = models.ForeignKey(Portal, verbose_name=_("cổng"), on_delete=models.PROTECT, related_name="+")
    kind = models.ForeignKey(
        InformationKind, verbose_name=_("loại thông tin"), on_delete=models.PROTECT, related_name="items"
    )
    title = models.CharField(_("nội dung cần đăng"), max_length=500)
    source_reference = models.CharField(_("văn bản nguồn"), max_length=200, blank=True)
    triggered_on = models.DateField(_("ngày ban hành / thay đổi"))
    due_on = models.DateField(_("hạn đăng"), editable=False)
    article = models.ForeignKey(
        "editorial.Article",
        verbose_name=_("tin, bài"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    legal_document = models.ForeignKey(
        "editorial.LegalDocument",
        verbose_name=_("văn bản"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tạo"),
        null=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("ngày tạo"), auto_now_add=True)
    closed_at = models.DateTimeField(_("đã đăng lúc"), null=True, blank=True, editable=False)
    closed_on_time = models.BooleanField(_("đúng hạn"), null=True, editable=False)

    objects = TrackedItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("hạn cập nhật thông tin")
        verbose_name_plural = _("hạn cập nhật thông tin")
        ordering = ["closed_at", "due_on", "id"]
        indexes = [
            models.Index(fields=["portal", "due_on"], name="office_tracked_open", condition=Q(closed_at__isnull=True))
        ]

    def __str__(self):
        return self.title
