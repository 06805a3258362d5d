"""Deadlines on the real Vietnamese calendar: Tết, 30/4–1/5, 2/9, New Year, shifted Saturdays 2024–2026."""

import datetime as dt
from io import StringIO

import holidays
import pytest
from django.core.management import call_command

from feedback.calendar import add_working_days, is_working_day, working_days_between
from feedback.models import CalendarOverride

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.mark.parametrize(
    ("forwarded", "n", "due"),
    [
        # Tết Giáp Thìn 2024: off Thu 8/2 – Wed 14/2.
        (D(2024, 2, 7), 5, D(2024, 2, 21)),
        # Tết Ất Tỵ 2025: off Sat 25/1 – Sun 2/2.
        (D(2025, 1, 24), 5, D(2025, 2, 7)),
        # Tết Bính Ngọ 2026: off Sat 14/2 – Sun 22/2.
        (D(2026, 2, 13), 5, D(2026, 2, 27)),
        (D(2026, 2, 13), 15, D(2026, 3, 13)),
        # 30/4–1/5 2024: Mon 29/4 off, Saturday 4/5 worked (2450/VPCP-KGVX).
        (D(2024, 4, 25), 5, D(2024, 5, 6)),
        (D(2024, 5, 3), 1, D(2024, 5, 4)),
        # 30/4–1/5 2025: Saturday 26/4 worked, Fri 2/5 off (6150/TB-BLĐTBXH).
        (D(2025, 4, 25), 5, D(2025, 5, 6)),
        (D(2025, 4, 25), 1, D(2025, 4, 26)),
        # Hùng Kings 2026 falls on Sunday 26/4: Monday 27/4 off; then 30/4, 1/5.
        (D(2026, 4, 24), 5, D(2026, 5, 6)),
        # National Day 2024 (2–3/9), 2025 (1–2/9).
        (D(2024, 8, 30), 1, D(2024, 9, 4)),
        (D(2025, 8, 29), 2, D(2025, 9, 4)),
        # National Day 2026: Saturday 22/8 worked, Monday 31/8 off (9441/TB-BNV), 1–2/9 off.
        (D(2026, 8, 21), 5, D(2026, 8, 27)),
        (D(2026, 8, 27), 3, D(2026, 9, 4)),
        # New Year 2025 and 2026: Fri 2/1/2026 off, Saturday 10/1/2026 worked (12729/VPCP-KGVX).
        (D(2024, 12, 31), 1, D(2025, 1, 2)),
        (D(2025, 12, 31), 5, D(2026, 1, 9)),
        (D(2025, 12, 31), 10, D(2026, 1, 15)),
        (D(2026, 1, 9), 1, D(2026, 1, 10)),
        # An ordinary week: Friday + 5 = next Friday; the start day is never counted.
        (D(2026, 11, 6), 5, D(2026, 11, 13)),
        (D(2026, 11, 6), 0, D(2026, 11, 6)),
    ],
)
def test_due_dates_across_holidays_and_shifted_saturdays(forwarded, n, due):
    assert add_working_days(forwarded, n) == due


def test_library_knows_tet_and_fixed_holidays_for_2024_to_2026():
    vn = holidays.country_holidays("VN", years=[2024, 2025, 2026])
    for day in [D(2024, 2, d) for d in (8, 9, 12, 13, 14)] + [D(2025, 1, d) for d in (27, 28, 29, 30, 31)]:
        assert day in vn, day
    for day in [D(2026, 2, d) for d in (16, 17, 18, 19, 20)]:
        assert day in vn, day
    for year in (2024, 2025, 2026):
        for month, day in ((1, 1), (4, 30), (5, 1), (9, 2)):
            assert D(year, month, day) in vn
    # What the library misses and our override data adds: the 2026 New Year swap.
    assert D(2026, 1, 2) not in vn
    assert D(2026, 1, 10) not in vn.weekend_workdays


def test_shipped_overrides_carry_their_legal_reference():
    refs = dict(CalendarOverride.objects.values_list("date", "legal_reference"))
    assert refs[D(2024, 5, 4)] == "Công văn 2450/VPCP-KGVX"
    assert refs[D(2025, 4, 26)] == "Thông báo 6150/TB-BLĐTBXH"
    assert refs[D(2026, 1, 2)] == "Công văn 12729/VPCP-KGVX"
    assert refs[D(2026, 8, 22)] == "Thông báo 9441/TB-BNV"
    assert not is_working_day(D(2026, 1, 2))
    assert is_working_day(D(2026, 1, 10))
    assert not is_working_day(D(2024, 4, 29))
    assert is_working_day(D(2024, 5, 4))


def test_an_override_entered_in_the_admin_wins_over_library_and_weekend():
    assert add_working_days(D(2026, 2, 13), 5) == D(2026, 2, 27)
    CalendarOverride.objects.create(date=D(2026, 2, 27), is_working_day=False, reason="Nghỉ đột xuất")
    assert add_working_days(D(2026, 2, 13), 5) == D(2026, 3, 2)
    CalendarOverride.objects.create(date=D(2026, 2, 28), is_working_day=True, reason="Làm bù")
    assert add_working_days(D(2026, 2, 13), 5) == D(2026, 2, 28)
    CalendarOverride.objects.filter(date=D(2026, 2, 28)).delete()
    assert add_working_days(D(2026, 2, 13), 5) == D(2026, 3, 2)


def test_working_days_between_counts_like_the_deadline():
    assert working_days_between(D(2025, 12, 31), D(2026, 1, 9)) == 5
    assert working_days_between(D(2026, 1, 9), D(2026, 1, 9)) == 0


def test_due_date_command_prints_one_iso_line():
    out = StringIO()
    call_command("due_date", "2026-02-13", "5", stdout=out)
    assert out.getvalue() == "2026-02-27\n"
    out = StringIO()
    call_command("due_date", "2025-12-31", "10", stdout=out)
    assert out.getvalue() == "2026-01-15\n"


def test_the_year_overview_shows_library_holidays_and_overrides_with_their_reference(client):
    from feedback.calendar import year_overview
    from tests.factories import UserFactory

    rows = {row["date"]: row for row in year_overview(2026)}
    assert rows[D(2026, 2, 17)]["label"] == "Tết Nguyên Đán" and rows[D(2026, 2, 17)]["source"] == "holidays"
    assert rows[D(2026, 1, 2)]["reference"] == "Công văn 12729/VPCP-KGVX" and not rows[D(2026, 1, 2)]["working"]
    assert rows[D(2026, 1, 10)]["working"] and rows[D(2026, 1, 10)]["source"] == "override"
    assert D(2026, 4, 26) not in rows  # a holiday on a Sunday changes nothing
    client.force_login(UserFactory(username="root", is_superuser=True))
    html = client.get("/admin/feedback/calendaroverride/year/2026/").content.decode()
    assert "Công văn 12729/VPCP-KGVX" in html and "Tết Nguyên Đán" in html
    assert client.get("/admin/feedback/calendaroverride/").status_code == 200
