"""Query parameters: cleaned once for every request, declared by every public page (docs/decisions/0740, 0741).

- `CleanQueryMiddleware` (right after SecurityMiddleware and WhiteNoise, before the page cache) removes NUL
  characters from every GET name and value (PostgreSQL refuses them in a string: any filter, the admin's
  changelist search) and cuts every value to QUERY_VALUE_MAX_LENGTH characters, for the public site and the admin
  alike. Requests without NUL and shorter than the cap (nearly all) cost one look at the raw query string.
- `reads_params("trang", ...)` declares the parameters a page reads. The view (and its templates) then see only
  those in `request.GET`, so its response cannot depend on any other; the page cache keys on them alone.
- `date_param` / `year_param` read a date or year inside the range the portal shows (else None: ignored).
"""

import datetime
import functools
import re

from django.conf import settings
from django.http import QueryDict

# Dates a page can be asked about: outside this range a date filter is ignored (week arithmetic near
# date.min/date.max overflows, and no portal content is dated there).
MIN_DATE = datetime.date(1900, 1, 1)
MAX_DATE = datetime.date(2999, 12, 31)
_YEAR = re.compile(r"[0-9]{4}")  # ASCII digits only: str.isdigit() accepts "²⁰²⁶", which int() refuses


def _max_length():
    return getattr(settings, "QUERY_VALUE_MAX_LENGTH", 1000)


def clean(value, limit):
    return value.replace("\x00", "")[:limit]


def cleaned_query(query_dict, limit):
    """A copy of `query_dict` with NUL removed from names and values and every value cut to `limit`."""
    result = QueryDict(mutable=True)
    for key, values in query_dict.lists():
        result.setlist(clean(key, limit), [clean(value, limit) for value in values])
    result._mutable = False
    return result


class CleanQueryMiddleware:
    """Every view, the page cache and the admin see a GET without NUL and without over-long values."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        raw = request.META.get("QUERY_STRING", "")
        limit = _max_length()
        # A value can only be too long if the whole query is; NUL arrives percent-encoded (or raw).
        if raw and (len(raw) > limit or "%00" in raw or "\x00" in raw):
            request.GET = cleaned_query(request.GET, limit)
        return self.get_response(request)


def reads_params(*names):
    """Declare the GET parameters a view reads; it sees only those (docs/decisions/0741)."""
    allowed = frozenset(names)

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if any(key not in allowed for key in request.GET):
                kept = QueryDict(mutable=True)
                for key in names:
                    if key in request.GET:
                        kept.setlist(key, request.GET.getlist(key))
                kept._mutable = False
                request.GET = kept
            return view(request, *args, **kwargs)

        wrapper.query_params = allowed
        return wrapper

    return decorator


def date_param(request, name):
    """The ISO date in GET[name] when it is a real date within MIN_DATE..MAX_DATE, else None."""
    try:
        day = datetime.date.fromisoformat(request.GET.get(name, ""))
    except ValueError:
        return None
    return day if MIN_DATE <= day <= MAX_DATE else None


def year_param(request, name):
    """The four-digit year in GET[name] within MIN_DATE..MAX_DATE, else None."""
    value = request.GET.get(name, "")
    if not _YEAR.fullmatch(value):
        return None
    year = int(value)
    return year if MIN_DATE.year <= year <= MAX_DATE.year else None
