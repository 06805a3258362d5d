"""Delivery of feedback emails (docs/decisions/0750): claimed before sending, one SMTP connection per batch,
at least once and never lost; a crash between the relay's acceptance and the stamp sends that one email twice,
once, after the lease. The emails go to a real local SMTP server (aiosmtpd) through Django's SMTP backend."""

import datetime as dt
import threading
from unittest import mock

import pytest
from django.db import connection
from django.utils import timezone

from bench.smtp_sink import SmtpSink
from feedback import notifications, tasks
from feedback.calendar import local_today
from feedback.models import Notification
from tests.factories import FocalOfficerFactory, UserFactory

from .factories import AssignmentFactory, QuestionFactory


@pytest.fixture
def sink(settings):
    with SmtpSink() as sink:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = sink.port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
        yield sink


def receipts(province, count, email="dan@example.vn"):
    """`count` receipts (the email a citizen gets for a question), each to its own question."""
    return [
        Notification.objects.create(
            kind=Notification.Kind.RECEIVED,
            day=local_today(),
            question=QuestionFactory(portal=province, email=email.format(i=i)),
        ).pk
        for i in range(count)
    ]


def received_by(sink, address):
    return [content for rcpt, content in sink.messages if address in rcpt]


def age_claims(seconds):
    """What the clock does while nobody holds the rows: their claim (and creation) grow older."""
    past = dt.timedelta(seconds=seconds)
    for n in Notification.objects.all():
        Notification.objects.filter(pk=n.pk).update(
            claimed_at=n.claimed_at - past if n.claimed_at else None, created_at=n.created_at - past
        )


def test_a_batch_of_a_hundred_emails_goes_over_one_smtp_connection(sink, province):
    ids = receipts(province, 100, email="dan{i}@example.vn")
    assert tasks.send_notifications(ids) == 100
    assert sink.connections == 1
    assert sink.count == 100
    assert Notification.objects.filter(sent_at__isnull=False).count() == 100
    assert Notification.objects.exclude(claim="").count() == 0


def test_the_after_commit_send_splits_into_batches_of_a_hundred_one_connection_each(sink, province):
    ids = receipts(province, 150, email="dan{i}@example.vn")
    notifications.send_later(ids)  # eager in tests: what the worker runs, batch by batch
    assert sink.count == 150
    assert sink.connections == 2


def test_a_refused_recipient_does_not_block_the_batch_and_is_tried_again_after_the_lease(sink, province, settings):
    ids = receipts(province, 5, email="dan{i}@example.vn")
    sink.refuse.add("dan2@example.vn")
    with pytest.raises(Exception, match="Mailbox unavailable"):
        tasks.send_notifications(ids)
    assert sink.count == 4  # the four others went, on the same connection
    assert sink.connections == 1
    refused = Notification.objects.get(question__email="dan2@example.vn")
    assert refused.sent_at is None and refused.attempts == 1
    # Backing off: not re-queued before the lease has passed, then sent once the mailbox accepts again.
    assert notifications.requeue_unsent() == 0
    sink.refuse.clear()
    age_claims(settings.FEEDBACK_SEND_LEASE_SECONDS + 1)
    assert tasks.requeue_unsent() == 1
    refused.refresh_from_db()
    assert refused.sent_at is not None and refused.attempts == 2
    assert len(received_by(sink, "dan2@example.vn")) == 1


def test_a_crash_between_send_and_stamp_sends_that_email_again_once_after_the_lease(sink, province, settings):
    [pk] = receipts(province, 1)

    class WorkerKilled(BaseException):
        """Nothing in the sending code catches it, as nothing runs after a SIGKILL."""

    with mock.patch.object(notifications, "_mark_sent", side_effect=WorkerKilled), pytest.raises(WorkerKilled):
        tasks.send_notifications([pk])
    assert sink.count == 1  # the relay has it; the row does not know
    row = Notification.objects.get(pk=pk)
    assert row.sent_at is None and row.claim
    # While the claim is fresh nobody takes the row: a redelivered task sends nothing.
    assert tasks.send_notifications([pk]) == 0
    assert notifications.requeue_unsent() == 0
    assert sink.count == 1
    age_claims(settings.FEEDBACK_SEND_LEASE_SECONDS + 1)
    assert tasks.requeue_unsent() == 1
    assert sink.count == 2  # the one duplicate of the design
    row.refresh_from_db()
    assert row.sent_at is not None
    age_claims(3600)
    assert tasks.requeue_unsent() == 0
    assert tasks.send_notifications([pk]) == 0
    assert sink.count == 2


def test_the_minute_requeue_takes_expired_claims_and_forgotten_rows_not_live_ones(province, settings, mailoutbox):
    held, dead, forgotten, fresh = receipts(province, 4, email="dan{i}@example.vn")
    notifications._claim([dead], "dead-worker")
    age_claims(settings.FEEDBACK_SEND_LEASE_SECONDS + 1)  # `dead`'s claim and `forgotten`'s creation are old
    notifications._claim([held], "live-worker")  # claimed just now by a worker still sending
    Notification.objects.filter(pk=fresh).update(created_at=timezone.now())  # written just now: its task is queued
    with mock.patch.object(notifications, "send_later") as send_later:
        assert tasks.requeue_unsent() == 2
    assert sorted(send_later.call_args.args[0]) == sorted([dead, forgotten])
    assert "feedback-requeue-unsent" in settings.CELERY_BEAT_SCHEDULE
    tasks.requeue_unsent()  # eager: sends them
    assert sorted(m.to[0] for m in mailoutbox) == ["dan1@example.vn", "dan2@example.vn"]


def test_a_row_is_claimed_by_one_worker_only(province):
    ids = receipts(province, 3)
    assert len(notifications._claim(ids, "first")) == 3
    assert notifications._claim(ids, "second") == []
    assert set(Notification.objects.values_list("claim", flat=True)) == {"first"}


def test_an_unreachable_relay_loses_nothing_and_costs_no_attempt(province, settings):
    ids = receipts(province, 3)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 1  # nothing listens there
    with pytest.raises(OSError):
        tasks.send_notifications(ids)
    rows = Notification.objects.filter(pk__in=ids)
    assert all(n.sent_at is None and n.attempts == 0 for n in rows)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    age_claims(settings.FEEDBACK_SEND_LEASE_SECONDS + 1)
    assert tasks.requeue_unsent() == 3
    assert Notification.objects.filter(pk__in=ids, sent_at__isnull=False).count() == 3


@pytest.mark.django_db(transaction=True)
def test_two_workers_given_the_same_rows_send_each_email_once(sink, province):
    if connection.vendor != "postgresql":
        pytest.skip("row locks (SKIP LOCKED) need PostgreSQL; SQLite serialises writers anyway")
    ids = receipts(province, 200, email="dan{i}@example.vn")
    barrier = threading.Barrier(2)
    sent, errors = [], []

    def worker():
        try:
            barrier.wait()
            for start in range(0, len(ids), 20):
                sent.append(notifications.deliver_batch(ids[start : start + 20])[0])
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sum(sent) == 200
    assert sink.count == 200
    assert len({tuple(rcpt) for rcpt, _content in sink.messages}) == 200
    assert Notification.objects.filter(sent_at__isnull=False).count() == 200


def test_reminders_of_a_batch_reach_the_agencys_current_focal_officers(agency, province, mailoutbox):
    """Recipients are looked up once per batch, never kept from one batch to the next."""
    org, _officer = agency

    def reminders(count):
        return [
            Notification.objects.create(
                kind=Notification.Kind.REMIND_DUE,
                day=local_today(),
                assignment=AssignmentFactory(agency=org, question__portal=province),
            ).pk
            for _ in range(count)
        ]

    assert tasks.send_notifications(reminders(3)) == 3
    assert [m.to for m in mailoutbox] == [["daumoi.sxd@camau.gov.vn"]] * 3
    FocalOfficerFactory(organization=org, email="daumoi2.sxd@camau.gov.vn")
    mailoutbox.clear()
    assert tasks.send_notifications(reminders(2)) == 2
    assert [sorted(m.to) for m in mailoutbox] == [["daumoi.sxd@camau.gov.vn", "daumoi2.sxd@camau.gov.vn"]] * 2


def test_an_email_refused_every_time_stays_in_the_admin_until_sent_again(
    client, province, settings, mailoutbox, django_capture_on_commit_callbacks
):
    [pk] = receipts(province, 1)
    Notification.objects.filter(pk=pk).update(attempts=settings.FEEDBACK_MAX_SEND_ATTEMPTS, claim="x")
    age_claims(3600)
    assert notifications.requeue_unsent() == 0  # given up on: not retried by itself
    client.force_login(UserFactory(username="root", is_superuser=True))
    page = client.get("/admin/feedback/notification/")
    assert "Gửi lại các thư chưa gửi được" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/feedback/notification/", {"action": "send_again", "_selected_action": [pk]}, follow=True
        )
    assert "Đã xếp 1 thư vào hàng gửi lại." in response.content.decode()
    assert [m.to for m in mailoutbox] == [["dan@example.vn"]]
    assert Notification.objects.get(pk=pk).sent_at is not None
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/admin/feedback/notification/", {"action": "send_again", "_selected_action": [pk]})
    assert len(mailoutbox) == 1  # a sent email is never sent again from here


def test_a_batch_at_its_time_limit_stops_and_its_rest_goes_after_the_lease(province, settings, mailoutbox):
    from celery.exceptions import SoftTimeLimitExceeded
    from django.core.mail.backends.locmem import EmailBackend

    ids = receipts(province, 3, email="dan{i}@example.vn")
    real_send = EmailBackend.send_messages
    calls = []

    def slow_relay(self, messages):
        calls.append(messages[0].to)
        if len(calls) == 2:
            raise SoftTimeLimitExceeded()
        return real_send(self, messages)

    with mock.patch.object(EmailBackend, "send_messages", slow_relay), pytest.raises(SoftTimeLimitExceeded):
        tasks.send_notifications(ids)
    assert len(calls) == 2  # the third was not tried within the expired time
    assert Notification.objects.filter(sent_at__isnull=False).count() == 1
    age_claims(settings.FEEDBACK_SEND_LEASE_SECONDS + 1)
    assert tasks.requeue_unsent() == 2
    assert sorted(m.to[0] for m in mailoutbox) == ["dan0@example.vn", "dan1@example.vn", "dan2@example.vn"]


def test_a_row_whose_task_never_reached_the_broker_is_queued_after_the_resend_delay(province, settings, mailoutbox):
    [pk] = receipts(province, 1)  # committed, but its after-commit task was lost (broker down)
    assert notifications.requeue_unsent() == 0  # its task may still be on the way
    settings.FEEDBACK_RESEND_AFTER_MINUTES = 0
    assert tasks.requeue_unsent() == 1
    assert [m.to for m in mailoutbox] == [["dan@example.vn"]]
    assert Notification.objects.get(pk=pk).sent_at is not None
