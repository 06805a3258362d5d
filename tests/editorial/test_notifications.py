"""Emails the workflow sends: next actors on submit/forward; author and earlier reviewers afterwards."""

import pytest

from editorial import services
from editorial.models import AuditEvent, RefusalReason, State, UnpublishReason
from editorial.signals import content_changed
from editorial.tasks import notify_event
from tests.editorial.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def run_after_commit(settings, django_capture_on_commit_callbacks):
    settings.CELERY_TASK_ALWAYS_EAGER = True

    def run(fn, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return fn(**kwargs)

    return run


def inbox(mailoutbox, email):
    return [m for m in mailoutbox if m.to == [email]]


def test_full_path_sends_each_step_to_the_next_actors(board, article, mailoutbox, run_after_commit):
    run_after_commit(services.submit, obj=article, user=board.contributor)
    assert [m.to for m in mailoutbox] == [[board.member.email]]
    run_after_commit(services.forward, obj=article, user=board.member, comment="Đã biên tập, đề nghị thư ký xem")
    assert mailoutbox[-1].to == [board.secretary.email]
    assert "Đã biên tập, đề nghị thư ký xem" in mailoutbox[-1].body
    mailoutbox.clear()
    run_after_commit(services.forward, obj=article, user=board.secretary)
    assert sorted(m.to[0] for m in mailoutbox) == sorted([board.chief.email, board.deputy.email])
    mailoutbox.clear()
    run_after_commit(services.approve, obj=article, user=board.chief, comment="Đồng ý đăng")
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        [board.contributor.email, board.member.email, board.secretary.email]
    )
    assert all("Đồng ý đăng" in m.body and "Duyệt, xuất bản" in m.subject for m in mailoutbox)
    assert "/tin-tuc/" in mailoutbox[0].body  # the public link
    article.refresh_from_db()
    assert article.state == State.PUBLISHED


def test_return_reaches_the_author_and_earlier_reviewers_with_the_reason(board, article, mailoutbox, run_after_commit):
    run_after_commit(services.submit, obj=article, user=board.contributor)
    run_after_commit(services.forward, obj=article, user=board.member)
    mailoutbox.clear()
    run_after_commit(
        services.return_to_author, obj=article, user=board.secretary, comment="Ảnh chưa ghi nguồn, đề nghị bổ sung"
    )
    assert sorted(m.to[0] for m in mailoutbox) == sorted([board.contributor.email, board.member.email])
    assert all("Ảnh chưa ghi nguồn, đề nghị bổ sung" in m.body for m in mailoutbox)
    assert all("Trả lại tác giả" in m.subject for m in mailoutbox)


def test_refusal_reaches_everyone_with_the_reason_and_the_note(board, article, mailoutbox, run_after_commit):
    for step, user in [("submit", board.contributor), ("forward", board.member), ("forward", board.secretary)]:
        run_after_commit(getattr(services, step), obj=article, user=user)
    mailoutbox.clear()
    run_after_commit(
        services.refuse,
        obj=article,
        user=board.chief,
        reason=RefusalReason.NEEDS_VERIFICATION,
        comment="Số liệu thiệt hại cần Sở Nông nghiệp xác nhận",
    )
    recipients = sorted(m.to[0] for m in mailoutbox)
    assert recipients == sorted([board.contributor.email, board.member.email, board.secretary.email])
    for message in mailoutbox:
        assert "Cần xác minh thêm" in message.body
        assert "Số liệu thiệt hại cần Sở Nông nghiệp xác nhận" in message.body


def test_unpublishing_tells_the_author_and_reviewers(board, article, mailoutbox, run_after_commit):
    for step, user in [
        ("submit", board.contributor),
        ("forward", board.member),
        ("forward", board.secretary),
        ("approve", board.chief),
    ]:
        run_after_commit(getattr(services, step), obj=article, user=user)
    mailoutbox.clear()
    run_after_commit(
        services.unpublish, obj=article, user=board.deputy, reason=UnpublishReason.ERROR, comment="Sai tên đơn vị"
    )
    recipients = {m.to[0] for m in mailoutbox}
    assert recipients == {board.contributor.email, board.member.email, board.secretary.email, board.chief.email}
    assert all("Đăng nhầm, có sai sót" in m.body and "Sai tên đơn vị" in m.body for m in mailoutbox)


def test_notification_task_is_safe_to_run_twice(board, article, mailoutbox):
    services.submit(obj=article, user=board.contributor)
    event = AuditEvent.objects.get(action="submit")
    assert notify_event(event.pk) == 1
    assert notify_event(event.pk) == 0
    assert notify_event(999999) == 0
    assert len(mailoutbox) == 1


def test_nobody_assigned_falls_back_to_the_secretary_then_the_chief(board, mailoutbox, run_after_commit):
    from tests.editorial.factories import ArticleFactory

    travel = ArticleFactory(category=board.tourism, created_by=board.contributor)
    run_after_commit(services.submit, obj=travel, user=board.contributor)
    assert sorted(m.to[0] for m in mailoutbox) == sorted([board.chief.email, board.deputy.email])


def test_content_changed_is_sent_after_commit_when_live_content_changes(board, article, run_after_commit):
    received = []

    def listener(sender, instance, portal_id, action, **kwargs):
        received.append((sender.__name__, instance.pk, portal_id, action))

    content_changed.connect(listener)
    try:
        for step, user in [
            ("submit", board.contributor),
            ("forward", board.member),
            ("forward", board.secretary),
        ]:
            run_after_commit(getattr(services, step), obj=article, user=user)
        assert received == []
        run_after_commit(services.approve, obj=article, user=board.chief)
        run_after_commit(services.unpublish, obj=article, user=board.chief, reason="error", comment="Sai")
    finally:
        content_changed.disconnect(listener)
    assert received == [
        ("Article", article.pk, board.portal.pk, "published"),
        ("Article", article.pk, board.portal.pk, "unpublished"),
    ]


def test_a_broker_outage_does_not_undo_or_break_the_step(
    board, article, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    def broken(*args, **kwargs):
        raise ConnectionError("broker down")

    monkeypatch.setattr(notify_event, "delay", broken)
    with django_capture_on_commit_callbacks(execute=True):
        services.submit(obj=article, user=board.contributor)
    article.refresh_from_db()
    assert article.state == State.SUBMITTED
    assert "Could not queue notifications" in caplog.text


def test_publication_email_of_a_component_portal_links_inside_that_portal(
    other_board, department, mailoutbox, run_after_commit, settings
):
    settings.PORTAL_LINK_DOMAINS = True
    article = ArticleFactory(category=other_board.local, created_by=other_board.contributor)
    run_after_commit(services.submit, obj=article, user=other_board.contributor)
    run_after_commit(services.forward, obj=article, user=other_board.member)
    run_after_commit(services.forward, obj=article, user=other_board.secretary)
    mailoutbox.clear()
    run_after_commit(services.approve, obj=article, user=other_board.chief)
    article.refresh_from_db()
    expected = f"https://{department.domain}/tin-tuc/{article.category.slug}/{article.slug}-{article.pk}.html"
    assert expected in mailoutbox[0].body
