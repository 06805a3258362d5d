"""Government decisions on days off and worked Saturdays for 2024–2026 (Vietnam), as override rows.

The `holidays` package already knows most of them; they are recorded anyway so the admin shows the legal
reference for every swap, and the calendar stays right if a library release changes. 2/1/2026 off and
Saturday 10/1/2026 worked are missing from holidays 0.109.
"""

import datetime as dt

from django.db import migrations

OVERRIDES = [
    # (date, is working day, reason, legal reference)
    (dt.date(2024, 4, 29), False, "Nghỉ bù, hoán đổi với thứ Bảy 04/5/2024 (dịp 30/4–1/5)", "Công văn 2450/VPCP-KGVX"),
    (dt.date(2024, 5, 4), True, "Thứ Bảy làm bù cho ngày 29/4/2024", "Công văn 2450/VPCP-KGVX"),
    (dt.date(2025, 5, 2), False, "Nghỉ bù, hoán đổi với thứ Bảy 26/4/2025 (dịp 30/4–1/5)", "Thông báo 6150/TB-BLĐTBXH"),
    (dt.date(2025, 4, 26), True, "Thứ Bảy làm bù cho ngày 02/5/2025", "Thông báo 6150/TB-BLĐTBXH"),
    (dt.date(2026, 1, 2), False, "Nghỉ Tết Dương lịch, hoán đổi với thứ Bảy 10/01/2026", "Công văn 12729/VPCP-KGVX"),
    (dt.date(2026, 1, 10), True, "Thứ Bảy làm bù cho ngày 02/01/2026", "Công văn 12729/VPCP-KGVX"),
    (dt.date(2026, 8, 31), False, "Nghỉ Quốc khánh, hoán đổi với thứ Bảy 22/8/2026", "Thông báo 9441/TB-BNV"),
    (dt.date(2026, 8, 22), True, "Thứ Bảy làm bù cho ngày 31/8/2026", "Thông báo 9441/TB-BNV"),
]


def add(apps, schema_editor):
    CalendarOverride = apps.get_model("feedback", "CalendarOverride")
    for date, working, reason, reference in OVERRIDES:
        CalendarOverride.objects.update_or_create(
            date=date, defaults={"is_working_day": working, "reason": reason, "legal_reference": reference}
        )


def remove(apps, schema_editor):
    CalendarOverride = apps.get_model("feedback", "CalendarOverride")
    CalendarOverride.objects.filter(date__in=[row[0] for row in OVERRIDES]).delete()


class Migration(migrations.Migration):
    dependencies = [("feedback", "0001_initial")]

    operations = [migrations.RunPython(add, remove)]
