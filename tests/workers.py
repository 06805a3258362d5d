"""A real Celery worker process for the worker tests (marked `worker`), written once.

It consumes a queue private to one test, so no other worker (a developer's `make run`) steals the task, and is
stopped when the test ends. Fixtures in tests/conftest.py wrap it.
"""

import os
import subprocess
import sys
import uuid
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def new_queue(prefix="test"):
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


@contextmanager
def celery_worker(*, queue=None, settings_module="portal.settings_test", env=None):
    """Start `celery -A portal worker` on `queue` (a new private one by default); yields the queue name."""
    queue = queue or new_queue()
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
        env={**os.environ, "DJANGO_SETTINGS_MODULE": settings_module, **(env or {})},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        yield queue
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        # Kombu's filesystem transport declares the private queue's exchange as a file under ./control/.
        for folder in {ROOT / "control", Path.cwd() / "control"}:
            (folder / f"{queue}.exchange").unlink(missing_ok=True)
