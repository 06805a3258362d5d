"""Scheduled go-live and expiry: the beat task, idempotent, and run by a real Celery worker process."""

import datetime
import os
import sqlite3
import tempfile

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from editorial import services
from editorial.models import Article, AuditEvent, State
from editorial.signals import content_changed
from editorial.tasks import run_schedule
from tests.editorial.factories import ArticleFactory
from tests.workers import celery_worker, new_queue


def test_beat_runs_the_schedule_every_minute():
    entry = settings.CELERY_BEAT_SCHEDULE["editorial-run-schedule"]
    assert entry["task"] == "editorial.run_schedule"
    assert entry["schedule"].minute == set(range(60))


@pytest.mark.django_db
def test_chief_schedules_from_the_admin_and_the_task_publishes_once(client, board, article):
    Article.objects.filter(pk=article.pk).update(state=State.AWAITING_APPROVAL)
    client.force_login(board.chief)
    when = timezone.localtime() + datetime.timedelta(hours=2)
    response = client.post(
        reverse("admin:editorial_article_workflow", args=[article.pk, "schedule"]),
        {"go_live_at": when.strftime("%Y-%m-%dT%H:%M")},
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.state == State.SCHEDULED and not article.is_live
    assert services.publish_due() == 0  # not yet
    later = article.go_live_at + datetime.timedelta(minutes=1)
    assert services.publish_due(now=later) == 1
    assert services.publish_due(now=later) == 0  # safe to run twice
    article.refresh_from_db()
    assert article.state == State.PUBLISHED and article.published_at == article.go_live_at
    assert AuditEvent.objects.filter(object_id=article.pk, action="publish").count() == 1


@pytest.mark.django_db
def test_schedule_in_the_past_is_refused(board, article):
    Article.objects.filter(pk=article.pk).update(state=State.AWAITING_APPROVAL)
    with pytest.raises(Exception, match="tương lai"):
        services.schedule(obj=article, user=board.chief, go_live_at=timezone.now() - datetime.timedelta(hours=1))


@pytest.mark.django_db
def test_expired_items_are_taken_down_and_announced(board, django_capture_on_commit_callbacks):
    now = timezone.now()
    old = ArticleFactory(
        category=board.local,
        state=State.PUBLISHED,
        published_at=now - datetime.timedelta(days=10),
        expire_at=now - datetime.timedelta(minutes=5),
    )
    fresh = ArticleFactory(
        category=board.local,
        state=State.PUBLISHED,
        published_at=now,
        expire_at=now + datetime.timedelta(days=5),
    )
    received = []
    content_changed.connect(lambda **kw: received.append(kw["action"]), weak=False, dispatch_uid="test-expire")
    try:
        with django_capture_on_commit_callbacks(execute=True):
            assert run_schedule() == {"published": 0, "expired": 1}
            assert run_schedule() == {"published": 0, "expired": 0}
    finally:
        content_changed.disconnect(dispatch_uid="test-expire")
    old.refresh_from_db()
    fresh.refresh_from_db()
    assert (old.state, fresh.state) == (State.EXPIRED, State.PUBLISHED)
    assert received == ["expired"]


# --- a real worker ------------------------------------------------------------------------------------


def _worker_database_url(tmpdir):
    """A database the worker process can open that holds this test's rows."""
    settings_dict = connection.settings_dict
    if connection.vendor == "sqlite":
        # The test database lives in this process's memory: copy it to a file the worker opens.
        path = os.path.join(tmpdir, "worker.sqlite3")
        target = sqlite3.connect(path)
        connection.ensure_connection()
        connection.connection.backup(target)
        target.close()
        return f"sqlite:///{path}", path
    user = settings_dict.get("USER") or ""
    password = f":{settings_dict['PASSWORD']}" if settings_dict.get("PASSWORD") else ""
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = settings_dict.get("PORT") or 5432
    return f"postgres://{user}{password}@{host}:{port}/{settings_dict['NAME']}", None


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_scheduled_article_is_published_by_a_real_worker(board):
    now = timezone.now()
    article = ArticleFactory(
        category=board.local,
        created_by=board.contributor,
        state=State.SCHEDULED,
        go_live_at=now - datetime.timedelta(minutes=1),
    )
    queue = new_queue()
    with tempfile.TemporaryDirectory() as tmpdir:
        database_url, sqlite_path = _worker_database_url(tmpdir)
        with celery_worker(queue=queue, env={"DATABASE_URL": database_url}):
            result = run_schedule.apply_async(queue=queue)
            assert result.get(timeout=90) == {"published": 1, "expired": 0}
            # Run again: already done, nothing happens.
            assert run_schedule.apply_async(queue=queue).get(timeout=90) == {"published": 0, "expired": 0}
        if sqlite_path:
            with sqlite3.connect(sqlite_path) as db:
                state = db.execute("SELECT state FROM editorial_article WHERE id = ?", [article.pk]).fetchone()[0]
                events = db.execute(
                    "SELECT COUNT(*) FROM editorial_auditevent WHERE object_id = ? AND action = 'publish'",
                    [article.pk],
                ).fetchone()[0]
        else:
            article.refresh_from_db()
            state = article.state
            events = AuditEvent.objects.filter(object_id=article.pk, action="publish").count()
    assert state == State.PUBLISHED
    assert events == 1
