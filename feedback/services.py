"""Every write on questions and assignments. Keyword-only arguments; permission checked here again; one
transaction each, with its audit Event row; emails queued as Notification rows sent after the commit."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from components.events import content_changed_on_commit
from components.models import Organization, Portal
from components.uploads import DOCUMENT_KINDS, IMAGE_KINDS

from . import deadlines, notifications, policy, spam
from .calendar import local_today, working_days_between
from .models import (
    ATTACHMENT_KINDS,
    Assignment,
    Attachment,
    BlockedSender,
    DataRequest,
    Event,
    Klass,
    Language,
    Notification,
    Question,
    Reply,
    site_language,
)

assert ATTACHMENT_KINDS <= DOCUMENT_KINDS | IMAGE_KINDS


class FeedbackError(ValidationError):
    """A request the current state does not allow (e.g. answering an assignment already sent back)."""


class SenderBlocked(FeedbackError):
    """The board blocked this email address or IP address."""


def _event(question, action, *, user=None, assignment=None, note=""):
    Event.objects.create(question=question, assignment=assignment, actor=user, action=action, note=note)


def _public_change(question, action):
    """Tell the public site (page cache) after the commit that a published Q&A page changed."""
    content_changed_on_commit(sender=Question, instance=question, portal_id=question.portal_id, action=action)


def is_blocked(*, email="", ip=None) -> bool:
    email = (email or "").strip().lower()
    qs = BlockedSender.objects.none()
    if email:
        qs = qs | BlockedSender.objects.filter(email=email)
    if ip:
        qs = qs | BlockedSender.objects.filter(ip=ip)
    return qs.exists()


def validate_attachment(file):
    """The kind of a citizen's file: the check of Attachment.file itself (components.uploads), run before saving."""
    return Attachment._meta.get_field("file").upload_check.verify(file)


def question_submit(
    *,
    portal: Portal,
    name: str,
    email: str,
    title: str,
    body: str,
    consent_text: str,
    phone: str = "",
    address: str = "",
    field=None,
    show_name: bool = False,
    ip: str | None = None,
    files=(),
    language: str = Language.VI,
) -> Question:
    """A citizen's question: stored with its consent record, attachments checked by content, tracking code emailed.

    `language` is the language of the page the citizen used; every email to them is written in it, later, by the
    worker, where no request tells it. Refused with `spam.TooManyQuestions` when the address or email address has
    sent its hourly allowance (counted here once the question is stored), whoever calls."""
    spam.check_limits(ip=ip, email=email)
    if is_blocked(email=email, ip=ip):
        raise SenderBlocked(_("Không thể tiếp nhận câu hỏi từ địa chỉ này."), code="blocked")
    if not consent_text:
        raise FeedbackError(_("Cần đồng ý cho phép xử lý dữ liệu cá nhân."), code="consent")
    kinds = [validate_attachment(f) for f in files]
    now = timezone.now()
    with transaction.atomic():
        question = Question(
            portal=portal,
            name=name.strip(),
            email=email,
            phone=phone.strip(),
            address=address.strip(),
            field=field,
            title=title.strip(),
            body=body.strip(),
            consent_text=consent_text,
            consent_at=now,
            consent_ip=ip,
            show_name=show_name,
            submitted_at=now,
            submitter_ip=ip,
            language=site_language(language),
        )
        for _attempt in range(5):  # a collision in 31^10 codes is astronomically rare; retry anyway
            if not Question.objects.filter(tracking_code=question.tracking_code).exists():
                break
            question.tracking_code = Question._meta.get_field("tracking_code").default()
        question.save()
        for f, kind in zip(files, kinds, strict=True):
            Attachment.objects.create(
                question=question, file=f, original_name=getattr(f, "name", "tep")[:255], kind=kind, size=f.size
            )
        _event(question, "submitted")
        notifications.queue(Notification.Kind.RECEIVED, question=question)
    spam.count_question(ip=ip, email=email)
    return question


def question_classify(*, question: Question, klass: str, field=None, user) -> Question:
    policy.check_board(user, question.portal)
    if klass not in Klass.values:
        raise FeedbackError(_("Phân loại không hợp lệ."), code="klass")
    with transaction.atomic():
        question.klass = klass
        if field is not None:
            question.field = field
        question.save(update_fields=["klass", "field", "search_text"])
        _event(question, "classified", user=user, note=klass)
    return question


def question_forward(
    *, question: Question, agency: Organization, klass: str, user, field=None, note="", coordinating=()
) -> Assignment:
    """Forward to the competent agency. The due date is the N-th working day after today (local), stored once."""
    policy.check_board(user, question.portal)
    if klass not in Klass.values:
        raise FeedbackError(_("Phân loại không hợp lệ."), code="klass")
    if not agency.answers_feedback:
        raise FeedbackError(_("Cơ quan này không tiếp nhận phản ánh, kiến nghị."), code="agency")
    if not notifications.agency_recipients(agency):
        raise FeedbackError(
            _(
                "Cơ quan này chưa có cán bộ đầu mối hay địa chỉ thư điện tử để nhận câu hỏi; "
                "cần bổ sung trước khi chuyển."
            ),
            code="no_contact",
        )
    with transaction.atomic():
        question = Question.objects.select_for_update().get(pk=question.pk)
        if not policy.is_routable(question):
            raise FeedbackError(_("Câu hỏi đã được chuyển hoặc đã kết thúc."), code="state")
        forwarded_on = local_today()
        due = deadlines.due_date(forwarded_on, klass)
        assignment = Assignment.objects.create(
            question=question,
            agency=agency,
            klass=klass,
            forwarded_at=forwarded_on,
            forwarded_by=user,
            due_date=due,
            current_due_date=due,
        )
        coordinating = [org for org in coordinating if org.pk != agency.pk]
        if coordinating:
            assignment.coordinating.set(coordinating)
        question.status = Question.Status.FORWARDED
        question.klass = klass
        if field is not None:
            question.field = field
        question.save(update_fields=["status", "klass", "field", "search_text"])
        _event(question, "forwarded", user=user, assignment=assignment, note=f"{agency} — {due:%d/%m/%Y} {note}")
        notifications.queue(Notification.Kind.FORWARDED, assignment=assignment, payload={"note": note})
    return assignment


def question_reject(*, question: Question, reason: str, user, note: str = "") -> Question:
    policy.check_board(user, question.portal)
    if reason not in Question.RejectReason.values:
        raise FeedbackError(_("Lý do không hợp lệ."), code="reason")
    with transaction.atomic():
        question = Question.objects.select_for_update().get(pk=question.pk)
        if not policy.is_refusable(question):
            raise FeedbackError(_("Chỉ từ chối được câu hỏi chưa chuyển xử lý."), code="state")
        question.status = Question.Status.REJECTED
        question.reject_reason = reason
        question.reject_note = note
        question.closed_at = timezone.now()
        question.save(update_fields=["status", "reject_reason", "reject_note", "closed_at", "search_text"])
        _event(question, "rejected", user=user, note=f"{reason}: {note}")
        notifications.queue(Notification.Kind.REJECTED, question=question)
    return question


def _locked_open_assignment(assignment):
    locked = Assignment.objects.select_for_update().select_related("question").get(pk=assignment.pk)
    if not locked.is_open:
        raise FeedbackError(_("Phiếu chuyển này đã được xử lý xong."), code="state")
    return locked


def assignment_interim_reply(*, assignment: Assignment, text: str, new_due_date: dt.date, user) -> Reply:
    """The agency reports progress and promises an answer by a new date (Sóc Trăng Điều 17.1.đ); the citizen is told."""
    policy.check_agency(user, assignment)
    if new_due_date <= local_today():
        raise FeedbackError(_("Ngày hẹn trả lời phải sau hôm nay."), code="date")
    with transaction.atomic():
        assignment = _locked_open_assignment(assignment)
        reply = Reply.objects.create(
            assignment=assignment, kind=Reply.Kind.INTERIM, text=text, new_due_date=new_due_date, author=user
        )
        assignment.current_due_date = new_due_date
        assignment.notified_mask = 0  # reminders start again for the new date
        assignment.status = Assignment.Status.INTERIM
        assignment.save(update_fields=["current_due_date", "notified_mask", "status"])
        _event(assignment.question, "interim", user=user, assignment=assignment, note=f"{new_due_date:%d/%m/%Y}")
        notifications.queue(
            Notification.Kind.INTERIM,
            assignment=assignment,
            payload={"text": text, "new_due_date": new_due_date.isoformat()},
        )
    return reply


def assignment_send_back(*, assignment: Assignment, reason: str, user) -> Assignment:
    """Not this agency's matter: the board is told and forwards again; the assignment stays as history."""
    policy.check_agency(user, assignment)
    with transaction.atomic():
        assignment = _locked_open_assignment(assignment)
        Reply.objects.create(assignment=assignment, kind=Reply.Kind.SEND_BACK, text=reason, author=user)
        assignment.status = Assignment.Status.RETURNED
        assignment.returned_reason = reason
        assignment.save(update_fields=["status", "returned_reason"])
        question = assignment.question
        question.status = Question.Status.RETURNED
        question.save(update_fields=["status", "search_text"])
        _event(question, "sent_back", user=user, assignment=assignment, note=reason)
        notifications.queue(Notification.Kind.SENT_BACK, assignment=assignment, payload={"reason": reason})
    return assignment


def assignment_answer(*, assignment: Assignment, text: str, user) -> Reply:
    """The agency's answer: emailed to the citizen; the board may then publish it."""
    policy.check_agency(user, assignment)
    if not text.strip():
        raise FeedbackError(_("Nội dung trả lời không được để trống."), code="empty")
    with transaction.atomic():
        assignment = _locked_open_assignment(assignment)
        now = timezone.now()
        today = timezone.localdate(now)
        reply = Reply.objects.create(assignment=assignment, kind=Reply.Kind.ANSWER, text=text, author=user)
        assignment.status = Assignment.Status.ANSWERED
        assignment.answered_at = now
        assignment.working_days_taken = working_days_between(assignment.forwarded_at, today)
        assignment.answered_on_time = today <= assignment.due_date
        assignment.save(update_fields=["status", "answered_at", "working_days_taken", "answered_on_time"])
        question = assignment.question
        question.status = Question.Status.ANSWERED
        question.answer_text = text
        question.answered_by_id = assignment.agency_id
        question.closed_at = now
        question.save(update_fields=["status", "answer_text", "answered_by", "closed_at", "search_text"])
        _event(question, "answered", user=user, assignment=assignment)
        notifications.queue(Notification.Kind.ANSWER, assignment=assignment)
    return reply


def question_publish(*, question: Question, user, title: str, body: str, answer: str) -> Question:
    """The board approves publication of an answered question, with text edited to remove personal data."""
    policy.check_publisher(user, question.portal)
    if not policy.is_publishable(question):
        raise FeedbackError(_("Chỉ công khai được câu hỏi đã có trả lời."), code="state")
    with transaction.atomic():
        first_time = not question.published_at
        question.published_title = title
        question.published_body = body
        question.published_answer = answer
        question.is_published = True
        question.published_at = question.published_at or timezone.now()
        question.save()
        _event(question, "published", user=user)
        _public_change(question, "published" if first_time else "updated")
        if first_time:
            notifications.queue(Notification.Kind.PUBLISHED, question=question)
    return question


def question_unpublish(*, question: Question, user) -> Question:
    policy.check_publisher(user, question.portal)
    with transaction.atomic():
        question.is_published = False
        question.save(update_fields=["is_published", "search_text"])
        _event(question, "unpublished", user=user)
        _public_change(question, "unpublished")
    return question


def question_mark_spam(*, question: Question, user, block: bool = False, reason: str = "") -> Question:
    policy.check_board(user, question.portal)
    with transaction.atomic():
        if question.is_published:
            _public_change(question, "unpublished")
        question.is_spam = True
        question.is_published = False
        question.save(update_fields=["is_spam", "is_published", "search_text"])
        _event(question, "spam", user=user, note=reason)
        if block:
            sender_block(email=question.email, ip=question.submitter_ip, reason=reason or _("Thư rác"), user=user)
    return question


def sender_block(*, email: str = "", ip: str | None = None, reason: str, user) -> BlockedSender:
    policy.check_block_sender(user)
    with transaction.atomic():
        return BlockedSender.objects.create(email=email or "", ip=ip, reason=reason, created_by=user)


def question_delete(*, question: Question, user) -> None:
    """Refused (RetentionError) until FEEDBACK_RETENTION_DAYS after the answer; spam may go at once."""
    policy.check_board(user, question.portal)
    with transaction.atomic():
        question.delete()


# --- Personal data requests (Luật 91/2025/QH15): answered within FEEDBACK_DATA_REQUEST_HOURS --------------


def data_request_create(*, email: str, kind: str, details: str = "", user=None, language=None) -> DataRequest:
    """`language`: that of the page the citizen used; when the board records a request (no page), that of the
    citizen's latest question, so the copy of their data comes in the language they wrote in."""
    if kind not in DataRequest.Kind.values:
        raise FeedbackError(_("Loại yêu cầu không hợp lệ."), code="kind")
    email = email.strip().lower()
    if language is None:
        language = (
            Question.objects.filter(email=email).order_by("-submitted_at").values_list("language", flat=True).first()
        )
    now = timezone.now()
    with transaction.atomic():
        request = DataRequest.objects.create(
            email=email,
            kind=kind,
            details=details,
            received_at=now,
            due_at=now + dt.timedelta(hours=settings.FEEDBACK_DATA_REQUEST_HOURS),
            language=site_language(language),
        )
        root = Portal.objects.filter(parent=None).order_by("pk").first()
        notifications.queue(
            Notification.Kind.DATA_REQUEST,
            portal=root,
            payload={
                "request": request.pk,
                "email": request.email,
                "due": f"{timezone.localtime(request.due_at):%H:%M %d/%m/%Y}",
            },
        )
    return request


def data_request_handle(*, request: DataRequest, user, note: str = "") -> DataRequest:
    """Access: the citizen is emailed a copy of what we hold. Erase: contact data removed from every question
    whose retention period is over; questions still under retention (or not answered yet) are kept, and said so."""
    policy.check_data_requests(user)
    with transaction.atomic():
        request = DataRequest.objects.select_for_update().get(pk=request.pk)
        if request.status != DataRequest.Status.PENDING:
            raise FeedbackError(_("Yêu cầu này đã được xử lý."), code="state")
        questions = Question.objects.filter(email=request.email)
        outcome = []
        status = DataRequest.Status.DONE
        if request.kind == DataRequest.Kind.ACCESS:
            notifications.queue(Notification.Kind.DATA_ACCESS, payload={"email": request.email, "request": request.pk})
            outcome.append(_("Đã gửi bản sao dữ liệu của %(n)s câu hỏi.") % {"n": questions.count()})
        else:
            erasable = questions.deletable()
            kept = questions.exclude(pk__in=erasable.values("pk"))
            count = erasable.update(
                name=_("(đã xóa)"),
                email="",
                phone="",
                address="",
                consent_ip=None,
                submitter_ip=None,
                show_name=False,
                anonymised_at=timezone.now(),
            )
            outcome.append(_("Đã xóa dữ liệu cá nhân trong %(n)s câu hỏi.") % {"n": count})
            kept_count = kept.count()
            if kept_count:
                status = DataRequest.Status.PARTIAL
                outcome.append(
                    _(
                        "%(n)s câu hỏi chưa hết thời hạn lưu trữ (%(days)s ngày kể từ ngày trả lời) hoặc đang xử lý "
                        "nên được giữ lại theo quy định."
                    )
                    % {"n": kept_count, "days": settings.FEEDBACK_RETENTION_DAYS}
                )
        if note:
            outcome.append(note)
        request.status = status
        request.outcome = " ".join(outcome)
        request.handled_at = timezone.now()
        request.handled_by = user
        request.save()
    return request
