"""Every feedback email is a Notification row, rendered and sent by a Celery task after the commit.

`queue()` is called inside a service's transaction: the row and the on_commit hook commit together, so an email
is queued if and only if the change that caused it was saved. `deliver()` locks the row, sends, and stamps
`sent_at`; a crash before the stamp leaves the row unsent, and the sweep queues it again.

Language: the worker has no request, so `_render` activates one explicitly. Emails to the citizen are written in
the language of the page they used (Question.language, DataRequest.language): text, subject, dates and the links to
the public site (/en/… for English). Emails to officials are Vietnamese: their accounts have no language preference.
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import get_script_prefix, reverse, set_script_prefix
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from components.models import Membership, Portal

from .models import DataRequest, Language, Notification, Question, site_language
from .templatetags.feedback_email import email_date

SEND_CHUNK = 100

logger = logging.getLogger(__name__)

# To the citizen, in their language.
CITIZEN_SUBJECTS = {
    Notification.Kind.RECEIVED: gettext_lazy("Đã nhận câu hỏi của ông/bà — mã tra cứu {code}"),
    Notification.Kind.REJECTED: gettext_lazy("Câu hỏi {code} không được tiếp nhận"),
    Notification.Kind.INTERIM: gettext_lazy("Tiến độ xử lý câu hỏi {code}: hẹn trả lời ngày {due}"),
    Notification.Kind.ANSWER: gettext_lazy("Trả lời câu hỏi {code}"),
    Notification.Kind.PUBLISHED: gettext_lazy("Câu hỏi {code} đã được công khai trên Cổng"),
    Notification.Kind.DATA_ACCESS: gettext_lazy("Bản sao dữ liệu cá nhân của ông/bà"),
}
# To the board, agencies and administrators, in Vietnamese.
STAFF_SUBJECTS = {
    Notification.Kind.FORWARDED: "[Hỏi đáp] Câu hỏi {code} chuyển đến cơ quan — hạn trả lời {due}",
    Notification.Kind.SENT_BACK: "[Hỏi đáp] Câu hỏi {code} bị trả lại, cần chuyển cơ quan khác",
    Notification.Kind.DATA_REQUEST: "[Hỏi đáp] Yêu cầu về dữ liệu cá nhân — hạn xử lý {due}",
    Notification.Kind.REMIND_2: "[Nhắc hạn] Câu hỏi {code}: còn 2 ngày làm việc (hạn {due})",
    Notification.Kind.REMIND_1: "[Nhắc hạn] Câu hỏi {code}: còn 1 ngày làm việc (hạn {due})",
    Notification.Kind.REMIND_DUE: "[Nhắc hạn] Câu hỏi {code}: hôm nay là hạn trả lời",
    Notification.Kind.OVERDUE: "[Quá hạn] Câu hỏi {code} chưa được trả lời (hạn {due})",
    Notification.Kind.DIGEST: "[Hỏi đáp] Tổng hợp ngày {due}",
    Notification.Kind.CALENDAR: "Đề nghị cập nhật lịch nghỉ lễ, ngày làm bù năm {year}",
}
SUBJECTS = {**CITIZEN_SUBJECTS, **STAFF_SUBJECTS}
CITIZEN_KINDS = frozenset(CITIZEN_SUBJECTS)
STAFF_LANGUAGE = Language.VI

BOARD_DIGEST_ROLES = ("chief", "deputy", "secretary")


def queue(kind, *, question=None, assignment=None, portal=None, payload=None, day=None) -> Notification:
    """Record an email inside the caller's transaction; it is sent after the commit."""
    notification = Notification.objects.create(
        kind=kind,
        day=day or timezone.localdate(),
        question=question or (assignment.question if assignment else None),
        assignment=assignment,
        portal=portal,
        payload=payload or {},
    )
    transaction.on_commit(lambda: _send_after_commit([notification.pk]))
    return notification


def _send_after_commit(ids):
    """Queue the send task; a broker outage must not turn a committed change into an error page (as editorial's
    `_queue_notification`). The row stays unsent and the sweep queues it again (FEEDBACK_RESEND_AFTER_MINUTES)."""
    try:
        send_later(ids)
    except Exception:
        logger.exception("Could not queue notifications %s; the sweep will send them", ids)


def send_later(ids):
    from .tasks import send_notifications

    ids = list(ids)
    for start in range(0, len(ids), SEND_CHUNK):
        send_notifications.delay(ids[start : start + SEND_CHUNK])


def site_url(portal=None) -> str:
    domain = (portal.domain if portal and portal.domain else None) or settings.PORTAL_BASE_DOMAIN
    return f"https://{domain}"


def public_url(portal, viewname) -> str:
    """Absolute URL of a public page of `portal` in the active language: /en/… for English (i18n_patterns, no
    prefix for Vietnamese); under /web/<slug>/ for a component portal without a domain of its own."""
    previous = get_script_prefix()
    set_script_prefix("/")  # an eager task inside a /web/<slug>/ request must not inherit that request's prefix
    try:
        path = reverse(viewname)
    finally:
        set_script_prefix(previous)
    if portal is not None and not portal.domain and portal.parent_id is not None:
        path = portal.path_prefix.rstrip("/") + path
    return site_url(portal) + path


def _emails(values):
    seen = []
    for value in values:
        value = (value or "").strip().lower()
        if value and value not in seen:
            seen.append(value)
    return seen


def agency_recipients(agency):
    officers = list(agency.focal_officers.values_list("email", flat=True))
    return _emails(officers or [agency.email])


def board_recipients(portal, roles=BOARD_DIGEST_ROLES):
    emails = Membership.objects.filter(portal=portal, role__in=roles, user__is_active=True).values_list(
        "user__email", flat=True
    )
    return _emails(list(emails) or [portal.email])


def chief_recipients(portal):
    return board_recipients(portal, roles=("chief",))


def administrator_recipients():
    User = get_user_model()
    root_ids = Portal.objects.filter(parent=None).values("pk")
    users = User.objects.filter(is_active=True).filter(
        Q(is_superuser=True) | Q(memberships__role="administrator", memberships__portal__in=root_ids)
    )
    return _emails(users.values_list("email", flat=True).distinct())


def language_of(n: Notification) -> str:
    """The language the email is written in: the citizen's for their emails, Vietnamese for officials'."""
    if n.kind not in CITIZEN_KINDS:
        return STAFF_LANGUAGE
    if n.kind == Notification.Kind.DATA_ACCESS:
        requested = n.payload.get("request")
        language = DataRequest.objects.filter(pk=requested).values_list("language", flat=True).first()
    else:
        language = n.question.language if n.question else None
    return site_language(language)


def _render(n: Notification):
    """(subject, body, recipients) of a notification, from the rows it points to, in its language."""
    with translation.override(language_of(n)):
        return _render_active_language(n)


def _render_active_language(n: Notification):
    kind = n.kind
    question = n.question
    assignment = n.assignment
    context = {"n": n, "question": question, "assignment": assignment, "payload": n.payload}
    code = question.tracking_code if question else ""
    due = ""
    portal = n.portal or (question.portal if question else None)
    context["site"] = site_url(portal)
    if question:
        context["lookup_url"] = f"{public_url(question.portal, 'feedback:lookup')}?ma={question.tracking_code}"
    if assignment:
        due = email_date(assignment.current_due_date)
        context["admin_url"] = f"{site_url(None)}/admin/feedback/assignment/{assignment.pk}/change/"
    if kind in (
        Notification.Kind.RECEIVED,
        Notification.Kind.REJECTED,
        Notification.Kind.INTERIM,
        Notification.Kind.ANSWER,
        Notification.Kind.PUBLISHED,
    ):
        recipients = _emails([question.email])
    elif kind == Notification.Kind.DATA_ACCESS:
        email = n.payload.get("email", "")
        recipients = _emails([email])
        context["questions"] = Question.objects.filter(email=email).select_related("field", "answered_by")
    elif kind == Notification.Kind.FORWARDED:
        coordinating = list(assignment.coordinating.all())
        context["coordinating"] = coordinating
        recipients = _emails(
            agency_recipients(assignment.agency) + [e for org in coordinating for e in agency_recipients(org)]
        )
    elif kind in (Notification.Kind.REMIND_2, Notification.Kind.REMIND_1, Notification.Kind.REMIND_DUE):
        recipients = agency_recipients(assignment.agency)
    elif kind == Notification.Kind.OVERDUE:
        recipients = _emails(
            agency_recipients(assignment.agency) + [assignment.agency.head_email] + chief_recipients(question.portal)
        )
    elif kind == Notification.Kind.SENT_BACK:
        recipients = board_recipients(question.portal, roles=("chief", "deputy", "secretary", "member"))
    elif kind == Notification.Kind.DIGEST:
        from .selectors import digest_for

        context.update(digest_for(n.portal, n.day))
        due = email_date(n.day)
        recipients = board_recipients(n.portal)
    elif kind == Notification.Kind.DATA_REQUEST:
        due = n.payload.get("due", "")
        recipients = _emails(administrator_recipients() + board_recipients(n.portal, roles=("chief",)))
    elif kind == Notification.Kind.CALENDAR:
        recipients = administrator_recipients()
    else:  # pragma: no cover - every kind is listed above
        raise ValueError(kind)
    subject = str(SUBJECTS[kind]).format(code=code, due=due, year=n.payload.get("year", ""))
    body = render_to_string(f"feedback/email/{kind}.txt", context)
    return subject, body, recipients


def deliver(notification_id) -> bool:
    """Send one notification once. Returns False when it was already sent (or is being sent by another worker).

    A failure to send rolls the row back to unsent, counts the attempt and re-raises; the sweep queues it again
    until FEEDBACK_MAX_SEND_ATTEMPTS.
    """
    try:
        with transaction.atomic():
            n = (
                Notification.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("question__portal", "assignment__agency", "assignment__question__portal", "portal")
                .filter(pk=notification_id, sent_at__isnull=True)
                .first()
            )
            if n is None:
                return False
            subject, body, recipients = _render(n)
            if recipients:
                send_mail(subject, body, None, recipients)
            n.subject = subject[:255]
            n.recipients = ", ".join(recipients) or _("(không có người nhận)")
            n.sent_at = timezone.now()
            n.attempts += 1
            n.save(update_fields=["subject", "recipients", "sent_at", "attempts"])
    except Exception:
        Notification.objects.filter(pk=notification_id, sent_at__isnull=True).update(attempts=F("attempts") + 1)
        raise
    return True
