"""The deadline sweep: reminders 2 and 1 working days before and on the due date, overdue escalation, digest;
each sent exactly once however often or concurrently the sweep runs, even when a worker dies mid-send."""

import datetime as dt
import threading
from io import StringIO
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection

from feedback import notifications, sweep
from feedback.models import Assignment, Notification
from tests.factories import MembershipFactory, UserFactory

from .factories import AssignmentFactory

pytestmark = pytest.mark.django_db

HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def at(y, m, d, hour=8):
    return dt.datetime(y, m, d, hour, 0, tzinfo=HCM)


@pytest.fixture
def assignment(agency, board, province):
    org, _user = agency
    # Forwarded Wed 11/2/2026, 5 working days across Tết Bính Ngọ: due Fri 27/2... use a plain week instead.
    return AssignmentFactory(
        agency=org,
        question__portal=province,
        forwarded_at=dt.date(2026, 11, 30),
        due_date=dt.date(2026, 12, 7),
        current_due_date=dt.date(2026, 12, 7),
    )


def subjects():
    return [m.subject for m in mail.outbox]


def test_reminders_two_days_one_day_and_on_the_due_date_then_overdue_escalation(
    assignment, django_capture_on_commit_callbacks
):
    # Due Monday 7/12/2026. Two working days before: Thursday 3/12; one: Friday 4/12.
    with django_capture_on_commit_callbacks(execute=True):
        result = sweep.run(now=at(2026, 12, 3))
    assert result.sent["remind_2"] == 1
    assert len(mail.outbox) == 2  # the reminder and the board's digest
    reminder = next(m for m in mail.outbox if "[Nhắc hạn]" in m.subject)
    assert "còn 2 ngày làm việc" in reminder.subject
    assert reminder.to == ["daumoi.sxd@camau.gov.vn"]

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        sweep.run(now=at(2026, 12, 4))
        sweep.run(now=at(2026, 12, 5))  # Saturday: nothing new for the agency
        sweep.run(now=at(2026, 12, 6))
    agency_mail = [m for m in mail.outbox if "[Nhắc hạn]" in m.subject]
    assert [m.subject for m in agency_mail] == [
        f"[Nhắc hạn] Câu hỏi {assignment.question.tracking_code}: còn 1 ngày làm việc (hạn 07/12/2026)"
    ]

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        sweep.run(now=at(2026, 12, 7))
    assert any("hôm nay là hạn trả lời" in s for s in subjects())
    assignment.refresh_from_db()
    assert assignment.status == Assignment.Status.OPEN

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        result = sweep.run(now=at(2026, 12, 8))
    assignment.refresh_from_db()
    assert assignment.status == Assignment.Status.OVERDUE
    assert result.marked_overdue == 1
    overdue = [m for m in mail.outbox if m.subject.startswith("[Quá hạn]")]
    assert len(overdue) == 1
    assert set(overdue[0].to) == {"daumoi.sxd@camau.gov.vn", "giamdoc.sxd@camau.gov.vn", "truongban@camau.gov.vn"}


def test_sweep_run_twice_sends_each_reminder_once(assignment, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        sweep.run(now=at(2026, 12, 3, 9))
        sweep.run(now=at(2026, 12, 3, 9) + dt.timedelta(minutes=15))
    assert sum("[Nhắc hạn]" in s for s in subjects()) == 1
    assert sum("Tổng hợp" in s for s in subjects()) == 1
    assert Notification.objects.filter(kind="remind_2").count() == 1


def test_an_interim_reply_moves_the_reminders_to_the_new_date(assignment, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        sweep.run(now=at(2026, 12, 3))
    assignment.refresh_from_db()
    assert assignment.notified_mask == 1  # the 2-day reminder is written for 7/12
    # What assignment_interim_reply does (it refuses dates in the past, so the test writes the row directly).
    Assignment.objects.filter(pk=assignment.pk).update(
        current_due_date=dt.date(2026, 12, 14), status=Assignment.Status.INTERIM, notified_mask=0
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        sweep.run(now=at(2026, 12, 10))
    assert any("còn 2 ngày làm việc (hạn 14/12/2026)" in s for s in subjects())


def test_digest_goes_to_the_board_once_a_day_after_the_digest_hour(assignment, django_capture_on_commit_callbacks):
    MembershipFactory(portal=assignment.question.portal, role="deputy", user=UserFactory(email="pho@camau.gov.vn"))
    with django_capture_on_commit_callbacks(execute=True):
        sweep.run(now=at(2026, 12, 1, 5))
    assert not any("Tổng hợp" in s for s in subjects())
    with django_capture_on_commit_callbacks(execute=True):
        sweep.run(now=at(2026, 12, 1, 7))
        sweep.run(now=at(2026, 12, 1, 16))
    digests = [m for m in mail.outbox if "Tổng hợp" in m.subject]
    assert len(digests) == 1
    assert set(digests[0].to) == {"truongban@camau.gov.vn", "thuky@camau.gov.vn", "pho@camau.gov.vn"}


def test_a_send_that_dies_after_the_row_is_written_is_sent_by_the_next_sweep(
    assignment, settings, django_capture_on_commit_callbacks
):
    settings.FEEDBACK_SEND_LEASE_SECONDS = 0
    killed = mock.patch(
        "django.core.mail.backends.locmem.EmailBackend.send_messages", side_effect=ConnectionError("worker killed")
    )
    with killed, pytest.raises(ConnectionError), django_capture_on_commit_callbacks(execute=True):
        sweep.run(now=at(2026, 12, 3, 6))
    row = Notification.objects.get(kind="remind_2")
    assert row.sent_at is None
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        result = sweep.run(now=at(2026, 12, 3, 6))
    assert result.sent["remind_2"] == 0  # the row exists: no second reminder is written
    assert result.requeued == 1
    row.refresh_from_db()
    assert row.sent_at is not None
    assert sum("[Nhắc hạn]" in s for s in subjects()) == 1
    # A duplicate delivery of the same task sends nothing more.
    assert notifications.deliver(row.pk) is False


def test_check_deadlines_prints_what_it_did(assignment, django_capture_on_commit_callbacks):
    Assignment.objects.filter(pk=assignment.pk).update(current_due_date=dt.date(2020, 1, 6))
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("check_deadlines", stdout=out)
    text = out.getvalue()
    assert "Marked overdue: 1" in text
    assert "overdue: 1 queued" in text
    assert any(s.startswith("[Quá hạn]") for s in subjects())


def test_sweep_queries_stay_bounded_with_many_open_assignments(agency, province, django_assert_max_num_queries):
    org, _ = agency
    base = AssignmentFactory(agency=org, question__portal=province, current_due_date=dt.date(2026, 12, 7))
    Assignment.objects.bulk_create(
        [
            Assignment(
                question=base.question,
                agency=org,
                klass="competent",
                forwarded_at=dt.date(2026, 11, 30),
                due_date=dt.date(2026, 12, 7) + dt.timedelta(days=i % 60),
                current_due_date=dt.date(2026, 12, 7) + dt.timedelta(days=i % 60),
            )
            for i in range(1200)
        ]
    )
    # Per kind: select batch, insert, read back by token (+ savepoint statements); no per-assignment query.
    with django_assert_max_num_queries(60):
        result = sweep.run(now=at(2026, 12, 3, 6))
    assert result.sent["remind_2"] == 21  # 7/12 (base + every 60th) got their 2-day reminder


@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_the_same_time_send_each_reminder_once(agency, board, province):
    if connection.vendor != "postgresql":
        pytest.skip("row locks (SKIP LOCKED) need PostgreSQL; SQLite serialises writers anyway")
    org, _ = agency
    for _i in range(40):
        AssignmentFactory(agency=org, question__portal=province, current_due_date=dt.date(2026, 12, 7))
    queued = []
    lock = threading.Lock()

    def fake_send_later(ids):
        with lock:
            queued.extend(ids)

    barrier = threading.Barrier(2)
    errors = []

    def worker():
        try:
            barrier.wait()
            sweep.run(now=at(2026, 12, 3, 6))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    with mock.patch.object(notifications, "send_later", fake_send_later):
        threads = [threading.Thread(target=worker) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert errors == []
    assert len(queued) == 40
    assert len(set(queued)) == 40
    assert Notification.objects.filter(kind="remind_2").count() == 40


def test_benchmark_data_gives_the_sweep_reminders_and_overdue_work(agency, django_capture_on_commit_callbacks):
    from io import StringIO

    from bench.data.feedback import generate_feedback

    out = StringIO()
    assert generate_feedback(stdout=out, questions=300, open_assignments=120) == (300, 120)
    assert generate_feedback(questions=300, open_assignments=120) == (300, 120)  # idempotent
    with mock.patch.object(notifications, "send_later", lambda ids: None):
        result = sweep.run()
    assert result.marked_overdue > 0
    assert result.sent["overdue"] == result.marked_overdue
    assert result.sent["remind_1"] + result.sent["remind_2"] > 0


def test_a_failing_address_is_retried_a_bounded_number_of_times_and_does_not_block_the_batch(
    assignment, agency, province, settings, django_capture_on_commit_callbacks
):
    from feedback.tasks import send_notifications

    settings.FEEDBACK_SEND_LEASE_SECONDS = 0
    settings.FEEDBACK_MAX_SEND_ATTEMPTS = 2
    other = AssignmentFactory(agency=agency[0], question__portal=province, current_due_date=dt.date(2026, 12, 7))
    with mock.patch.object(notifications, "send_later", lambda ids: None):
        sweep.run(now=at(2026, 12, 3, 6))
    first, second = Notification.objects.filter(kind="remind_2").order_by("pk")
    from django.core.mail.backends.locmem import EmailBackend

    real_send = EmailBackend.send_messages

    def flaky(self, messages):
        if first.question.tracking_code in messages[0].subject:
            raise ConnectionError("mailbox unavailable")
        return real_send(self, messages)

    with mock.patch.object(EmailBackend, "send_messages", flaky), pytest.raises(ConnectionError):
        send_notifications([first.pk, second.pk])
    second.refresh_from_db()
    first.refresh_from_db()
    assert second.sent_at is not None and first.sent_at is None and first.attempts == 1
    assert other.pk in (first.assignment_id, second.assignment_id)
    with mock.patch.object(notifications, "send_later", lambda ids: None):
        assert sweep.run(now=at(2026, 12, 3, 6)).requeued == 1
    Notification.objects.filter(pk=first.pk).update(attempts=2)
    with mock.patch.object(notifications, "send_later", lambda ids: None):
        assert sweep.run(now=at(2026, 12, 3, 6)).requeued == 0
