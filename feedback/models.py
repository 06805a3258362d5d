"""Citizen questions (hỏi đáp, phản ánh kiến nghị), their forwarding to agencies, deadlines and notifications.

A Question belongs to the portal it was sent on; the board of that portal classifies it and forwards it to an
agency (components.Organization), which creates an Assignment whose due date is computed once, on the
working-day calendar (feedback/calendar.py), and stored. Every email is a Notification row; the rows the
deadline sweep writes carry a unique key so each reminder is sent exactly once.
"""

import datetime as dt
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import LazyObject
from django.utils.translation import gettext_lazy as _

from components.models import Organization, Portal
from components.text import nfc, search_key, slugify_vi
from components.uploads import IMAGE_KINDS, PortalUploadTo, PrivateFileSystemStorage, VerifiedFileField

# Unambiguous alphabet for tracking codes: no 0/O, 1/I/L.
TRACKING_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
TRACKING_LENGTH = 10


def new_tracking_code() -> str:
    return "".join(secrets.choice(TRACKING_ALPHABET) for _ in range(TRACKING_LENGTH))


class PrivateStorage(LazyObject):
    """Attachments live under PRIVATE_MEDIA_ROOT, never under MEDIA_ROOT; served only by a permission-checked view."""

    def _setup(self):
        self._wrapped = PrivateFileSystemStorage()


private_storage = PrivateStorage()


def _private_storage():
    return private_storage


# What a citizen may attach (checked by content, components.uploads): PDF, DOCX and images.
ATTACHMENT_KINDS = frozenset({"pdf", "docx"}) | IMAGE_KINDS


class Klass(models.TextChoices):
    """Feedback classes per CONTRACTS.md; the number of working days comes from settings.FEEDBACK_DEADLINE_DAYS."""

    COMPETENT = "competent", _("Đúng thẩm quyền (05 ngày làm việc)")
    INTERAGENCY = "interagency", _("Cần phối hợp liên ngành (10 ngày làm việc)")
    SPECIAL = "special", _("Trường hợp đặc biệt khác (15 ngày làm việc)")


def deadline_days(klass: str) -> int:
    return int(settings.FEEDBACK_DEADLINE_DAYS[klass])


class Language(models.TextChoices):
    """The public site's languages: a citizen's emails are written in the one they used on the site."""

    VI = "vi", _("Tiếng Việt")
    EN = "en", _("English")


def site_language(code) -> str:
    """A supported language code from a request's or a caller's value ("en-us" -> "en"); Vietnamese otherwise."""
    code = (code or "").lower().split("-")[0]
    return code if code in Language.values else Language.VI


class CalendarOverride(models.Model):
    """A government decision for one date: a day off, or a Saturday/Sunday that is worked. Wins over the library."""

    date = models.DateField(_("ngày"), unique=True)
    is_working_day = models.BooleanField(
        _("là ngày làm việc"), help_text=_("Bỏ chọn: ngày nghỉ. Chọn: ngày làm việc (ví dụ thứ Bảy làm bù).")
    )
    reason = models.CharField(_("lý do"), max_length=255)
    legal_reference = models.CharField(_("căn cứ pháp lý"), max_length=255, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("ngày nghỉ, ngày làm bù")
        verbose_name_plural = _("lịch ngày nghỉ, ngày làm bù")
        ordering = ["-date"]

    def __str__(self):
        kind = _("làm việc") if self.is_working_day else _("nghỉ")
        return f"{self.date:%d/%m/%Y} — {kind} — {self.reason}"


class Field(models.Model):
    """Lĩnh vực: the subject area a question belongs to."""

    name = models.CharField(_("tên lĩnh vực"), max_length=200, unique=True)
    slug = models.SlugField(_("đường dẫn"), max_length=80, unique=True)
    sort_order = models.PositiveIntegerField(_("thứ tự"), default=0)
    is_active = models.BooleanField(_("đang dùng"), default=True)

    class Meta:
        verbose_name = _("lĩnh vực")
        verbose_name_plural = _("lĩnh vực")
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name = nfc(self.name)
        if not self.slug:
            self.slug = slugify_vi(self.name, max_length=80)
        super().save(*args, **kwargs)


class RetentionError(ValidationError):
    """Deleting a question before the retention period after its answer has passed."""


class QuestionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True, is_spam=False)

    def for_portal(self, portal):
        return self.filter(portal=portal)

    def public_list(self):
        return self.published().select_related("field", "answered_by").order_by("-published_at", "-pk")

    def deletable(self):
        limit = timezone.now() - dt.timedelta(days=settings.FEEDBACK_RETENTION_DAYS)
        return self.filter(Q(is_spam=True) | Q(closed_at__lte=limit))

    def delete(self):
        if self.exclude(pk__in=self.deletable().values("pk")).exists():
            raise RetentionError(
                _("Không thể xóa: câu hỏi và trả lời phải được lưu ít nhất %(days)s ngày kể từ ngày trả lời."),
                params={"days": settings.FEEDBACK_RETENTION_DAYS},
            )
        return super().delete()


class Question(models.Model):
    class Status(models.TextChoices):
        NEW = "new", _("Mới tiếp nhận")
        FORWARDED = "forwarded", _("Đã chuyển cơ quan xử lý")
        RETURNED = "returned", _("Cơ quan trả lại, chờ chuyển lại")
        ANSWERED = "answered", _("Đã trả lời")
        REJECTED = "rejected", _("Không tiếp nhận")

    class RejectReason(models.TextChoices):
        OUT_OF_SCOPE = "out_of_scope", _("Không thuộc phạm vi tiếp nhận")
        DUPLICATE = "duplicate", _("Trùng lặp với câu hỏi đã gửi")
        ABUSIVE = "abusive", _("Nội dung không phù hợp, xúc phạm")

    portal = models.ForeignKey(Portal, verbose_name=_("cổng"), related_name="questions", on_delete=models.PROTECT)
    tracking_code = models.CharField(_("mã tra cứu"), max_length=16, unique=True, default=new_tracking_code)
    name = models.CharField(_("họ và tên"), max_length=200)
    email = models.EmailField(_("thư điện tử"))
    phone = models.CharField(_("điện thoại"), max_length=30, blank=True)
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    field = models.ForeignKey(
        Field, verbose_name=_("lĩnh vực"), related_name="questions", null=True, blank=True, on_delete=models.PROTECT
    )
    title = models.CharField(_("tiêu đề"), max_length=255)
    body = models.TextField(_("nội dung câu hỏi"))
    status = models.CharField(_("trạng thái"), max_length=20, choices=Status.choices, default=Status.NEW)
    klass = models.CharField(_("phân loại"), max_length=20, choices=Klass.choices, blank=True)
    reject_reason = models.CharField(
        _("lý do không tiếp nhận"), max_length=20, choices=RejectReason.choices, blank=True
    )
    reject_note = models.TextField(_("ghi chú gửi người hỏi"), blank=True)

    # Consent to the processing of personal data (Luật 91/2025/QH15): its exact text, time and origin.
    consent_text = models.TextField(_("nội dung đồng ý xử lý dữ liệu cá nhân"))
    consent_at = models.DateTimeField(_("thời điểm đồng ý"))
    consent_ip = models.GenericIPAddressField(_("địa chỉ IP khi đồng ý"), null=True, blank=True)
    show_name = models.BooleanField(_("đồng ý hiển thị họ tên"), default=False)
    language = models.CharField(
        _("ngôn ngữ"),
        max_length=2,
        choices=Language.choices,
        default=Language.VI,
        help_text=_("Ngôn ngữ của trang khi gửi câu hỏi; thư gửi người hỏi được viết bằng ngôn ngữ này."),
    )

    submitted_at = models.DateTimeField(_("thời điểm gửi"), default=timezone.now)
    closed_at = models.DateTimeField(_("thời điểm trả lời, kết thúc"), null=True, blank=True)
    answer_text = models.TextField(_("nội dung trả lời"), blank=True)
    answered_by = models.ForeignKey(
        Organization,
        verbose_name=_("cơ quan trả lời"),
        related_name="answered_questions",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )

    is_published = models.BooleanField(_("công khai"), default=False)
    published_at = models.DateTimeField(_("thời điểm công khai"), null=True, blank=True)
    published_title = models.CharField(_("tiêu đề công khai"), max_length=255, blank=True)
    published_body = models.TextField(_("câu hỏi công khai (đã lược dữ liệu cá nhân)"), blank=True)
    published_answer = models.TextField(_("trả lời công khai (đã lược dữ liệu cá nhân)"), blank=True)
    search_text = models.TextField(editable=False, blank=True)

    is_spam = models.BooleanField(_("thư rác"), default=False)
    submitter_ip = models.GenericIPAddressField(_("địa chỉ IP gửi"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("thời điểm xóa dữ liệu cá nhân"), null=True, blank=True)
    archived_at = models.DateTimeField(_("thời điểm xuất lưu trữ"), null=True, blank=True)

    objects = QuestionQuerySet.as_manager()

    class Meta:
        verbose_name = _("câu hỏi")
        verbose_name_plural = _("câu hỏi")
        ordering = ["-submitted_at"]
        indexes = [
            models.Index(fields=["portal", "status", "submitted_at"], name="fb_q_inbox"),
            models.Index(fields=["portal", "is_published", "published_at"], name="fb_q_public"),
            models.Index(fields=["field", "is_published"], name="fb_q_field_pub"),
            models.Index(fields=["answered_by", "is_published"], name="fb_q_agency_pub"),
            models.Index(fields=["email"], name="fb_q_email"),
            models.Index(fields=["closed_at"], name="fb_q_closed"),
        ]

    def __str__(self):
        return f"{self.tracking_code} — {self.title}"

    def save(self, *args, **kwargs):
        for attr in ("name", "title", "body", "address", "answer_text", "published_title", "published_body"):
            setattr(self, attr, nfc(getattr(self, attr)))
        self.published_answer = nfc(self.published_answer)
        self.email = (self.email or "").strip().lower()
        self.search_text = search_key(f"{self.published_title} {self.published_body} {self.published_answer}")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if not self.is_deletable():
            raise RetentionError(
                _("Không thể xóa: câu hỏi và trả lời phải được lưu ít nhất %(days)s ngày kể từ ngày trả lời."),
                params={"days": settings.FEEDBACK_RETENTION_DAYS},
            )
        return super().delete(*args, **kwargs)

    def is_deletable(self, now=None) -> bool:
        if self.is_spam:
            return True
        if self.closed_at is None:
            return False
        now = now or timezone.now()
        return self.closed_at + dt.timedelta(days=settings.FEEDBACK_RETENTION_DAYS) <= now

    def get_absolute_url(self):
        """The public page (it answers 404 until the question is published)."""
        from django.urls import reverse

        return reverse("feedback:detail", args=[self.pk])

    @property
    def public_name(self) -> str:
        """The citizen's name as the public pages show it: in full only if they agreed, otherwise initials."""
        if self.show_name and not self.anonymised_at:
            return self.name
        initials = [part[0].upper() + "." for part in self.name.split() if part]
        return "".join(initials) or str(_("Ẩn danh"))

    @property
    def current_assignment(self):
        return self.assignments.exclude(status=Assignment.Status.RETURNED).order_by("-forwarded_at", "-pk").first()


class InboxQuestion(Question):
    """The board's inbox in the admin: new questions and questions sent back, oldest first."""

    class Meta:
        proxy = True
        verbose_name = _("câu hỏi chờ xử lý")
        verbose_name_plural = _("hộp thư: câu hỏi chờ phân loại, chuyển xử lý")


class Attachment(models.Model):
    question = models.ForeignKey(Question, related_name="attachments", on_delete=models.CASCADE)
    file = VerifiedFileField(
        _("tệp"),
        upload_to=PortalUploadTo("feedback/%Y/%m/", "question.portal_id"),
        storage=_private_storage,
        max_length=255,
        kinds=ATTACHMENT_KINDS,
        max_bytes="FEEDBACK_ATTACHMENT_MAX_BYTES",
    )
    original_name = models.CharField(_("tên tệp"), max_length=255)
    kind = models.CharField(_("định dạng"), max_length=10)
    size = models.PositiveIntegerField(_("dung lượng (byte)"))
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tệp đính kèm")
        verbose_name_plural = _("tệp đính kèm")

    def __str__(self):
        return self.original_name


class AssignmentQuerySet(models.QuerySet):
    """Deadline filters come from feedback.deadlines, where the rules are written once."""

    def open(self):
        return self.filter(status__in=Assignment.OPEN_STATUSES)

    def overdue(self, today=None):
        """Open and past the current due date, whether or not the sweep has marked it yet."""
        from . import deadlines

        return self.filter(deadlines.overdue_q(today or deadlines.local_today()))

    def due_on(self, day=None):
        from . import deadlines

        return self.filter(deadlines.due_on_q(day or deadlines.local_today()))

    def due_within(self, n, today=None):
        """Open and due from `today` to `n` working days later."""
        from . import deadlines

        return self.filter(deadlines.due_within_q(n, today or deadlines.local_today()))

    def for_agencies(self, organization_ids):
        return self.filter(agency_id__in=organization_ids)


class Assignment(models.Model):
    """One forwarding of a question to an agency. Sent-back assignments stay as history."""

    class Status(models.TextChoices):
        OPEN = "open", _("Đang xử lý")
        INTERIM = "interim", _("Đã báo cáo tiến độ, hẹn ngày trả lời")
        OVERDUE = "overdue", _("Quá hạn")
        ANSWERED = "answered", _("Đã trả lời")
        RETURNED = "returned", _("Trả lại (không thuộc thẩm quyền)")

    OPEN_STATUSES = (Status.OPEN, Status.INTERIM, Status.OVERDUE)

    question = models.ForeignKey(Question, related_name="assignments", on_delete=models.CASCADE)
    agency = models.ForeignKey(
        Organization, verbose_name=_("cơ quan xử lý"), related_name="feedback_assignments", on_delete=models.PROTECT
    )
    klass = models.CharField(_("phân loại"), max_length=20, choices=Klass.choices)
    coordinating = models.ManyToManyField(
        Organization,
        verbose_name=_("cơ quan phối hợp"),
        related_name="coordinated_assignments",
        blank=True,
        help_text=_("Được gửi câu hỏi và xem phiếu; cơ quan xử lý chính trả lời."),
    )
    forwarded_at = models.DateField(_("ngày chuyển"))
    forwarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+", on_delete=models.SET_NULL
    )
    due_date = models.DateField(_("hạn trả lời theo quy định"))
    current_due_date = models.DateField(_("hạn trả lời hiện tại"))
    status = models.CharField(_("trạng thái"), max_length=20, choices=Status.choices, default=Status.OPEN)
    answered_at = models.DateTimeField(_("thời điểm trả lời"), null=True, blank=True)
    working_days_taken = models.PositiveIntegerField(_("số ngày làm việc đã dùng"), null=True, blank=True)
    answered_on_time = models.BooleanField(_("trả lời đúng hạn"), null=True, blank=True)
    returned_reason = models.TextField(_("lý do trả lại"), blank=True)
    # Which sweep notifications were written for the current due date: a bit per kind (sweep.BITS), reset to 0
    # whenever current_due_date changes (assignment_interim_reply). It lets the sweep filter one table instead of
    # anti-joining notifications; the Notification unique key stays the guarantee of exactly once.
    notified_for = models.DateField(null=True, blank=True, editable=False)
    notified_mask = models.PositiveSmallIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("phiếu chuyển xử lý")
        verbose_name_plural = _("phiếu chuyển xử lý")
        ordering = ["current_due_date", "pk"]
        indexes = [
            # The sweep: open assignments by due date.
            models.Index(fields=["status", "current_due_date"], name="fb_a_sweep"),
            # Agency lists and statistics.
            models.Index(fields=["agency", "status", "current_due_date"], name="fb_a_agency"),
            models.Index(fields=["forwarded_at"], name="fb_a_forwarded"),
            # Overdue assignments whose escalation is not written yet (bit 8 = overdue, the highest).
            models.Index(fields=["id"], name="fb_a_escalate", condition=Q(status="overdue", notified_mask__lt=8)),
        ]

    def __str__(self):
        return f"{self.question.tracking_code} → {self.agency}"

    @property
    def is_open(self):
        return self.status in self.OPEN_STATUSES


class Reply(models.Model):
    """What an agency wrote: the answer, an interim report with a new date, or a send-back with its reason."""

    class Kind(models.TextChoices):
        ANSWER = "answer", _("Trả lời")
        INTERIM = "interim", _("Báo cáo tiến độ")
        SEND_BACK = "send_back", _("Trả lại, không thuộc thẩm quyền")

    assignment = models.ForeignKey(Assignment, related_name="replies", on_delete=models.CASCADE)
    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices)
    text = models.TextField(_("nội dung"))
    new_due_date = models.DateField(_("ngày hẹn trả lời"), null=True, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+", on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("phản hồi của cơ quan")
        verbose_name_plural = _("phản hồi của cơ quan")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.assignment}"


class Event(models.Model):
    """Audit trail of a question: who did what, when (written inside each service's transaction)."""

    question = models.ForeignKey(Question, related_name="events", on_delete=models.CASCADE)
    assignment = models.ForeignKey(Assignment, null=True, blank=True, related_name="events", on_delete=models.CASCADE)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+", on_delete=models.SET_NULL
    )
    action = models.CharField(_("thao tác"), max_length=40)
    note = models.TextField(_("ghi chú"), blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("nhật ký xử lý")
        verbose_name_plural = _("nhật ký xử lý")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.created_at:%d/%m/%Y %H:%M} {self.action}"


class Notification(models.Model):
    """One email. Sweep kinds carry a unique key, so the row insert decides, once, that the email goes out."""

    class Kind(models.TextChoices):
        RECEIVED = "received", _("Xác nhận đã nhận câu hỏi (người hỏi)")
        REJECTED = "rejected", _("Thông báo không tiếp nhận (người hỏi)")
        FORWARDED = "forwarded", _("Chuyển câu hỏi (cơ quan)")
        INTERIM = "interim", _("Báo cáo tiến độ (người hỏi)")
        SENT_BACK = "sent_back", _("Cơ quan trả lại (Ban Biên tập)")
        ANSWER = "answer", _("Trả lời (người hỏi)")
        PUBLISHED = "published", _("Đã công khai (người hỏi)")
        DATA_ACCESS = "data_access", _("Bản sao dữ liệu cá nhân (người hỏi)")
        DATA_REQUEST = "data_request", _("Yêu cầu về dữ liệu cá nhân (Ban Biên tập)")
        REMIND_2 = "remind_2", _("Nhắc hạn: còn 2 ngày làm việc")
        REMIND_1 = "remind_1", _("Nhắc hạn: còn 1 ngày làm việc")
        REMIND_DUE = "remind_due", _("Nhắc hạn: hôm nay đến hạn")
        OVERDUE = "overdue", _("Quá hạn: báo Trưởng Ban Biên tập và thủ trưởng cơ quan")
        DIGEST = "digest", _("Tổng hợp hằng ngày (Ban Biên tập)")
        CALENDAR = "calendar", _("Nhắc nhập lịch nghỉ năm sau (quản trị)")

    SWEEP_ASSIGNMENT_KINDS = (Kind.REMIND_2, Kind.REMIND_1, Kind.REMIND_DUE, Kind.OVERDUE)

    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices)
    day = models.DateField(_("ngày"), help_text=_("Hạn trả lời (nhắc hạn), ngày tổng hợp, hoặc ngày tạo."))
    question = models.ForeignKey(
        Question, null=True, blank=True, related_name="notifications", on_delete=models.CASCADE
    )
    assignment = models.ForeignKey(
        Assignment, null=True, blank=True, related_name="notifications", on_delete=models.CASCADE
    )
    portal = models.ForeignKey(Portal, null=True, blank=True, related_name="+", on_delete=models.CASCADE)
    payload = models.JSONField(default=dict, blank=True)
    run = models.CharField(max_length=32, blank=True, editable=False)
    recipients = models.TextField(_("người nhận"), blank=True)
    subject = models.CharField(_("tiêu đề"), max_length=255, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(_("thời điểm gửi"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    # Claim before send (docs/decisions/0750): the worker sending the row, and since when. A claim older than
    # FEEDBACK_SEND_LEASE_SECONDS belongs to nobody (the worker died) and the row may be claimed again.
    claim = models.CharField(max_length=32, blank=True, editable=False)
    claimed_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("thư thông báo")
        verbose_name_plural = _("thư thông báo")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "kind", "day"],
                condition=Q(kind__in=["remind_2", "remind_1", "remind_due", "overdue"]),
                name="fb_notification_once_per_assignment",
            ),
            models.UniqueConstraint(
                fields=["portal", "kind", "day"], condition=Q(kind="digest"), name="fb_notification_one_digest"
            ),
            models.UniqueConstraint(
                fields=["kind", "day"], condition=Q(kind="calendar"), name="fb_notification_calendar"
            ),
        ]
        indexes = [
            models.Index(fields=["sent_at", "created_at"], name="fb_n_pending"),
            models.Index(fields=["run"], name="fb_n_run"),
            # The minute-by-minute re-queue reads only unsent rows: a small partial index, not the sent history.
            models.Index(fields=["created_at"], condition=Q(sent_at__isnull=True), name="fb_n_unsent"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.day:%d/%m/%Y}"


class BlockedSender(models.Model):
    email = models.EmailField(_("thư điện tử"), blank=True, db_index=True)
    ip = models.GenericIPAddressField(_("địa chỉ IP"), null=True, blank=True, db_index=True)
    reason = models.CharField(_("lý do"), max_length=255)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+", on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("người gửi bị chặn")
        verbose_name_plural = _("người gửi bị chặn")

    def __str__(self):
        return self.email or str(self.ip)

    def save(self, *args, **kwargs):
        self.email = (self.email or "").strip().lower()
        super().save(*args, **kwargs)


class DataRequest(models.Model):
    """A data subject's request about their personal data, answered within 72 hours (Luật 91/2025/QH15)."""

    class Kind(models.TextChoices):
        ACCESS = "access", _("Xem, nhận bản sao dữ liệu")
        ERASE = "erase", _("Xóa dữ liệu")

    class Status(models.TextChoices):
        PENDING = "pending", _("Chờ xử lý")
        DONE = "done", _("Đã xử lý")
        PARTIAL = "partial", _("Xử lý một phần (luật yêu cầu lưu trữ)")

    email = models.EmailField(_("thư điện tử người yêu cầu"), db_index=True)
    kind = models.CharField(_("loại yêu cầu"), max_length=10, choices=Kind.choices)
    details = models.TextField(_("nội dung yêu cầu"), blank=True)
    received_at = models.DateTimeField(_("thời điểm nhận"), default=timezone.now)
    due_at = models.DateTimeField(_("hạn xử lý"))
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.PENDING)
    handled_at = models.DateTimeField(_("thời điểm xử lý"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+", on_delete=models.SET_NULL
    )
    outcome = models.TextField(_("kết quả"), blank=True)
    language = models.CharField(
        _("ngôn ngữ"),
        max_length=2,
        choices=Language.choices,
        default=Language.VI,
        help_text=_("Ngôn ngữ của thư trả lời người yêu cầu."),
    )

    class Meta:
        verbose_name = _("yêu cầu về dữ liệu cá nhân")
        verbose_name_plural = _("yêu cầu về dữ liệu cá nhân")
        ordering = ["due_at"]
        indexes = [models.Index(fields=["status", "due_at"], name="fb_dr_due")]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.email}"
