"""Delivery on the production shape: a killed worker's task comes back within 5 minutes; filemail:// works."""

import json
import os
import signal
import time

import pytest

from .stack import WORKER_PING, stop_group, wait_until

pytestmark = pytest.mark.prod

SETTINGS = """
import json
from django.conf import settings
print(json.dumps({"visibility": settings.CELERY_BROKER_TRANSPORT_OPTIONS.get("visibility_timeout"),
                  "resend": settings.FEEDBACK_RESEND_AFTER_MINUTES}))
"""
# Queued while the worker's only pool process is stopped: the worker reserves it and then dies holding it.
QUEUE_PING = "from portal.tasks import ping; print(ping.delay().id)"
RESULT = "from celery.result import AsyncResult; print(AsyncResult({task_id!r}).ready())"


def _pool_children(pid):
    path = f"/proc/{pid}/task/{pid}/children"
    with open(path) as children:
        return [int(child) for child in children.read().split()]


def test_a_killed_workers_task_is_run_by_the_next_worker_within_five_minutes(prod_stack):
    limits = json.loads(prod_stack.shell(SETTINGS))
    assert limits["visibility"] <= 300, f"visibility_timeout {limits['visibility']} s: a killed task waits that long"
    assert limits["resend"] <= 5, f"unsent notifications are re-queued after {limits['resend']} minutes"

    worker, log = prod_stack.procs.pop("worker")
    (child,) = _pool_children(worker.pid)
    os.kill(child, signal.SIGSTOP)
    task_id = prod_stack.shell(QUEUE_PING)
    time.sleep(3)  # the worker takes the message and hands it to its (stopped) pool process
    stop_group(worker, sig=signal.SIGKILL)
    log.close()
    prod_stack.start_worker()
    wait_until(
        lambda: prod_stack.shell(RESULT.format(task_id=task_id)) == "True",
        timeout=limits["visibility"] + 90,
        interval=5,
        what="the killed worker's task run by the new worker",
    )
    assert "ok" in prod_stack.shell(WORKER_PING)


def test_filemail_writes_each_email_to_a_file(prod_stack, tmp_path):
    prod_stack.shell(
        "from django.core.mail import send_mail; send_mail('Thử', 'Nội dung', None, ['a@example.vn'])",
        env={"EMAIL_URL": f"filemail://{tmp_path}"},
    )
    (written,) = list(tmp_path.iterdir())
    assert "a@example.vn" in written.read_text()
