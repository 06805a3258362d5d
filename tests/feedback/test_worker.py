"""The sweep executed by a real Celery worker process sends the reminders (PostgreSQL: the worker shares the
test database; SQLite's in-memory test database is invisible to another process)."""

import time

import pytest
from django.db import connection

from feedback.calendar import add_working_days, local_today
from feedback.models import Notification
from feedback.tasks import send_notifications, sweep
from portal.celery import app
from tests.workers import celery_worker, new_queue

from .factories import AssignmentFactory, QuestionFactory


@pytest.fixture
def worker(tmp_path):
    if connection.vendor == "sqlite":
        pytest.skip("a worker process cannot see SQLite's in-memory test database; runs on PostgreSQL")
    queue = new_queue("test-feedback")
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    env = {
        "FEEDBACK_TEST_MAIL_DIR": str(mail_dir),
        "FEEDBACK_TEST_QUEUE": queue,
        "FEEDBACK_TEST_DB_NAME": connection.settings_dict["NAME"],
    }
    with celery_worker(queue=queue, settings_module="tests.feedback.worker_settings", env=env):
        yield queue, mail_dir
    # Its database session ends a moment after the process: wait, or dropping the test database may find it busy.
    with connection.cursor() as cursor:
        for _attempt in range(50):
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            if cursor.fetchone()[0] == 0:
                break
            time.sleep(0.1)


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_runs_the_sweep_and_sends_each_reminder_once(worker, agency, province):
    queue, mail_dir = worker
    org, _ = agency
    assignment = AssignmentFactory(
        agency=org, question__portal=province, current_due_date=add_working_days(local_today(), 1)
    )
    app.conf.task_always_eager = False  # this test goes through the broker (restored by the conftest fixture)
    for _run in range(2):
        lines = sweep.apply_async(queue=queue).get(timeout=90)
    assert "remind_1: 0 queued" in " ".join(lines)  # the second run found the reminder already written
    deadline = time.monotonic() + 60
    row = None
    while time.monotonic() < deadline:
        row = Notification.objects.filter(assignment=assignment, kind="remind_1").first()
        if row and row.sent_at:
            break
        time.sleep(0.5)
    assert row is not None and row.sent_at is not None
    assert Notification.objects.filter(assignment=assignment, kind="remind_1").count() == 1
    sent = "".join(p.read_text(errors="replace") for p in mail_dir.iterdir())
    assert sent.count("To: daumoi.sxd@camau.gov.vn") == 1


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_writes_the_citizens_email_in_the_language_of_their_page(worker, province):
    """No request in the worker process: the language comes from the question, not from whatever is active."""
    queue, mail_dir = worker
    english = QuestionFactory(portal=province, language="en", email="mary@example.com")
    vietnamese = QuestionFactory(portal=province, language="vi", email="lan@example.vn")
    ids = [
        Notification.objects.create(kind=Notification.Kind.RECEIVED, day=local_today(), question=q).pk
        for q in (english, vietnamese)
    ]
    app.conf.task_always_eager = False  # through the broker (restored by the conftest fixture)
    assert send_notifications.apply_async(args=[ids], queue=queue).get(timeout=90) == 2
    sent = {p.read_text(errors="replace") for p in mail_dir.iterdir()}
    [to_english] = [m for m in sent if "To: mary@example.com" in m]
    assert f"Tracking code: {english.tracking_code}" in to_english
    assert f"https://camau.gov.vn/en/hoi-dap/tra-cuu/?ma={english.tracking_code}" in to_english
    [to_vietnamese] = [m for m in sent if "To: lan@example.vn" in m]
    assert f"Mã tra cứu: {vietnamese.tracking_code}" in to_vietnamese
    assert f"https://camau.gov.vn/hoi-dap/tra-cuu/?ma={vietnamese.tracking_code}" in to_vietnamese
