"""bench/email_throughput.py runs as bench/README.md and analysis.md §8 say (a small N, SQLite in memory)."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent


def test_the_email_benchmark_sends_every_email_over_one_connection_per_batch(tmp_path):
    environment = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    environment.update(DJANGO_SETTINGS_MODULE="portal.settings_test", VAR_DIR=str(tmp_path / "var"))
    result = subprocess.run(
        [sys.executable, "bench/email_throughput.py", "150"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    [line] = [line for line in result.stdout.splitlines() if line.startswith("one connection per batch:")]
    assert "150 emails in" in line
    assert "sink: 150 messages over 2 connections" in line
    assert "MISMATCH" not in line
