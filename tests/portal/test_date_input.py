"""Dates are typed day first in Vietnamese forms and the admin (24/11/2026), ISO still accepted."""

import datetime

import pytest
from django import forms
from django.urls import reverse
from django.utils import translation

from editorial.models import ConsultationDraft, WorkScheduleEntry
from tests.editorial.factories import board_user

pytestmark = pytest.mark.django_db


class DateForm(forms.Form):
    day = forms.DateField()
    moment = forms.DateTimeField()


@pytest.mark.parametrize(
    ("day", "moment"),
    [
        ("24/11/2026", "24/11/2026 08:30"),
        ("2026-11-24", "2026-11-24 08:30"),
        ("24-11-2026", "2026-11-24T08:30"),
    ],
)
def test_vietnamese_forms_accept_day_first_and_iso_dates(day, moment):
    with translation.override("vi"):
        form = DateForm({"day": day, "moment": moment})
        assert form.is_valid(), form.errors
    assert form.cleaned_data["day"] == datetime.date(2026, 11, 24)
    assert form.cleaned_data["moment"].replace(tzinfo=None) == datetime.datetime(2026, 11, 24, 8, 30)


def test_month_first_dates_are_not_taken_for_day_first():
    with translation.override("vi"):
        form = DateForm({"day": "11/24/2026", "moment": "11/24/2026 08:30"})
        assert not form.is_valid()
        assert set(form.errors) == {"day", "moment"}


def test_date_widgets_show_day_first_in_vietnamese():
    with translation.override("vi"):
        form = DateForm(initial={"day": datetime.date(2026, 11, 24)})
        assert 'value="24/11/2026"' in str(form["day"])


def test_admin_accepts_a_date_typed_24_11_2026(client, province):
    contributor = board_user(province, "contributor")
    client.force_login(contributor)
    data = {
        "portal": province.pk,
        "language": "vi",
        "date": "24/11/2026",
        "start_time": "14:00",
        "content": "Tiếp công dân định kỳ",
        "location": "Trụ sở Tiếp công dân tỉnh",
        "participants": "",
        "expected_version": "",
        "go_live_at_0": "20/11/2026",
        "go_live_at_1": "07:00",
        "expire_at_0": "",
        "expire_at_1": "",
    }
    response = client.post(reverse("admin:editorial_workscheduleentry_add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    entry = WorkScheduleEntry.objects.get()
    assert entry.date == datetime.date(2026, 11, 24)
    assert entry.go_live_at.astimezone().strftime("%d/%m/%Y") == "20/11/2026"
    page = client.get(reverse("admin:editorial_workscheduleentry_change", args=[entry.pk])).content.decode()
    assert 'value="24/11/2026"' in page


def test_admin_refuses_an_impossible_date_next_to_the_field_keeping_what_was_typed(client, province):
    client.force_login(board_user(province, "contributor"))
    data = {
        "portal": province.pk,
        "language": "vi",
        "title": "Dự thảo quy định về chợ",
        "slug": "",
        "summary": "",
        "body": "",
        "drafting_agency": "Sở Công Thương",
        "starts_on": "31/02/2026",
        "ends_on": "15/03/2026",
        "expected_version": "",
        "go_live_at_0": "",
        "go_live_at_1": "",
        "expire_at_0": "",
        "expire_at_1": "",
    }
    response = client.post(reverse("admin:editorial_consultationdraft_add"), data)
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert set(form.errors) == {"starts_on"}
    assert 'value="31/02/2026"' in response.content.decode() and not ConsultationDraft.objects.exists()
