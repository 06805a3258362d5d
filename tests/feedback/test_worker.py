"""The sweep executed by a real Celery worker process sends the reminders (PostgreSQL: the worker shares the
test database; SQLite's in-memory test database is invisible to another process)."""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.db import connection

from feedback.calendar import add_working_days, local_today
from feedback.models import Notification
from feedback.tasks import sweep
from portal.celery import app

from .factories import AssignmentFactory

ROOT = Path(__file__).resolve().parent.parent.parent


@pytest.fixture
def worker(tmp_path):
    if connection.vendor == "sqlite":
        pytest.skip("a worker process cannot see SQLite's in-memory test database; runs on PostgreSQL")
    queue = f"test-feedback-{uuid.uuid4().hex[:8]}"
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "portal",
            "worker",
            "-Q",
            queue,
            "--pool=solo",
            "--loglevel=WARNING",
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
        ],
        cwd=ROOT,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.feedback.worker_settings",
            "FEEDBACK_TEST_MAIL_DIR": str(mail_dir),
            "FEEDBACK_TEST_QUEUE": queue,
            "FEEDBACK_TEST_DB_NAME": connection.settings_dict["NAME"],
        },
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    yield queue, mail_dir
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()


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
