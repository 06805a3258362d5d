"""A worker killed (SIGKILL) in the middle of a batch: another worker sends the batch once the broker's visibility
timeout and the claims' lease have passed — with the timings scaled down from 240 s to seconds (decision 0750).
Needs PostgreSQL (the worker shares the test database) and Redis (the broker whose visibility timeout redelivers)."""

import asyncio
import os
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from bench.smtp_sink import CountingHandler, SmtpSink
from feedback.calendar import local_today
from feedback.models import Notification
from feedback.tasks import send_notifications
from portal.celery import app

from .factories import QuestionFactory

ROOT = Path(__file__).resolve().parent.parent.parent
TIMINGS = {  # seconds; production: 180, 210, 240, 240
    "CELERY_TASK_SOFT_TIME_LIMIT": "4",
    "CELERY_TASK_TIME_LIMIT": "5",
    "BROKER_VISIBILITY_TIMEOUT": "8",
    "FEEDBACK_SEND_LEASE_SECONDS": "6",
}


class StallingHandler(CountingHandler):
    """The relay of the first session never answers the first message's DATA: the worker is stuck before the
    relay accepted anything, which is where a SIGKILL finds it."""

    def __init__(self):
        super().__init__()
        self.stall = True
        self.stalled = threading.Event()

    async def handle_DATA(self, server, session, envelope):
        if self.stall:
            self.stall = False
            self.stalled.set()
            await asyncio.sleep(600)
        return await super().handle_DATA(server, session, envelope)


def start_worker(queue, port):
    return subprocess.Popen(
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
            **TIMINGS,
            "DJANGO_SETTINGS_MODULE": "tests.feedback.delivery_worker_settings",
            "DELIVERY_TEST_SMTP_PORT": str(port),
            "DELIVERY_TEST_QUEUE": queue,
            "DELIVERY_TEST_DB_NAME": connection.settings_dict["NAME"],
        },
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def stop(process):
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=20)


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_killed_workers_batch_is_sent_by_another_worker_once_after_the_lease(province):
    if connection.vendor != "postgresql" or not settings.CELERY_BROKER_URL.startswith("redis://"):
        pytest.skip("needs PostgreSQL (shared with the worker) and Redis (visibility timeout); CI has both")
    ids = [
        Notification.objects.create(
            kind=Notification.Kind.RECEIVED,
            day=local_today(),
            question=QuestionFactory(portal=province, email=f"dan{i}@example.vn"),
        ).pk
        for i in range(3)
    ]
    queue = f"test-delivery-{uuid.uuid4().hex[:8]}"
    sink = SmtpSink()
    sink.handler = StallingHandler()
    sink.controller.handler = sink.handler
    workers = []
    with sink:
        try:
            first = start_worker(queue, sink.port)
            workers.append(first)
            app.conf.task_always_eager = False  # through the broker (restored by the conftest fixture)
            send_notifications.apply_async(args=[ids], queue=queue)
            assert sink.handler.stalled.wait(timeout=90), "the first worker never reached the relay"
            assert set(Notification.objects.values_list("claim", flat=True)) != {""}  # claimed, then stuck
            first.kill()  # SIGKILL: no cleanup, no ack, claims left behind
            first.wait(timeout=20)
            killed_at = time.monotonic()
            workers.append(start_worker(queue, sink.port))
            deadline = killed_at + 90
            while time.monotonic() < deadline and Notification.objects.filter(sent_at__isnull=True).exists():
                time.sleep(0.5)
            recovered_after = time.monotonic() - killed_at
        finally:
            for process in workers:
                stop(process)
    assert not Notification.objects.filter(sent_at__isnull=True).exists()
    received = sorted(rcpt[0] for rcpt, _content in sink.messages)
    assert received == ["dan0@example.vn", "dan1@example.vn", "dan2@example.vn"]  # each once: none was accepted before
    # Redelivered after the visibility timeout (the claims older than the lease by then), plus the restore scan.
    assert recovered_after < int(TIMINGS["BROKER_VISIBILITY_TIMEOUT"]) + 30
