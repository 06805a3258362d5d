import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from components.models import FocalOfficer, Organization
from feedback.models import Assignment, Question

pytestmark = pytest.mark.django_db


def test_seed_demo_gives_questions_in_every_state_and_agency_logins(settings, client):
    settings.DEBUG = True
    call_command("seed_demo")
    assert Question.objects.count() >= 20
    assert set(Question.objects.values_list("status", flat=True)) == set(Question.Status.values)
    assert set(Assignment.objects.values_list("status", flat=True)) == set(Assignment.Status.values)
    assert Question.objects.filter(is_published=True).count() >= 3
    assert Question.objects.filter(is_spam=True).exists()
    assert Assignment.objects.filter(status="overdue").count() >= 2
    for org in Organization.objects.filter(answers_feedback=True):
        user = get_user_model().objects.get(username=f"agency.{org.slug}")
        assert user.is_staff and user.check_password(settings.DEMO_PASSWORD)
        assert FocalOfficer.objects.filter(organization=org, user=user).exists()
    # The agency login works and shows its own assignments only.
    org = Organization.objects.get(slug="so-xay-dung")
    client.login(username="agency.so-xay-dung", password=settings.DEMO_PASSWORD)
    listing = client.get("/admin/feedback/assignment/").content.decode()
    own = Assignment.objects.filter(agency=org).select_related("question").first()
    other = Assignment.objects.exclude(agency=org).select_related("question").first()
    assert own.question.tracking_code in listing
    assert other.question.tracking_code not in listing
    assert "Hồ sơ cấp phép xây dựng nhà ở riêng lẻ" in client.get("/hoi-dap/").content.decode()
