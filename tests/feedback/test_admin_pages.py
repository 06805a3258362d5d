"""Every feedback admin page renders for the people who use it."""

import datetime as dt

import pytest
from django.core import mail

from feedback.models import CalendarOverride, Notification
from feedback.tasks import calendar_reminder
from tests.factories import MembershipFactory, UserFactory

from .factories import AssignmentFactory, QuestionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(province, agency):
    org, officer = agency
    assignment = AssignmentFactory(agency=org, question__portal=province)
    question = QuestionFactory(portal=province, status="answered", answer_text="Đã trả lời")
    return assignment, question, officer


def test_superuser_opens_every_feedback_admin_page(client, data):
    assignment, question, _officer = data
    admin = UserFactory(username="root", is_superuser=True)
    client.force_login(admin)
    urls = [
        "/admin/feedback/",
        "/admin/feedback/question/",
        "/admin/feedback/question/?han=overdue",
        "/admin/feedback/inboxquestion/",
        f"/admin/feedback/question/{question.pk}/change/",
        f"/admin/feedback/question/{assignment.question.pk}/forward/",
        f"/admin/feedback/question/{assignment.question.pk}/reject/",
        f"/admin/feedback/question/{question.pk}/publish/",
        f"/admin/feedback/question/{question.pk}/spam/",
        "/admin/feedback/question/statistics/",
        "/admin/feedback/assignment/",
        f"/admin/feedback/assignment/{assignment.pk}/change/",
        f"/admin/feedback/assignment/{assignment.pk}/answer/",
        f"/admin/feedback/assignment/{assignment.pk}/interim/",
        f"/admin/feedback/assignment/{assignment.pk}/send-back/",
        "/admin/feedback/calendaroverride/",
        "/admin/feedback/field/",
        "/admin/feedback/blockedsender/",
        "/admin/feedback/datarequest/",
        "/admin/feedback/datarequest/add/",
        "/admin/feedback/notification/",
    ]
    for url in urls:
        assert client.get(url).status_code == 200, url


def test_agency_officer_sees_assignments_but_not_the_board_inbox(client, data):
    assignment, _question, officer = data
    client.force_login(officer)
    index = client.get("/admin/").content.decode()
    assert "/admin/feedback/assignment/" in index
    assert "/admin/feedback/inboxquestion/" not in index
    assert client.get("/admin/feedback/inboxquestion/").status_code == 403
    page = client.get(f"/admin/feedback/assignment/{assignment.pk}/change/").content.decode()
    assert "Trả lời" in page and "Báo cáo tiến độ" in page


def test_board_changelist_query_budget(client, province, agency, django_assert_max_num_queries):
    org, _ = agency
    for _i in range(30):
        AssignmentFactory(agency=org, question__portal=province)
    chief = MembershipFactory(portal=province, role="chief").user
    client.force_login(chief)
    client.get("/admin/feedback/assignment/")
    # session, user, roles (board, agency, data officer), permissions (2), counts (2), page, date hierarchy (2),
    # and the portal-scoped sidebar of components' admins (province-administrator check, portal ids, roles held)
    with django_assert_max_num_queries(19):
        assert client.get("/admin/feedback/assignment/").status_code == 200


def test_november_reminder_asks_administrators_for_next_years_calendar_once(
    province, django_capture_on_commit_callbacks
):
    UserFactory(username="sysadmin", email="sysadmin@camau.gov.vn", is_superuser=True)
    MembershipFactory(portal=province, role="administrator", user=UserFactory(email="qtv@camau.gov.vn"))
    with django_capture_on_commit_callbacks(execute=True):
        assert calendar_reminder() is True
    assert calendar_reminder() is False
    assert len(mail.outbox) == 1
    assert set(mail.outbox[0].to) == {"sysadmin@camau.gov.vn", "qtv@camau.gov.vn"}
    year = Notification.objects.get(kind="calendar").day.year
    assert str(year) in mail.outbox[0].subject
    assert CalendarOverride.objects.filter(date__gte=dt.date(2026, 1, 1)).exists()


def test_the_beat_schedule_runs_the_sweep_every_15_minutes_and_the_calendar_reminder_in_november(settings):
    sweep = settings.CELERY_BEAT_SCHEDULE["feedback-sweep"]
    assert sweep["task"] == "feedback.sweep"
    assert sweep["schedule"].minute == {0, 15, 30, 45}
    reminder = settings.CELERY_BEAT_SCHEDULE["feedback-calendar-reminder"]
    assert reminder["schedule"].month_of_year == {11}


def test_system_checks_refuse_attachments_under_public_media(settings):
    from feedback.checks import feedback_settings

    assert feedback_settings(None) == []
    settings.PRIVATE_MEDIA_ROOT = str(settings.MEDIA_ROOT) + "/private"
    assert [p.id for p in feedback_settings(None)] == ["feedback.E002"]
    settings.PRIVATE_MEDIA_ROOT = "/tmp/elsewhere"
    settings.FEEDBACK_DEADLINE_DAYS = {"competent": 5}
    settings.FEEDBACK_RETENTION_DAYS = 7
    assert [p.id for p in feedback_settings(None)] == ["feedback.E001", "feedback.W001"]


def test_board_question_list_shows_due_dates_and_flags_overdue(client, province, agency):
    org, _ = agency
    late = AssignmentFactory(agency=org, question__portal=province, current_due_date=dt.date(2020, 3, 2))
    chief = MembershipFactory(portal=province, role="chief").user
    client.force_login(chief)
    html = client.get("/admin/feedback/question/").content.decode()
    assert late.question.tracking_code in html
    assert "02/03/2020 (quá hạn)" in html
    overdue_only = client.get("/admin/feedback/question/?han=overdue").content.decode()
    assert late.question.tracking_code in overdue_only
