"""The Vietnamese working-day calendar used for every feedback deadline.

Sources, weakest first: Saturdays and Sundays are days off; the `holidays` package (country VN) adds the
public holidays, lunar Tết included, and knows some of the government's yearly swaps (its `weekend_workdays`);
the admin-editable `CalendarOverride` table wins over both, because the government decides swaps every year
and the library misses some of them (e.g. 2/1/2026 off, Saturday 10/1/2026 worked).

Each year's set of non-working days is computed once per process and cached; saving or deleting an override
bumps a version number in the shared cache, so every process rebuilds on its next call.
"""

import datetime as dt
from functools import lru_cache

import holidays
from django.core.cache import cache
from django.utils import timezone

VERSION_KEY = "feedback:calendar:version"
WEEKEND = (5, 6)  # Saturday, Sunday


def local_today() -> dt.date:
    """Today in Asia/Ho_Chi_Minh (TIME_ZONE), whatever the server's clock zone."""
    return timezone.localdate()


def _version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        version = 1
        cache.add(VERSION_KEY, version, timeout=None)
    return version


def invalidate() -> None:
    """Called when an override changes: every process drops its cached years."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, timeout=None)
    _days_off.cache_clear()


@lru_cache(maxsize=64)
def _days_off(year: int, version: int) -> frozenset[dt.date]:
    from .models import CalendarOverride

    library = holidays.country_holidays("VN", years=year)
    off = set(library.keys())
    worked_weekends = {d for d in getattr(library, "weekend_workdays", set()) if d.year == year}
    day = dt.date(year, 1, 1)
    while day.year == year:
        if day.weekday() in WEEKEND and day not in worked_weekends:
            off.add(day)
        day += dt.timedelta(days=1)
    for date, is_working in CalendarOverride.objects.filter(date__year=year).values_list("date", "is_working_day"):
        if is_working:
            off.discard(date)
        else:
            off.add(date)
    return frozenset(off)


def days_off(year: int) -> frozenset[dt.date]:
    """Every non-working day of `year` (weekends, holidays, overrides applied)."""
    return _days_off(year, _version())


def is_working_day(day: dt.date) -> bool:
    return day not in days_off(day.year)


def add_working_days(start: dt.date, n: int) -> dt.date:
    """The n-th working day after `start` (the start day itself is not counted, Civil Code Art. 147)."""
    if n < 0:
        raise ValueError("n must be zero or positive")
    day = start
    counted = 0
    year, off = None, frozenset()
    while counted < n:
        day += dt.timedelta(days=1)
        if day.year != year:
            year, off = day.year, days_off(day.year)
        if day not in off:
            counted += 1
    return day


def working_days_between(start: dt.date, end: dt.date) -> int:
    """How many working days after `start` up to and including `end` (0 when end <= start)."""
    count = 0
    day = start
    year, off = None, frozenset()
    while day < end:
        day += dt.timedelta(days=1)
        if day.year != year:
            year, off = day.year, days_off(day.year)
        if day not in off:
            count += 1
    return count


def year_overview(year: int) -> list[dict]:
    """Every exception to the Monday–Friday rule in `year`, with where it comes from, for the admin's review:
    holidays and swaps from the library, then the override table (which wins)."""
    from .models import CalendarOverride

    library = holidays.country_holidays("VN", years=year, language="vi")
    rows = {}
    for day, name in library.items():
        rows[day] = {"date": day, "working": False, "source": "holidays", "label": name, "reference": ""}
    for day in getattr(library, "weekend_workdays", set()):
        if day.year == year:
            rows[day] = {"date": day, "working": True, "source": "holidays", "label": "Làm bù", "reference": ""}
    for override in CalendarOverride.objects.filter(date__year=year):
        rows[override.date] = {
            "date": override.date,
            "working": override.is_working_day,
            "source": "override",
            "label": override.reason,
            "reference": override.legal_reference,
        }
    result = []
    for day in sorted(rows):
        row = rows[day]
        if row["working"] == (day.weekday() not in WEEKEND):
            continue  # no exception: a working weekday or a weekend day off
        result.append(row)
    return result
