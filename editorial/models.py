"""Content and its publication state.

Every publishable type inherits `Publishable`: one workflow state machine (editorial/workflow.py and
editorial/services.py) moves any of them. The public site reads only `published()` rows.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchVectorField
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_ckeditor_5.fields import CKEditor5Field
from mptt.managers import TreeManager
from mptt.models import MPTTModel, TreeForeignKey
from mptt.querysets import TreeQuerySet

from components.models import Portal
from components.text import nfc, search_key, slugify_vi
from components.uploads import (
    EDITORIAL_DOCUMENT_KINDS,
    PortalUploadTo,
    VerifiedFileField,
    VerifiedImageField,
    get_protected_storage,
)

from .sanitize import sanitize_html


class State(models.TextChoices):
    DRAFT = "draft", _("Bản nháp")
    SUBMITTED = "submitted", _("Đã gửi duyệt")
    IN_REVIEW = "in_review", _("Đang biên tập")
    AWAITING_APPROVAL = "awaiting_approval", _("Chờ duyệt")
    SCHEDULED = "scheduled", _("Hẹn giờ xuất bản")
    PUBLISHED = "published", _("Đã xuất bản")
    RETURNED = "returned", _("Trả lại")
    REFUSED = "refused", _("Từ chối đăng")
    UNPUBLISHED = "unpublished", _("Đã gỡ")
    ARCHIVED = "archived", _("Lưu trữ")
    EXPIRED = "expired", _("Hết hạn hiển thị")


class RefusalReason(models.TextChoices):
    """The reasons the chief may record when refusing publication [000 Điều 8.4]."""

    OUT_OF_SCOPE = "out_of_scope", _("Không thuộc phạm vi, chức năng của cơ quan chủ quản")
    AGAINST_POLICY = "against_policy", _("Trái chủ trương, đường lối của Đảng, chính sách, pháp luật của Nhà nước")
    UNTRUE = "untrue", _("Thông tin không đúng sự thật")
    POOR_QUALITY = "poor_quality", _("Chất lượng thông tin chưa đạt yêu cầu")
    DUPLICATE = "duplicate", _("Trùng lặp với thông tin đã đăng")
    STATE_SECRET = "state_secret", _("Thuộc danh mục bí mật nhà nước")
    NOT_AUTHORISED = "not_authorised", _("Chưa được phép công bố công khai")
    UNCLEAR_ORIGIN = "unclear_origin", _("Không rõ nguồn gốc")
    NEEDS_VERIFICATION = "needs_verification", _("Cần xác minh thêm")


class UnpublishReason(models.TextChoices):
    ERROR = "error", _("Đăng nhầm, có sai sót")
    REPLACED = "replaced", _("Đã có nội dung thay thế")
    WITHDRAWN = "withdrawn", _("Thu hồi, giữ thông báo tại địa chỉ cũ")


class Language(models.TextChoices):
    VI = "vi", _("Tiếng Việt")
    EN = "en", _("English")


class CategoryQuerySet(TreeQuerySet):
    def for_portal(self, portal):
        return self.filter(portal=portal)

    def visible(self):
        return self.filter(is_active=True)


class Category(MPTTModel):
    """Chuyên mục: a section of one portal's content tree."""

    portal = models.ForeignKey(Portal, verbose_name=_("cổng"), related_name="categories", on_delete=models.CASCADE)
    parent = TreeForeignKey(
        "self",
        verbose_name=_("chuyên mục cha"),
        null=True,
        blank=True,
        related_name="children",
        on_delete=models.PROTECT,
    )
    name = models.CharField(_("tên chuyên mục"), max_length=200)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=200, blank=True)
    slug = models.SlugField(_("đường dẫn"), max_length=120)
    description = models.TextField(_("mô tả"), blank=True)
    is_reference = models.BooleanField(
        _("chuyên mục tin tham khảo"),
        default=False,
        help_text=_("Thông tin chưa được cơ quan có thẩm quyền xác nhận chỉ được đăng ở chuyên mục này."),
    )
    show_in_menu = models.BooleanField(_("hiện trên menu"), default=True)
    is_active = models.BooleanField(_("đang dùng"), default=True)
    sort_order = models.PositiveIntegerField(_("thứ tự"), default=0)

    objects = TreeManager.from_queryset(CategoryQuerySet)()

    class MPTTMeta:
        order_insertion_by = ["sort_order", "name"]

    class Meta:
        verbose_name = _("chuyên mục")
        verbose_name_plural = _("chuyên mục")
        constraints = [models.UniqueConstraint(fields=["portal", "slug"], name="unique_category_slug_per_portal")]
        # Granted per category with django-guardian by the chief (editorial.services.category_assign).
        permissions = [("review_category", _("Biên tập, duyệt tin trong chuyên mục"))]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name = nfc(self.name)
        if not self.slug:
            self.slug = slugify_vi(self.name, max_length=120)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("portal:category", kwargs={"category": self.slug})


class Tag(models.Model):
    name = models.CharField(_("từ khóa"), max_length=100, unique=True)
    slug = models.SlugField(max_length=120, unique=True)

    class Meta:
        verbose_name = _("từ khóa")
        verbose_name_plural = _("từ khóa")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name = nfc(self.name)
        if not self.slug:
            self.slug = slugify_vi(self.name, max_length=120)
        super().save(*args, **kwargs)


class PublishableQuerySet(models.QuerySet):
    def published(self, at=None):
        """What citizens may see now: published, live and not expired."""
        at = at or timezone.now()
        return self.filter(state=State.PUBLISHED, published_at__lte=at).filter(
            Q(expire_at__isnull=True) | Q(expire_at__gt=at)
        )

    def for_portal(self, portal):
        return self.filter(portal=portal)

    def for_portal_tree(self, portal):
        """Content of a portal and all its component portals (search across the province)."""
        return self.filter(portal__tree_id=portal.tree_id, portal__lft__gte=portal.lft, portal__rght__lte=portal.rght)


class StoredSearchVector(models.Func):
    """`to_tsvector('simple', search_text)` on PostgreSQL; NULL on SQLite, which has no text-search types and
    searches `search_text` directly (portal/search.py). docs/decisions/0505-stored-search-vector.md."""

    template = "to_tsvector('simple'::regconfig, %(expressions)s)"
    output_field = SearchVectorField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return "NULL", []


def search_vector_field():
    """The stored tsvector of `search_text`, computed by the database on every INSERT/UPDATE (and COPY)."""
    return models.GeneratedField(
        expression=StoredSearchVector("search_text"),
        output_field=SearchVectorField(null=True),
        db_persist=True,
        editable=False,
    )


class Publishable(models.Model):
    """Fields every publishable type shares: owner portal, workflow state, timing, accountability."""

    portal = models.ForeignKey(Portal, verbose_name=_("cổng"), on_delete=models.PROTECT, related_name="+")
    state = models.CharField(_("trạng thái"), max_length=20, choices=State.choices, default=State.DRAFT)
    language = models.CharField(_("ngôn ngữ"), max_length=2, choices=Language.choices, default=Language.VI)
    go_live_at = models.DateTimeField(_("hẹn giờ xuất bản"), null=True, blank=True)
    expire_at = models.DateTimeField(_("hết hạn hiển thị"), null=True, blank=True)
    published_at = models.DateTimeField(_("thời điểm xuất bản"), null=True, blank=True)
    first_published_at = models.DateTimeField(_("xuất bản lần đầu"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tạo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("ngày tạo"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật"), auto_now=True)
    # Optimistic lock: a save from a stale form (version changed meanwhile) is refused.
    version = models.PositiveIntegerField(_("phiên bản"), default=1)
    # Unaccented, lower-cased text for diacritic-insensitive search (components.text.search_key).
    search_text = models.TextField(editable=False, blank=True, default="")

    # An edit of live content waits here for approval while the live row stays up (editorial/services.py).
    pending_revision = models.ForeignKey(
        "editorial.Revision",
        verbose_name=_("bản sửa chờ duyệt"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    pending_state = models.CharField(
        _("trạng thái bản sửa"), max_length=20, choices=State.choices, blank=True, default="", editable=False
    )
    refusal_reason = models.CharField(
        _("lý do từ chối"), max_length=30, choices=RefusalReason.choices, blank=True, default="", editable=False
    )
    # What the public page needs after unpublishing: a redirect to the replacement or a notice kept at the URL.
    unpublish_reason = models.CharField(
        _("lý do gỡ"), max_length=20, choices=UnpublishReason.choices, blank=True, default="", editable=False
    )
    unpublish_notice = models.TextField(_("thông báo sau khi gỡ"), blank=True, default="", editable=False)
    unpublished_at = models.DateTimeField(_("thời điểm gỡ"), null=True, blank=True, editable=False)
    replacement_type = models.ForeignKey(
        ContentType, null=True, blank=True, editable=False, on_delete=models.SET_NULL, related_name="+"
    )
    replacement_id = models.PositiveBigIntegerField(null=True, blank=True, editable=False)
    replacement = GenericForeignKey("replacement_type", "replacement_id")

    objects = PublishableQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_live(self):
        now = timezone.now()
        return (
            self.state == State.PUBLISHED
            and self.published_at is not None
            and self.published_at <= now
            and (self.expire_at is None or self.expire_at > now)
        )

    @property
    def workflow_state(self):
        """The state the board works on: the pending edit's when live content is being edited."""
        return self.pending_state or self.state

    def get_workflow_state_display(self):
        return State(self.workflow_state).label

    def replacement_url(self):
        """Where the public URL of content unpublished as "replaced" should redirect (None otherwise)."""
        if self.state != State.UNPUBLISHED or self.unpublish_reason != UnpublishReason.REPLACED:
            return None
        replacement = self.replacement
        if replacement is None or not getattr(replacement, "is_live", False):
            return None
        return replacement.get_absolute_url()

    def save(self, *args, **kwargs):
        self.prepare_content()
        self.search_text = search_key(self.build_search_text())
        super().save(*args, **kwargs)

    def prepare_content(self):
        """Normalise the content fields in memory (NFC text, sanitised HTML, slug). Every save runs it, and the
        services run it before an edit of live content is stored as a revision without saving the row."""

    def build_search_text(self) -> str:
        """The text search matches; each concrete type lists its searchable fields."""
        return str(self)


class Article(Publishable):
    """Tin, bài: a news item or article of one portal."""

    category = models.ForeignKey(
        Category, verbose_name=_("chuyên mục"), on_delete=models.PROTECT, related_name="articles"
    )
    title = models.CharField(_("tiêu đề"), max_length=300)
    slug = models.SlugField(_("đường dẫn"), max_length=200)
    summary = models.TextField(_("tóm tắt"), blank=True)
    body = CKEditor5Field(_("nội dung"), blank=True, config_name="default")
    featured_image = VerifiedImageField(_("ảnh đại diện"), upload_to=PortalUploadTo("articles/%Y/%m/"), blank=True)
    image_caption = models.CharField(_("chú thích ảnh"), max_length=300, blank=True)
    author_name = models.CharField(_("tác giả"), max_length=200)
    source = models.CharField(_("nguồn tin"), max_length=300)
    is_reference = models.BooleanField(_("tin tham khảo"), default=False)
    is_featured = models.BooleanField(_("tin nổi bật"), default=False)
    translation_of = models.ForeignKey(
        "self",
        verbose_name=_("bản dịch của"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="translations",
    )
    tags = models.ManyToManyField(Tag, verbose_name=_("từ khóa"), blank=True, related_name="articles")
    search_vector = search_vector_field()

    class Meta:
        verbose_name = _("tin, bài")
        verbose_name_plural = _("tin, bài")
        ordering = ["-published_at", "-id"]
        indexes = [
            models.Index(fields=["portal", "state", "-published_at"], name="article_portal_live"),
            models.Index(fields=["category", "state", "-published_at"], name="article_category_live"),
            models.Index(fields=["state", "go_live_at"], name="article_scheduled"),
            models.Index(fields=["state", "expire_at"], name="article_expiry"),
            models.Index(fields=["portal", "slug"], name="article_slug"),
            # Newest published articles of a set of portals (the province home's "news from units"); the search
            # walks it for common words (portal/search.py).
            models.Index(fields=["state", "language", "-published_at", "-id"], name="article_live_newest"),
            # The paginator counts of a portal's news and of a category (with its subcategories): index-only scans
            # (the visibility map is kept by autovacuum) instead of visiting every published row of the portal.
            models.Index(
                fields=["portal", "language", "published_at"],
                include=["expire_at"],
                condition=Q(state="published"),
                name="article_portal_count",
            ),
            models.Index(
                fields=["category", "language", "published_at"],
                include=["portal", "expire_at"],
                condition=Q(state="published"),
                name="article_category_count",
            ),
            # Live articles whose edit is in the workflow ("My work", the state filter).
            models.Index(fields=["portal", "pending_state"], name="article_pending", condition=~Q(pending_state="")),
        ]

    def __str__(self):
        return self.title

    def prepare_content(self):
        self.title = nfc(self.title)
        self.summary = nfc(self.summary)
        self.body = sanitize_html(self.body)  # allow-list and NFC (docs/decisions/0200)
        if not self.slug:
            self.slug = slugify_vi(self.title, max_length=200) or "bai-viet"
        super().prepare_content()

    def build_search_text(self):
        return " ".join([self.title, self.summary, self.author_name, self.source])

    def get_absolute_url(self):
        """/tin-tuc/<category-slug>/<slug>-<id>.html under the portal's prefix (and /en/ when English is active)."""
        from django.urls import reverse

        return reverse("portal:article", kwargs={"category": self.category.slug, "slug": self.slug, "pk": self.pk})


class LegalDocument(Publishable):
    """Văn bản: legal and direction documents, published through the same workflow as articles."""

    class DocType(models.TextChoices):
        LAW = "luat", _("Luật")
        DECREE = "nghi-dinh", _("Nghị định")
        CIRCULAR = "thong-tu", _("Thông tư")
        RESOLUTION = "nghi-quyet", _("Nghị quyết")
        DECISION = "quyet-dinh", _("Quyết định")
        DIRECTIVE = "chi-thi", _("Chỉ thị")
        PLAN = "ke-hoach", _("Kế hoạch")
        OFFICIAL_LETTER = "cong-van", _("Công văn")
        NOTICE = "thong-bao", _("Thông báo")
        OTHER = "khac", _("Văn bản khác")

    class Validity(models.TextChoices):
        IN_FORCE = "in_force", _("Còn hiệu lực")
        AMENDED = "amended", _("Bị sửa đổi, bổ sung")
        REPLACED = "replaced", _("Bị thay thế")
        EXPIRED = "expired", _("Hết hiệu lực")
        NOT_YET = "not_yet", _("Chưa có hiệu lực")

    number = models.CharField(_("số, ký hiệu"), max_length=100)
    doc_type = models.CharField(_("loại văn bản"), max_length=20, choices=DocType.choices, db_index=True)
    issuing_body = models.CharField(_("cơ quan ban hành"), max_length=255, db_index=True)
    signer = models.CharField(_("người ký"), max_length=200, blank=True)
    issued_on = models.DateField(_("ngày ban hành"), db_index=True)
    effective_on = models.DateField(_("ngày hiệu lực"), null=True, blank=True)
    validity = models.CharField(
        _("tình trạng hiệu lực"), max_length=20, choices=Validity.choices, default=Validity.IN_FORCE, db_index=True
    )
    field = models.CharField(_("lĩnh vực"), max_length=120, blank=True, db_index=True)
    title = models.CharField(_("trích yếu"), max_length=500)
    slug = models.SlugField(_("đường dẫn"), max_length=200)
    summary = models.TextField(_("tóm tắt nội dung"), blank=True)
    amends = models.ManyToManyField(
        "self", verbose_name=_("sửa đổi, bổ sung văn bản"), symmetrical=False, blank=True, related_name="amended_by"
    )
    replaces = models.ManyToManyField(
        "self", verbose_name=_("thay thế văn bản"), symmetrical=False, blank=True, related_name="replaced_by"
    )
    search_vector = search_vector_field()

    class Meta:
        verbose_name = _("văn bản")
        verbose_name_plural = _("văn bản")
        ordering = ["-issued_on", "-id"]
        indexes = [
            models.Index(fields=["portal", "state", "-issued_on"], name="legaldoc_portal_live"),
            models.Index(fields=["number"], name="legaldoc_number"),
            models.Index(fields=["portal", "pending_state"], name="legaldoc_pending", condition=~Q(pending_state="")),
            models.Index(fields=["state", "go_live_at"], name="legaldoc_scheduled"),
            models.Index(fields=["state", "expire_at"], name="legaldoc_expiry"),
            # The newest published documents first: the search walks it for common words (portal/search.py).
            models.Index(fields=["state", "language", "-published_at", "-id"], name="legaldoc_live_newest"),
        ]

    def __str__(self):
        return f"{self.number} — {self.title}"

    def prepare_content(self):
        self.title = nfc(self.title)
        self.summary = nfc(self.summary)
        if not self.slug:
            self.slug = slugify_vi(f"{self.number} {self.title}", max_length=200) or "van-ban"
        super().prepare_content()

    def build_search_text(self):
        return " ".join([self.number, self.title, self.summary, self.issuing_body, self.signer, self.field])

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("portal:document", kwargs={"slug": self.slug, "pk": self.pk})


class LegalDocumentFile(models.Model):
    """A file attached to a legal document (PDF, DOCX, XLSX, ODT; verified by editorial.files)."""

    document = models.ForeignKey(LegalDocument, related_name="files", on_delete=models.CASCADE)
    # Not public before the document is: protected storage, served by editorial.views.protected_file (0720).
    file = VerifiedFileField(
        _("tệp"),
        upload_to=PortalUploadTo("documents/%Y/", "document.portal_id"),
        storage=get_protected_storage,
        kinds=EDITORIAL_DOCUMENT_KINDS,
        max_bytes="EDITORIAL_DOCUMENT_MAX_BYTES",
        max_length=255,
        db_index=True,
    )
    title = models.CharField(_("tên tệp"), max_length=255, blank=True)
    size = models.PositiveIntegerField(default=0, editable=False)
    content_type = models.CharField(max_length=100, blank=True, editable=False)

    class Meta:
        verbose_name = _("tệp đính kèm")
        verbose_name_plural = _("tệp đính kèm")

    def __str__(self):
        return self.title or self.file.name


# --- Public-site content types (added by the public-site work; see docs/decisions/0500-public-site.md) ----------


class Leader(Publishable):
    """Lãnh đạo: a leader of the portal's agency shown on the introduction page."""

    organization = models.ForeignKey(
        "components.Organization",
        verbose_name=_("cơ quan, đơn vị"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="leaders",
    )
    full_name = models.CharField(_("họ và tên"), max_length=200)
    position = models.CharField(_("chức vụ"), max_length=255)
    phone = models.CharField(_("điện thoại"), max_length=50, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    photo = VerifiedImageField(_("ảnh"), upload_to=PortalUploadTo("leaders/"), blank=True)
    biography = models.TextField(_("tiểu sử"), blank=True)
    order = models.PositiveIntegerField(_("thứ tự"), default=0)
    is_spokesperson = models.BooleanField(_("người phát ngôn"), default=False)

    class Meta:
        verbose_name = _("lãnh đạo")
        verbose_name_plural = _("lãnh đạo")
        ordering = ["order", "id"]
        indexes = [models.Index(fields=["portal", "state", "order"], name="leader_portal_live")]

    def __str__(self):
        return self.full_name

    def prepare_content(self):
        self.full_name = nfc(self.full_name)
        self.position = nfc(self.position)
        super().prepare_content()

    def build_search_text(self):
        return " ".join([self.full_name, self.position, self.biography])

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("portal:leaders")


class WorkScheduleEntry(Publishable):
    """Một mục lịch công tác: what the leaders do on a given day."""

    date = models.DateField(_("ngày"))
    start_time = models.TimeField(_("giờ bắt đầu"), null=True, blank=True)
    leaders = models.ManyToManyField(Leader, verbose_name=_("lãnh đạo"), blank=True, related_name="schedule_entries")
    content = models.TextField(_("nội dung"))
    location = models.CharField(_("địa điểm"), max_length=255, blank=True)
    participants = models.TextField(_("thành phần"), blank=True)

    class Meta:
        verbose_name = _("lịch công tác")
        verbose_name_plural = _("lịch công tác")
        ordering = ["date", "start_time", "id"]
        indexes = [models.Index(fields=["portal", "state", "date"], name="schedule_portal_date")]

    def __str__(self):
        return f"{self.date:%d/%m/%Y} — {self.content[:60]}"

    def prepare_content(self):
        self.content = nfc(self.content)
        super().prepare_content()

    def build_search_text(self):
        return " ".join([self.content, self.location, self.participants])

    def get_absolute_url(self):
        """The week page showing the entry."""
        import datetime

        from django.urls import reverse

        monday = self.date - datetime.timedelta(days=self.date.weekday())
        return f"{reverse('portal:schedule')}?tuan={monday.isoformat()}"


class ConsultationDraft(Publishable):
    """Dự thảo lấy ý kiến: a draft document open for public comment between two dates."""

    title = models.CharField(_("tên dự thảo"), max_length=500)
    slug = models.SlugField(_("đường dẫn"), max_length=200)
    summary = models.TextField(_("tóm tắt"), blank=True)
    body = models.TextField(_("toàn văn dự thảo"), blank=True, help_text=_("HTML; được làm sạch khi lưu."))
    drafting_agency = models.CharField(_("cơ quan soạn thảo"), max_length=255)
    starts_on = models.DateField(_("ngày bắt đầu lấy ý kiến"))
    ends_on = models.DateField(_("ngày kết thúc lấy ý kiến"))
    file = VerifiedFileField(
        _("tệp dự thảo"),
        upload_to=PortalUploadTo("drafts/%Y/"),
        storage=get_protected_storage,
        kinds=EDITORIAL_DOCUMENT_KINDS,
        max_bytes="EDITORIAL_DOCUMENT_MAX_BYTES",
        blank=True,
        max_length=255,
        db_index=True,
    )
    search_vector = search_vector_field()

    class Meta:
        verbose_name = _("dự thảo lấy ý kiến")
        verbose_name_plural = _("dự thảo lấy ý kiến")
        ordering = ["-starts_on", "-id"]
        indexes = [
            models.Index(fields=["portal", "state", "-ends_on"], name="draft_portal_window"),
            # The newest published drafts first: the search walks it for common words (portal/search.py).
            models.Index(fields=["state", "language", "-published_at", "-id"], name="draft_live_newest"),
        ]

    def __str__(self):
        return self.title

    def prepare_content(self):
        self.title = nfc(self.title)
        self.summary = nfc(self.summary)
        self.body = sanitize_html(self.body)  # the same allow-list as articles (docs/decisions/0200)
        if not self.slug:
            self.slug = slugify_vi(self.title, max_length=200) or "du-thao"
        super().prepare_content()

    def build_search_text(self):
        return " ".join([self.title, self.summary, self.drafting_agency])

    def is_open(self, today=None):
        today = today or timezone.localdate()
        return self.starts_on <= today <= self.ends_on

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("portal:consultation", kwargs={"slug": self.slug, "pk": self.pk})


class ConsultationComment(models.Model):
    """Góp ý dự thảo: a citizen's comment, shown publicly only once a moderator approves it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Chờ kiểm duyệt")
        APPROVED = "approved", _("Đã duyệt, hiển thị")
        REJECTED = "rejected", _("Không hiển thị")

    draft = models.ForeignKey(
        ConsultationDraft, verbose_name=_("dự thảo"), related_name="comments", on_delete=models.CASCADE
    )
    name = models.CharField(_("họ và tên"), max_length=200)
    email = models.EmailField(_("thư điện tử"), help_text=_("Không công khai."))
    organization = models.CharField(_("cơ quan, tổ chức"), max_length=255, blank=True)
    body = models.TextField(_("nội dung góp ý"))
    status = models.CharField(_("kiểm duyệt"), max_length=20, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(_("thời điểm gửi"), auto_now_add=True)

    class Meta:
        verbose_name = _("góp ý dự thảo")
        verbose_name_plural = _("góp ý dự thảo")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["draft", "status", "created_at"], name="comment_draft_status")]

    def __str__(self):
        return f"{self.name}: {self.body[:50]}"

    def save(self, *args, **kwargs):
        self.name = nfc(self.name)
        self.body = nfc(self.body)
        super().save(*args, **kwargs)


class Revision(models.Model):
    """One saved state of a publishable item: a JSON snapshot of its content fields."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    content_object = GenericForeignKey("content_type", "object_id")
    number = models.PositiveIntegerField(_("số phiên bản"))
    version = models.PositiveIntegerField(_("phiên bản dữ liệu"))
    snapshot = models.JSONField(_("nội dung"), encoder=DjangoJSONEncoder)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người sửa"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("thời điểm"), default=timezone.now)
    state = models.CharField(_("trạng thái khi lưu"), max_length=20, choices=State.choices)
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("phiên bản")
        verbose_name_plural = _("phiên bản")
        ordering = ["-number"]
        indexes = [models.Index(fields=["content_type", "object_id", "-number"], name="revision_object")]
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id", "number"], name="unique_revision_number")
        ]

    def __str__(self):
        return _("Phiên bản %(n)s") % {"n": self.number}


class AuditEvent(models.Model):
    """Who did what to which item, when, from which state to which, and why. Never edited."""

    class Action(models.TextChoices):
        CREATE = "create", _("Tạo mới")
        EDIT = "edit", _("Sửa")
        SUBMIT = "submit", _("Gửi duyệt")
        FORWARD = "forward", _("Chuyển tiếp")
        RETURN = "return", _("Trả lại tác giả")
        APPROVE = "approve", _("Duyệt, xuất bản")
        SCHEDULE = "schedule", _("Duyệt, hẹn giờ xuất bản")
        PUBLISH = "publish", _("Xuất bản theo lịch")
        APPROVE_EDIT = "approve_edit", _("Duyệt bản sửa")
        REFUSE = "refuse", _("Từ chối đăng")
        UNPUBLISH = "unpublish", _("Gỡ")
        EXPIRE = "expire", _("Hết hạn hiển thị")
        ARCHIVE = "archive", _("Lưu trữ")
        REOPEN = "reopen", _("Mở lại thành bản nháp")
        RESTORE = "restore", _("Khôi phục phiên bản")
        ASSIGN = "assign", _("Phân công chuyên mục")
        UNASSIGN = "unassign", _("Thu hồi phân công")
        DELEGATE = "delegate", _("Ủy quyền")
        UNDELEGATE = "undelegate", _("Chấm dứt ủy quyền")
        DELEGATE_EDIT = "delegate_edit", _("Sửa ủy quyền")
        PREVIEW_SHARE = "preview_share", _("Tạo đường dẫn xem trước")
        PREVIEW_REVOKE = "preview_revoke", _("Thu hồi đường dẫn xem trước")
        SYNDICATE = "syndicate", _("Đề xuất đăng lên cổng tỉnh")
        SYNDICATE_APPROVE = "synd_approve", _("Duyệt đăng lên cổng tỉnh")
        SYNDICATE_REFUSE = "synd_refuse", _("Không duyệt đăng lên cổng tỉnh")
        CATEGORY_CREATE = "category_create", _("Tạo chuyên mục")
        CATEGORY_EDIT = "category_edit", _("Sửa chuyên mục")
        CATEGORY_MOVE = "category_move", _("Chuyển chuyên mục")
        CATEGORY_DELETE = "category_delete", _("Xóa chuyên mục")
        # The board's office (app `office`, docs/decisions/0902-office-audit-in-editorial-log.md).
        ROYALTY_PROPOSE = "royalty_propose", _("Đề xuất nhuận bút")
        ROYALTY_EDIT = "royalty_edit", _("Sửa nhuận bút")
        ROYALTY_DELETE = "royalty_delete", _("Xóa nhuận bút")
        ROYALTY_APPROVE = "royalty_approve", _("Duyệt nhuận bút")
        PAYMENT_LIST = "payment_list", _("Lập danh sách chi trả nhuận bút")
        PAYMENT_PAID = "payment_paid", _("Xác nhận đã chi trả nhuận bút")
        PAYEE_EDIT = "payee_edit", _("Sửa thông tin người hưởng nhuận bút")
        INVENTORY_EDIT = "inventory_edit", _("Sửa danh mục thông tin bắt buộc")
        TRACK_OPEN = "track_open", _("Theo dõi hạn cập nhật")
        TRACK_EDIT = "track_edit", _("Sửa hạn cập nhật")
        TRACK_CLOSE = "track_close", _("Hoàn thành hạn cập nhật")

    portal = models.ForeignKey(Portal, verbose_name=_("cổng"), on_delete=models.PROTECT, related_name="+")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_name = models.CharField(_("tên người thực hiện"), max_length=200, blank=True)
    action = models.CharField(_("thao tác"), max_length=20, choices=Action.choices)
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("loại nội dung"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    content_object = GenericForeignKey("content_type", "object_id")
    object_repr = models.CharField(_("đối tượng"), max_length=500)
    from_state = models.CharField(_("từ trạng thái"), max_length=20, choices=State.choices, blank=True)
    to_state = models.CharField(_("sang trạng thái"), max_length=20, choices=State.choices, blank=True)
    reason = models.CharField(_("lý do"), max_length=30, blank=True)
    comment = models.TextField(_("ý kiến"), blank=True)
    revision = models.ForeignKey(
        Revision, verbose_name=_("phiên bản"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("thời điểm"), default=timezone.now)

    class Meta:
        verbose_name = _("nhật ký biên tập")
        verbose_name_plural = _("nhật ký biên tập")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["portal", "-created_at"], name="audit_portal"),
            models.Index(fields=["content_type", "object_id", "-created_at"], name="audit_object"),
            models.Index(fields=["actor", "-created_at"], name="audit_actor"),
            models.Index(fields=["action", "-created_at"], name="audit_action"),
        ]

    def __str__(self):
        return f"{self.get_action_display()} — {self.object_repr}"

    @property
    def reason_label(self):
        for choices in (RefusalReason, UnpublishReason):
            if self.reason in choices.values:
                return choices(self.reason).label
        return self.reason


class WorkItem(AuditEvent):
    """Admin entry for the "My work" page (editorial.admin.WorkItemAdmin)."""

    class Meta:
        proxy = True
        verbose_name = _("việc của tôi")
        verbose_name_plural = _("việc của tôi")


class NotificationLog(models.Model):
    """One email sent for one audit event to one address: makes the notification task safe to run twice."""

    event = models.ForeignKey(AuditEvent, on_delete=models.CASCADE, related_name="notifications")
    email = models.EmailField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("thư thông báo")
        verbose_name_plural = _("thư thông báo")
        constraints = [models.UniqueConstraint(fields=["event", "email"], name="unique_notification_per_event")]

    def __str__(self):
        return f"{self.email} · {self.event_id}"


class DelegationQuerySet(models.QuerySet):
    def active(self, on=None):
        on = on or timezone.localdate()
        return self.filter(revoked_at__isnull=True, valid_from__lte=on, valid_to__gte=on)


class Delegation(models.Model):
    """Ủy quyền: the chief lets a deputy approve and publish on one portal for a period [003 Điều 5.1]."""

    portal = models.ForeignKey(Portal, verbose_name=_("cổng"), on_delete=models.CASCADE, related_name="+")
    chief = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("Trưởng ban ủy quyền"), on_delete=models.PROTECT, related_name="+"
    )
    deputy = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Phó Trưởng ban được ủy quyền"),
        on_delete=models.PROTECT,
        related_name="editorial_delegations",
    )
    valid_from = models.DateField(_("từ ngày"))
    valid_to = models.DateField(_("đến hết ngày"))
    categories = models.ManyToManyField(
        Category,
        verbose_name=_("phạm vi chuyên mục"),
        blank=True,
        related_name="+",
        help_text=_("Để trống: toàn bộ nội dung của cổng."),
    )
    scope_note = models.CharField(_("nội dung ủy quyền"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("ngày lập"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)

    objects = DelegationQuerySet.as_manager()

    class Meta:
        verbose_name = _("ủy quyền duyệt tin")
        verbose_name_plural = _("ủy quyền duyệt tin")
        ordering = ["-valid_from"]
        indexes = [models.Index(fields=["deputy", "portal", "valid_from", "valid_to"], name="delegation_window")]

    def __str__(self):
        return _("%(chief)s ủy quyền cho %(deputy)s (%(start)s – %(end)s)") % {
            "chief": self.chief,
            "deputy": self.deputy,
            "start": self.valid_from.strftime("%d/%m/%Y"),
            "end": self.valid_to.strftime("%d/%m/%Y"),
        }

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": _("Ngày kết thúc phải sau hoặc bằng ngày bắt đầu.")})


class Syndication(models.Model):
    """A component portal's published article proposed to the province's "Tin từ các đơn vị" (docs/decisions/0414).

    Approved, the province's category page lists it with a link to the original on the component portal; the
    article itself stays on its own portal and under its own board.
    """

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Chờ Ban Biên tập tỉnh duyệt")
        APPROVED = "approved", _("Đã duyệt, đăng lên cổng tỉnh")
        REFUSED = "refused", _("Không duyệt")

    article = models.ForeignKey(
        "editorial.Article", verbose_name=_("tin, bài"), related_name="syndications", on_delete=models.CASCADE
    )
    target_category = models.ForeignKey(
        Category, verbose_name=_("chuyên mục của cổng tỉnh"), related_name="syndications", on_delete=models.PROTECT
    )
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.PROPOSED)
    note = models.CharField(_("ghi chú của đơn vị"), max_length=300, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+", on_delete=models.SET_NULL
    )
    proposed_at = models.DateTimeField(_("thời điểm đề xuất"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người quyết định"),
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.SET_NULL,
    )
    decided_at = models.DateTimeField(_("thời điểm quyết định"), null=True, blank=True)
    reason = models.CharField(_("lý do không duyệt"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("tin đề xuất lên cổng tỉnh")
        verbose_name_plural = _("tin đề xuất lên cổng tỉnh")
        ordering = ["-proposed_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["article", "target_category"], name="one_syndication_per_category")
        ]
        indexes = [models.Index(fields=["target_category", "status", "-decided_at"], name="syndication_listing")]

    def __str__(self):
        return str(self.article)


class PreviewLink(models.Model):
    """A preview link shared with someone without an account (services.preview_token): listed on the item's page,
    revocable before it expires; creating and revoking it are audited (issue #15)."""

    portal = models.ForeignKey(Portal, verbose_name=_("cổng"), on_delete=models.CASCADE, related_name="+")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    revision = models.ForeignKey(Revision, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tạo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    expires_at = models.DateTimeField(_("hết hạn lúc"))
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("đường dẫn xem trước")
        verbose_name_plural = _("đường dẫn xem trước")
        indexes = [models.Index(fields=["content_type", "object_id"], name="editorial_previewlink_item")]
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"#{self.pk}"

    @property
    def is_active(self):
        return self.revoked_at is None and self.expires_at > timezone.now()
