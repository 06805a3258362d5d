"""A task queued by the web process is executed by a real Celery worker process."""

import os

import pytest

from portal.celery import app
from portal.tasks import ping


@pytest.mark.worker
def test_task_round_trip_through_a_real_worker(worker_queue):
    broker = app.connection().as_uri()
    expected = "redis://" if os.environ.get("REDIS_URL") else "filesystem://"
    assert broker.startswith(expected)
    result = ping.apply_async(queue=worker_queue)
    assert result.get(timeout=60) == "pong"


def test_tasks_are_acknowledged_late_so_a_killed_worker_loses_nothing():
    assert app.conf.task_acks_late is True
    assert app.conf.task_reject_on_worker_lost is True
    assert app.conf.worker_prefetch_multiplier == 1
