"""One definition of "overdue" (feedback.deadlines): the board's digest, the statistics page and the admin filter
agree on a question whose due date was yesterday, even before the sweep has marked it."""

import datetime as dt

import pytest
from django.utils import timezone

from components.models import Membership
from feedback import deadlines, selectors
from feedback.models import Assignment
from tests.factories import MembershipFactory

from .factories import AssignmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def late_since_yesterday(agency, province):
    org, _user = agency
    today = timezone.localdate()
    return AssignmentFactory(
        agency=org,
        question__portal=province,
        forwarded_at=today - dt.timedelta(days=10),
        due_date=today - dt.timedelta(days=1),
        current_due_date=today - dt.timedelta(days=1),
    )


def test_overdue_since_yesterday_shows_in_digest_statistics_and_admin_filter_without_a_sweep(
    client, province, late_since_yesterday
):
    today = timezone.localdate()
    assert late_since_yesterday.status == Assignment.Status.OPEN  # no sweep has marked it
    assert list(Assignment.objects.overdue(today)) == [late_since_yesterday]

    digest = selectors.digest_for(province, today)
    assert digest["overdue_count"] == 1
    assert digest["overdue"] == [late_since_yesterday]
    assert late_since_yesterday not in digest["due_soon"]

    assert selectors.statistics(today=today)["totals"]["overdue"] == 1

    client.force_login(MembershipFactory(portal=province, role=Membership.Role.CHIEF).user)
    code = late_since_yesterday.question.tracking_code
    assert code in client.get("/admin/feedback/question/?han=overdue").content.decode()
    assert code not in client.get("/admin/feedback/question/?han=today").content.decode()
    statistics_page = client.get("/admin/feedback/question/statistics/")
    assert statistics_page.status_code == 200
    assert statistics_page.context["totals"]["overdue"] == 1


def test_due_today_is_not_overdue_and_is_due_within_the_digest_window(agency, province):
    org, _user = agency
    today = timezone.localdate()
    due_today = AssignmentFactory(agency=org, question__portal=province, current_due_date=today)
    assert not deadlines.is_overdue(due_today, today)
    assert list(Assignment.objects.overdue(today)) == []
    assert list(Assignment.objects.due_on(today)) == [due_today]
    assert list(Assignment.objects.due_within(2, today)) == [due_today]
    assert list(Assignment.objects.overdue(today + dt.timedelta(days=1))) == [due_today]


def test_answered_assignment_is_never_overdue(agency, province):
    org, _user = agency
    today = timezone.localdate()
    AssignmentFactory(
        agency=org, question__portal=province, current_due_date=today - dt.timedelta(days=3), status="answered"
    )
    assert list(Assignment.objects.overdue(today)) == []
    assert selectors.statistics(today=today)["totals"]["overdue"] == 0
