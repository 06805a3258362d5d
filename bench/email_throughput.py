"""Benchmark: feedback emails per second through the real sending code to a local SMTP sink (default 3,000).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench \
    DJANGO_SETTINGS_MODULE=portal.settings_test .venv/bin/python bench/email_throughput.py [N]

Creates a throwaway test database (test_<name>), writes questions and open assignments with
feedback.benchdata.generate_feedback, runs the deadline sweep with queuing stubbed out (the morning's backlog of
reminders and escalations: Notification rows), tops it up with receipts to citizens to N emails, then sends them
with `feedback.tasks.send_notifications` in batches of notifications.SEND_CHUNK (as the worker does after the
sweep's commit) through Django's SMTP backend to `bench/smtp_sink.py`, run as its own process on 127.0.0.1 (aiosmtpd,
requirements-dev.txt). Prints emails/s (wall clock, and per CPU-second of the sending process: steadier on a
shared machine), SMTP connections opened and the sink's message count. `--per-email` sends
the same rows one task per email (one connection each: the design before decision 0750) for comparison.
Target (issue #12 bullet 9): ≥ 200 emails/s.
"""

import argparse
import contextlib
import json
import subprocess
import sys
import time
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from feedback import notifications  # noqa: E402


def start_sink():
    from bench.smtp_sink import free_port

    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "bench.smtp_sink", "--port", str(port)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout.readline().startswith("listening"), "the SMTP sink did not start"
    return process, port


def stop_sink(process):
    process.terminate()
    out, _ = process.communicate(timeout=20)
    return json.loads(out.strip().splitlines()[-1])


def make_backlog(n):
    from components.models import Organization, Portal
    from feedback import notifications, sweep

    try:  # where the data builders live since decision 0802; feedback.benchdata before
        from bench.data.feedback import generate_feedback
    except ImportError:
        from feedback.benchdata import generate_feedback
    from feedback.calendar import local_today
    from feedback.models import Notification, Question

    province = Portal.objects.create(
        name="Bench", short_name="bench", slug="bench", kind="province", owner_name="B", email="bbt@example.vn"
    )
    for i in range(30):  # reminders go to the agency's address, escalations to its head and the board too
        Organization.objects.create(
            portal=province,
            name=f"Sở {i}",
            slug=f"so-{i}",
            answers_feedback=True,
            email=f"so{i}@example.vn",
            head_email=f"giamdoc{i}@example.vn",
        )
    generate_feedback(questions=n, open_assignments=n // 2)
    with mock.patch.object(notifications, "send_later", lambda ids: None):
        sweep.run()
    ids = list(Notification.objects.order_by("pk").values_list("pk", flat=True)[:n])
    missing = n - len(ids)
    if missing > 0:
        today = local_today()
        Notification.objects.bulk_create(
            [
                Notification(kind=Notification.Kind.RECEIVED, day=today, question_id=pk)
                for pk in Question.objects.order_by("pk").values_list("pk", flat=True)[:missing]
            ]
        )
        ids = list(Notification.objects.order_by("pk").values_list("pk", flat=True)[:n])
    kinds = dict.fromkeys(Notification.objects.values_list("kind", flat=True).distinct(), 0)
    for kind in kinds:
        kinds[kind] = Notification.objects.filter(kind=kind).count()
    return ids, kinds


def send(ids, per_email):
    from feedback import notifications
    from feedback.models import Notification
    from feedback.tasks import send_notifications

    Notification.objects.filter(pk__in=ids).update(sent_at=None, claim="", claimed_at=None, attempts=0)
    chunk = 1 if per_email else notifications.SEND_CHUNK
    started, cpu = time.monotonic(), time.process_time()
    sent = 0
    for start in range(0, len(ids), chunk):
        sent += send_notifications(ids[start : start + chunk])
    return sent, time.monotonic() - started, time.process_time() - cpu


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("n", nargs="?", type=int, default=3000)
    parser.add_argument("--per-email", action="store_true", help="also measure one task (connection) per email")
    parser.add_argument(
        "--synchronous-stamps", action="store_true", help="also measure with each sent_at stamp waiting for the disk"
    )
    args = parser.parse_args()
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        started = time.monotonic()
        ids, kinds = make_backlog(args.n)
        elapsed = time.monotonic() - started
        print(f"backlog of {len(ids)} notifications in {elapsed:.1f}s ({connection.vendor}): {kinds}")
        runs = [("one connection per batch", False, False)]
        if args.synchronous_stamps:
            runs.append(("one connection per batch, each stamp flushed to disk", False, True))
        if args.per_email:
            runs.append(("one connection per email (before decision 0750)", True, False))
        for label, per_email, synchronous in runs:
            process, port = start_sink()
            settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
            settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
            settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
            settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
            stamps = mock.patch.object(notifications, "_stamps_without_waiting_for_the_disk", contextlib.nullcontext)
            try:
                with stamps if synchronous else contextlib.nullcontext():
                    sent, seconds, cpu = send(ids, per_email)
            finally:
                stats = stop_sink(process)
            print(
                f"{label}: {sent} emails in {seconds:.2f}s = {sent / seconds:.0f} emails/s "
                f"(sender CPU {cpu:.2f}s = {sent / cpu:.0f} emails per CPU-second); "
                f"sink: {stats['messages']} messages over {stats['connections']} connections"
                + ("" if stats["messages"] == sent else " (MISMATCH)")
            )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
