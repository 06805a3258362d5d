"""Vietnamese input formats (docs/decisions/0105-vietnamese-date-input.md).

Django's own `vi` locale sets output formats only, so forms fell back to the global input formats
(ISO and the American m/d/Y) and refused 24/11/2026. Dates are typed day first in Vietnam; ISO stays accepted
(HTML date inputs, API clients, tests). The first format of each list is also the one widgets display, so the
admin shows and its calendar writes dd/mm/yyyy. Everything not set here comes from Django's `vi` module.
"""

DATE_INPUT_FORMATS = [
    "%d/%m/%Y",  # 24/11/2026
    "%d/%m/%y",  # 24/11/26
    "%d-%m-%Y",  # 24-11-2026
    "%d.%m.%Y",  # 24.11.2026
    "%Y-%m-%d",  # 2026-11-24 (ISO)
]
TIME_INPUT_FORMATS = [
    "%H:%M",  # 08:30
    "%H:%M:%S",  # 08:30:59
    "%H:%M:%S.%f",
    "%Hh%M",  # 8h30
]
DATETIME_INPUT_FORMATS = [
    "%d/%m/%Y %H:%M",  # 24/11/2026 08:30
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y",
    "%d-%m-%Y %H:%M",
    "%Y-%m-%d %H:%M:%S",  # ISO
    "%Y-%m-%d %H:%M:%S.%f",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d",
]
FIRST_DAY_OF_WEEK = 1  # Monday
