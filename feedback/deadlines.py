"""Reply deadlines of forwarded questions, defined once: due dates, reminder windows, "overdue".

- The due date is the N-th working day after the day the question was forwarded (that day not counted), N by the
  question's class (CONTRACTS.md "Feedback classes"); an interim reply moves the current due date.
- An open assignment is **overdue** from the day after its current due date. This is a fact about dates: the
  digest, the statistics and the admin filter read it from `current_due_date`, so they agree whether or not the
  sweep has run today. The sweep also *marks* such assignments `status=overdue` (`newly_overdue`), which drives
  the one escalation e-mail (docs/decisions/0801-deadlines-defined-once.md).
- Reminders go out two working days before, one working day before, and on the due date.

Every rule is a `Q` over `Assignment` (with an optional relation prefix, so a `Question` list can use it), and
`AssignmentQuerySet.overdue()` / `.due_within()` / `.due_on()` are built from them.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q

from .calendar import add_working_days, local_today
from .models import Assignment, Notification, deadline_days

#: Assignments still waiting for an answer (overdue ones included).
OPEN_STATUSES = Assignment.OPEN_STATUSES
#: Open and not yet marked overdue: the ones reminders are for.
ACTIVE_STATUSES = (Assignment.Status.OPEN, Assignment.Status.INTERIM)
#: Working days before the current due date at which each reminder is sent.
REMINDER_WORKING_DAYS_BEFORE: dict[str, int] = {
    Notification.Kind.REMIND_2: 2,
    Notification.Kind.REMIND_1: 1,
    Notification.Kind.REMIND_DUE: 0,
}
#: In the order the sweep writes them.
REMINDER_KINDS = tuple(REMINDER_WORKING_DAYS_BEFORE)
#: The board's digest lists answers due within this many working days.
DIGEST_DUE_SOON_WORKING_DAYS = 2


def due_date(forwarded_on: dt.date, klass: str) -> dt.date:
    """The reply deadline of a question of class `klass` forwarded on `forwarded_on`."""
    return add_working_days(forwarded_on, deadline_days(klass))


def _p(prefix: str, lookup: str) -> str:
    return f"{prefix}{lookup}"


def open_q(prefix: str = "") -> Q:
    return Q(**{_p(prefix, "status__in"): OPEN_STATUSES})


def overdue_q(today: dt.date, prefix: str = "") -> Q:
    """Open, and the current due date is before `today`."""
    return open_q(prefix) & Q(**{_p(prefix, "current_due_date__lt"): today})  # the same rule as is_past


def due_on_q(day: dt.date, prefix: str = "") -> Q:
    """Open, and due on `day`."""
    return open_q(prefix) & Q(**{_p(prefix, "current_due_date"): day})


def due_within_q(n: int, today: dt.date, prefix: str = "") -> Q:
    """Open, due today or within the next `n` working days (not yet overdue)."""
    until = add_working_days(today, n)
    window = {_p(prefix, "current_due_date__gte"): today, _p(prefix, "current_due_date__lte"): until}
    return open_q(prefix) & Q(**window)


def is_past(current_due_date: dt.date, today: dt.date) -> bool:
    """An open assignment with this current due date is overdue on `today`."""
    return current_due_date < today


def is_overdue(assignment: Assignment, today: dt.date | None = None) -> bool:
    today = today or local_today()
    return assignment.status in OPEN_STATUSES and is_past(assignment.current_due_date, today)


def newly_overdue_q(today: dt.date) -> Q:
    """Overdue by date but not marked yet: what the sweep marks `status=overdue` (one set-based UPDATE)."""
    return Q(status__in=ACTIVE_STATUSES, current_due_date__lt=today)


def reminder_q(kind: str, today: dt.date) -> Q:
    """Active assignments whose reminder `kind` is due today: the due date falls `n` working days ahead
    (after the previous reminder's day, so a weekend never skips one)."""
    n = REMINDER_WORKING_DAYS_BEFORE[kind]
    active = Q(status__in=ACTIVE_STATUSES)
    if n == 0:
        return active & Q(current_due_date=today)
    after = add_working_days(today, n - 1) if n > 1 else today
    return active & Q(current_due_date__gt=after, current_due_date__lte=add_working_days(today, n))


def escalation_q() -> Q:
    """Assignments marked overdue: each gets one escalation for its current due date (partial index fb_a_escalate)."""
    return Q(status=Assignment.Status.OVERDUE)
