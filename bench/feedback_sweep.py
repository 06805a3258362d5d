"""Benchmark: the feedback deadline sweep over N open assignments (default 100,000).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench \
    DJANGO_SETTINGS_MODULE=portal.settings_test .venv/bin/python bench/feedback_sweep.py [N]

Creates a throwaway test database (test_<name>), writes N questions and N/5 open assignments with
bench.data.feedback.generate_feedback (the same data the bench/ harness's deadline-sweep scenario uses), runs
`check_deadlines` three times with email sending stubbed out (queuing to the broker is not measured), prints wall
time and query count of each run, and drops the database. The first run does the work (reminders, overdue marking,
escalations); the later ones are the idle sweep every 15 minutes.
"""

import io
import sys
import time
from pathlib import Path
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402


def main(n: int) -> None:
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from bench.data.feedback import generate_feedback
        from components.models import Organization, Portal
        from feedback import notifications

        province = Portal.objects.create(
            name="Bench", short_name="bench", slug="bench", kind="province", owner_name="B"
        )
        for i in range(30):
            Organization.objects.create(portal=province, name=f"Sở {i}", slug=f"so-{i}", answers_feedback=True)
        started = time.monotonic()
        generate_feedback(questions=n, open_assignments=n // 5, stdout=sys.stdout)
        print(f"generated in {time.monotonic() - started:.1f}s ({connection.vendor})")
        with mock.patch.object(notifications, "send_later", lambda ids: None):
            for run in range(3):
                out = io.StringIO()
                started = time.monotonic()
                with CaptureQueriesContext(connection) as queries:
                    call_command("check_deadlines", stdout=out)
                lines = out.getvalue().splitlines()
                print(f"check_deadlines run {run + 1}: {time.monotonic() - started:.3f}s, {len(queries)} queries")
                print("    " + "; ".join(lines[1:]))
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
