"""Operations truths (issue #12 bullet 10): what README and .env.example say works, works as printed."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# What a checkout holds that the commands need: every installed app's package (whatever apps are added later),
# templates, translations, static files.
CODE = ("templates", "locale", "static", "manage.py", "Makefile")


def app_packages():
    """Top-level packages of the repository that settings install (components, editorial, ..., demo, office)."""
    from django.conf import settings

    return sorted({name.split(".")[0] for name in settings.INSTALLED_APPS if (ROOT / name.split(".")[0]).is_dir()})


def environment(**env):
    """The environment of a newcomer's shell: no Django secrets, no DEBUG, no servers (CI's DATABASE_URL and
    REDIS_URL must not reach a development checkout's `migrate`)."""
    unset = {"SECRET_KEY", "ALLOWED_HOSTS", "DEBUG", "SECURE_SSL_REDIRECT", "EMAIL_URL", "VAR_DIR", "DATABASE_URL"}
    unset |= {"REDIS_URL", "REDIS_CACHE_URL", "CELERY_BROKER_URL", "CELERY_RESULT_BACKEND"}
    base = {k: v for k, v in os.environ.items() if k not in unset and not k.startswith(("DJANGO_", "CELERY_"))}
    return {**base, **env}


def test_filemail_url_writes_each_email_to_a_file(tmp_path):
    mail_dir = tmp_path / "mail"
    code = (
        "import django; django.setup(); from django.core.mail import send_mail; "
        "print(send_mail('Xin chào', 'Nội dung thư', None, ['dan@example.vn']))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=environment(
            DJANGO_SETTINGS_MODULE="portal.settings",
            DEBUG="1",
            VAR_DIR=str(tmp_path / "var"),
            EMAIL_URL=f"filemail://{mail_dir}",
        ),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "1"
    [written] = mail_dir.iterdir()
    text = written.read_text()
    assert "To: dan@example.vn" in text
    assert "Subject: =?utf-8?" in text  # the Vietnamese subject, encoded as in a real email


def test_a_relative_filemail_url_is_under_the_repository(tmp_path):
    code = "import django; django.setup(); from django.conf import settings; print(settings.EMAIL_FILE_PATH)"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=environment(
            DJANGO_SETTINGS_MODULE="portal.settings",
            DEBUG="1",
            VAR_DIR=str(tmp_path / "var"),
            EMAIL_URL="filemail://var/mail",
        ),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(ROOT / "var" / "mail")


@pytest.fixture
def fresh_checkout(tmp_path):
    """The code of the repository in a directory of its own, without anyone's .env."""
    checkout = tmp_path / "checkout"
    checkout.mkdir()
    for name in (*CODE, *app_packages()):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, checkout / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, checkout / name)
    return checkout


def manage(checkout, *args):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=checkout,
        env=environment(),
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_readme_commands_work_after_make_dev_env_without_knowing_about_debug(fresh_checkout):
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    before = manage(fresh_checkout, "due_date", "2026-02-10", "5")
    assert before.returncode != 0 and "DEBUG=1 for development" in before.stderr  # what a newcomer met before
    made = subprocess.run(["make", "dev-env"], cwd=fresh_checkout, capture_output=True, text=True, timeout=60)
    assert made.returncode == 0, made.stderr
    assert "DEBUG=1" in (fresh_checkout / ".env").read_text()
    migrated = manage(fresh_checkout, "migrate", "--noinput")  # what `make run` does next, in var/ of the checkout
    assert migrated.returncode == 0, migrated.stderr
    result = manage(fresh_checkout, "due_date", "2026-02-10", "5")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "2026-02-24"  # 11, 12, 13, then Tết (14–22 February), 23, 24
    swept = manage(fresh_checkout, "check_deadlines")
    assert swept.returncode == 0, swept.stderr
    assert "Marked overdue: 0" in swept.stdout
    # A second `make dev-env` (every `make run`) keeps what the developer changed.
    (fresh_checkout / ".env").write_text("DEBUG=1\nLOG_LEVEL=WARNING\n")
    subprocess.run(["make", "dev-env"], cwd=fresh_checkout, check=True, capture_output=True, timeout=60)
    assert (fresh_checkout / ".env").read_text() == "DEBUG=1\nLOG_LEVEL=WARNING\n"


def test_make_run_writes_the_development_env_first():
    makefile = (ROOT / "Makefile").read_text()
    [run_line] = [line for line in makefile.splitlines() if line.startswith("run:")]
    assert "dev-env" in run_line


def settings_in_a_process(code, **env):
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); from django.conf import settings as s; {code}"],
        cwd=ROOT,
        env=environment(DJANGO_SETTINGS_MODULE="portal.settings", DEBUG="1", VAR_DIR=str(ROOT / "var" / "test"), **env),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_cache_and_broker_take_their_own_redis_urls_and_fall_back_to_redis_url():
    show = "print(s.CACHES['default']['LOCATION'], s.CELERY_BROKER_URL, s.CELERY_RESULT_BACKEND)"
    separate = settings_in_a_process(
        show, REDIS_CACHE_URL="redis://cache:6379/0", CELERY_BROKER_URL="redis://broker:6379/0", REDIS_URL=""
    )
    assert separate == ["redis://cache:6379/0", "redis://broker:6379/0", "redis://broker:6379/0"]
    shared = settings_in_a_process(show, REDIS_URL="redis://one:6379/3", REDIS_CACHE_URL="", CELERY_BROKER_URL="")
    assert shared == ["redis://one:6379/3"] * 3


def test_a_killed_workers_tasks_come_back_within_five_minutes():
    visibility, scan, hard, soft, lease, requeue, forgotten = settings_in_a_process(
        "o = s.CELERY_BROKER_TRANSPORT_OPTIONS;"
        " print(o['visibility_timeout'], o['unacked_restore_interval'] * o['unacked_restore_throttle'],"
        " s.CELERY_TASK_TIME_LIMIT,"
        " s.CELERY_TASK_SOFT_TIME_LIMIT, s.FEEDBACK_SEND_LEASE_SECONDS,"
        " 60 * 60 // len(s.CELERY_BEAT_SCHEDULE['feedback-requeue-unsent']['schedule'].minute),"
        " s.FEEDBACK_RESEND_AFTER_MINUTES)",
        REDIS_URL="redis://one:6379/3",
    )
    assert int(soft) < int(hard) < int(visibility) <= 240  # a live task is never handed out twice
    assert int(visibility) + int(scan) <= 300  # Kombu finds the dead worker's task 10 s after its timeout at most
    assert int(hard) < int(lease)  # a live worker's claim never expires
    assert int(lease) + float(requeue) <= 300  # claim expired + the next minute's re-queue: ≤ 5 minutes
    assert int(forgotten) * 60 + float(requeue) <= 300  # a row whose task never reached the broker: the same


def test_a_time_limit_above_the_visibility_timeout_is_refused():
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env=environment(
            DJANGO_SETTINGS_MODULE="portal.settings",
            DEBUG="1",
            VAR_DIR=str(ROOT / "var" / "test"),
            CELERY_TASK_TIME_LIMIT="3600",
        ),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "CELERY_TASK_TIME_LIMIT must stay below BROKER_VISIBILITY_TIMEOUT" in result.stderr
