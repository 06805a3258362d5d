"""Every feedback email is a Notification row, rendered and sent by a Celery task after the commit.

`queue()` is called inside a service's transaction: the row and the on_commit hook commit together, so an email
is queued if and only if the change that caused it was saved. `deliver_batch()` claims the rows (committed),
sends them over one SMTP connection, and stamps each `sent_at` as soon as the relay accepted it; a row whose
claim outlives the lease (worker killed) is queued again by `requeue_unsent()`, every minute. At least once, never
lost; sent twice only after a crash between the relay's acceptance and the stamp (docs/decisions/0750).

Language: the worker has no request, so `_render` activates one explicitly. Emails to the citizen are written in
the language of the page they used (Question.language, DataRequest.language): text, subject, dates and the links to
the public site (/en/… for English). Emails to officials are Vietnamese: their accounts have no language preference.
"""

import contextvars
import logging
import smtplib
import uuid
from contextlib import contextmanager
from datetime import timedelta

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.db import DatabaseError, transaction
from django.db import connection as db_connection
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import get_script_prefix, reverse, set_script_prefix
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from components import roles
from components.models import Membership, Portal

from .models import DataRequest, Language, Notification, Question, site_language
from .templatetags.feedback_email import email_date

SEND_CHUNK = 100
# The relay answered and refused this one message (smtplib resets the session): the connection goes on.
REFUSED = (smtplib.SMTPRecipientsRefused, smtplib.SMTPResponseException)

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

BOARD_DIGEST_ROLES = roles.QA_DIGEST_RECIPIENTS


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
    `_queue_notification`). The row stays unsent and `requeue_unsent` queues it again
    (FEEDBACK_RESEND_AFTER_MINUTES)."""
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


# While a batch is being sent (deliver_batch), who receives an agency's or a board's emails is looked up once per
# batch, not once per email: a morning's reminders go to the same few agencies.
_batch_lookups = contextvars.ContextVar("feedback_batch_lookups", default=None)


def _looked_up(key, lookup):
    memo = _batch_lookups.get()
    if memo is None:
        return lookup()
    if key not in memo:
        memo[key] = lookup()
    return list(memo[key])


def agency_recipients(agency):
    def lookup():
        officers = list(agency.focal_officers.values_list("email", flat=True))
        return _emails(officers or [agency.email])

    return _looked_up(("agency", agency.pk), lookup)


def board_recipients(portal, held=BOARD_DIGEST_ROLES):
    """Active members of `portal`'s board holding one of the roles `held` (a components.roles set)."""

    def lookup():
        emails = Membership.objects.filter(portal=portal, role__in=held, user__is_active=True).values_list(
            "user__email", flat=True
        )
        return _emails(list(emails) or [portal.email])

    return _looked_up(("board", portal.pk, tuple(sorted(held))), lookup)


def chief_recipients(portal):
    return board_recipients(portal, held=roles.QA_ESCALATION_RECIPIENTS)


def administrator_recipients():
    User = get_user_model()
    root_ids = Portal.objects.filter(parent=None).values("pk")
    users = User.objects.filter(is_active=True).filter(
        Q(is_superuser=True) | Q(memberships__role=roles.Role.ADMINISTRATOR, memberships__portal__in=root_ids)
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
        recipients = board_recipients(question.portal, held=roles.QA_SENT_BACK_RECIPIENTS)
    elif kind == Notification.Kind.DIGEST:
        from .selectors import digest_for

        context.update(digest_for(n.portal, n.day))
        due = email_date(n.day)
        recipients = board_recipients(n.portal)
    elif kind == Notification.Kind.DATA_REQUEST:
        due = n.payload.get("due", "")
        recipients = _emails(administrator_recipients() + chief_recipients(n.portal))
    elif kind == Notification.Kind.CALENDAR:
        recipients = administrator_recipients()
    else:  # pragma: no cover - every kind is listed above
        raise ValueError(kind)
    subject = str(SUBJECTS[kind]).format(code=code, due=due, year=n.payload.get("year", ""))
    body = render_to_string(f"feedback/email/{kind}.txt", context)
    return subject, body, recipients


def deliver(notification_id) -> bool:
    """Send one notification (a batch of one). False when it was already sent or another worker holds it."""
    sent, errors = deliver_batch([notification_id])
    if errors:
        raise errors[0]
    return sent == 1


def _claim(ids, token):
    """Claim the unsent rows among `ids` that nobody holds, and commit: the rows this worker will send.

    SELECT … FOR UPDATE SKIP LOCKED, so two workers given the same ids take disjoint rows; a claim older than the
    lease is free again (its worker died). Every claim counts as an attempt (a row that kills its worker each time
    stops after FEEDBACK_MAX_SEND_ATTEMPTS), except when the relay could not be reached at all (see deliver_batch).
    """
    now = timezone.now()
    with transaction.atomic():
        rows = list(
            Notification.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("question__portal", "assignment__agency", "assignment__question__portal", "portal")
            .filter(pk__in=list(ids), sent_at__isnull=True)
            .filter(Q(claim="") | Q(claimed_at__lte=now - lease()))
            .order_by("pk")
        )
        if rows:
            Notification.objects.filter(pk__in=[n.pk for n in rows]).update(
                claim=token, claimed_at=now, attempts=F("attempts") + 1
            )
    return rows


def lease():
    return timedelta(seconds=settings.FEEDBACK_SEND_LEASE_SECONDS)


def _message(n: Notification):
    subject, body, recipients = _render(n)
    n.subject = subject[:255]
    n.recipients = ", ".join(recipients) or _("(không có người nhận)")
    return EmailMessage(subject, body, None, recipients) if recipients else None


def _mark_sent(n: Notification):
    Notification.objects.filter(pk=n.pk, sent_at__isnull=True).update(
        subject=n.subject, recipients=n.recipients, sent_at=timezone.now(), claim=""
    )


def _back_off(pks):
    """A failed row keeps its claim, stamped now: it is tried again when the lease has passed (requeue_unsent)."""
    Notification.objects.filter(pk__in=pks, sent_at__isnull=True).update(claimed_at=timezone.now())


def deliver_batch(ids):
    """Claim, send over one SMTP connection, mark each row sent right after the relay accepted it.

    Returns (sent, errors). One failing message (refused address, rendering error) is logged and backed off; the
    others go on. If the relay cannot be reached at all, the rest of the batch is backed off without counting the
    attempt (an outage of the relay is not the email's fault). The window for a duplicate: a crash between the
    relay's acceptance of a message and the commit of its `sent_at` — that one message goes again after the lease.
    """
    rows = _claim(ids, uuid.uuid4().hex)
    if not rows:
        return 0, []
    lookups = _batch_lookups.set({})
    try:
        with _stamps_without_waiting_for_the_disk():
            return _send_claimed(rows)
    finally:
        _batch_lookups.reset(lookups)


@contextmanager
def _stamps_without_waiting_for_the_disk():
    """PostgreSQL: the stamps of a batch commit with synchronous_commit off (one UPDATE per email without an fsync
    each: 117 against 239 emails/s in paired runs, bench/analysis.md §8). A stamp is visible to every worker as
    soon as it is committed; only a crash of the database server itself within wal_writer_delay × 3 (0.6 s) can
    forget one, and a forgotten stamp means the email goes again after the lease, never that it is lost."""
    if db_connection.vendor != "postgresql":
        yield
        return
    with db_connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO off")
    try:
        yield
    finally:
        try:
            with db_connection.cursor() as cursor:
                cursor.execute("RESET synchronous_commit")
        except DatabaseError:  # the connection broke: Django discards it, and the setting with it
            logger.warning("Could not reset synchronous_commit", exc_info=True)


def _send_claimed(rows):
    sent, errors, failed = 0, [], []
    connection = None
    try:
        for index, n in enumerate(rows):
            try:
                message = _message(n)
            except SoftTimeLimitExceeded:
                raise  # the rest keep their claims and go again after the lease
            except Exception as exc:
                logger.exception("Notification %s could not be rendered; it is tried again after the lease", n.pk)
                failed.append(n.pk)
                errors.append(exc)
                continue
            if message is not None:
                if connection is None:
                    connection = get_connection()
                    try:
                        connection.open()
                    except Exception as exc:
                        logger.exception("The mail relay cannot be reached; %s notifications wait", len(rows) - index)
                        connection = None
                        Notification.objects.filter(pk__in=[r.pk for r in rows[index:]], sent_at__isnull=True).update(
                            claimed_at=timezone.now(), attempts=F("attempts") - 1
                        )
                        errors.append(exc)
                        break
                try:
                    connection.send_messages([message])
                except SoftTimeLimitExceeded:
                    raise
                except Exception as exc:
                    logger.exception("Notification %s was not sent; it is tried again after the lease", n.pk)
                    failed.append(n.pk)
                    errors.append(exc)
                    if not isinstance(exc, REFUSED):  # the session may be broken: the next message opens a fresh one
                        _close_quietly(connection)
                        connection = None
                    continue
            _mark_sent(n)
            sent += 1
    finally:
        if connection is not None:
            _close_quietly(connection)
        if failed:
            _back_off(failed)
    return sent, errors


def _close_quietly(connection):
    try:
        connection.close()
    except Exception:  # QUIT on a broken session: every message of it is already accounted for
        logger.warning("Closing the mail connection failed", exc_info=True)


def send_again(queryset) -> int:
    """The admin's "send again": unsent rows among `queryset` start over (attempts 0, no claim), queued after the
    commit. Rows already sent are left alone."""
    ids = list(queryset.filter(sent_at__isnull=True).values_list("pk", flat=True))
    Notification.objects.filter(pk__in=ids, sent_at__isnull=True).update(attempts=0, claim="", claimed_at=None)
    if ids:
        transaction.on_commit(lambda: _send_after_commit(ids))
    return len(ids)


def requeue_unsent(limit=None) -> int:
    """Queue again every unsent row nobody holds: never claimed FEEDBACK_RESEND_AFTER_MINUTES (4) after it was
    written (broker down, task lost), or claimed longer than a lease ago (worker killed, or a failure backing
    off). Beat runs it every minute (feedback.requeue_unsent); rows that failed FEEDBACK_MAX_SEND_ATTEMPTS times
    stay unsent in the admin, whose "send again" action (send_again) starts them over."""
    now = timezone.now()
    forgotten = now - timedelta(minutes=settings.FEEDBACK_RESEND_AFTER_MINUTES)
    if limit is None:
        limit = settings.FEEDBACK_SWEEP_BATCH * settings.FEEDBACK_SWEEP_MAX_BATCHES
    ids = list(
        Notification.objects.filter(sent_at__isnull=True, attempts__lt=settings.FEEDBACK_MAX_SEND_ATTEMPTS)
        .filter(Q(claim="", created_at__lte=forgotten) | Q(claimed_at__lte=now - lease()))
        .order_by("created_at")
        .values_list("pk", flat=True)[:limit]
    )
    if ids:
        send_later(ids)
    return len(ids)
