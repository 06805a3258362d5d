"""The deadline sweep: reminders, overdue marking, escalations, the board's daily digest.

Run by Celery beat every 15 minutes (feedback.tasks.sweep) and by `manage.py check_deadlines`: the same `run()`.

Exactly once: for each kind, a batch of due assignments is locked with SELECT … FOR UPDATE SKIP LOCKED (two sweeps
take disjoint rows), Notification rows are inserted under a unique key (assignment, kind, due date) with
ON CONFLICT DO NOTHING, and only the rows this run inserted (found again by the run token) are queued for sending,
after the commit. A worker dying before the commit leaves nothing behind; one dying after leaves unsent rows that
the next sweep queues again. Assignment.notified_mask records, in the same transaction, which kinds were written for
the current due date, so candidate queries are single-table filters over the (status, current_due_date) index,
in batches with a keyset cursor (docs/decisions/0301).
"""

import uuid
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, F, OuterRef
from django.utils import timezone

from components.models import Portal

from . import deadlines, notifications
from .models import Assignment, Notification, Question

ACTIVE = deadlines.ACTIVE_STATUSES
BITS = {
    Notification.Kind.REMIND_2: 1,
    Notification.Kind.REMIND_1: 2,
    Notification.Kind.REMIND_DUE: 4,
    Notification.Kind.OVERDUE: 8,
}


@dataclass
class SweepResult:
    today: object = None
    marked_overdue: int = 0
    sent: dict = field(default_factory=dict)
    digests: int = 0
    requeued: int = 0

    def lines(self):
        labels = dict(Notification.Kind.choices)
        yield f"Sweep for {self.today:%Y-%m-%d} (Asia/Ho_Chi_Minh)"
        yield f"Marked overdue: {self.marked_overdue}"
        for kind in Notification.SWEEP_ASSIGNMENT_KINDS:
            yield f"{kind}: {self.sent.get(kind, 0)} queued — {labels[kind]}"
        yield f"digest: {self.digests} queued"
        yield f"re-queued unsent notifications: {self.requeued}"


def _emit(kind, candidates) -> int:
    """Insert one Notification per candidate assignment that has none for its current due date; queue those."""
    batch = settings.FEEDBACK_SWEEP_BATCH
    bit = BITS[kind]
    if kind == Notification.Kind.OVERDUE:
        pending = candidates.filter(notified_mask__lt=bit)  # the highest bit: served by the fb_a_escalate index
    else:
        pending = candidates.alias(done=F("notified_mask").bitand(bit)).filter(done=0)
    total = 0
    last_pk = 0  # keyset cursor: each batch starts after the previous one instead of rescanning
    for _round in range(settings.FEEDBACK_SWEEP_MAX_BATCHES):
        token = uuid.uuid4().hex
        with transaction.atomic():
            rows = list(
                pending.filter(pk__gt=last_pk)
                .select_for_update(skip_locked=True)
                .order_by("pk")
                .values_list("pk", "question_id", "current_due_date")[:batch]
            )
            if not rows:
                break
            last_pk = rows[-1][0]
            Notification.objects.bulk_create(
                [
                    Notification(kind=kind, day=due, assignment_id=pk, question_id=qid, run=token)
                    for pk, qid, due in rows
                ],
                ignore_conflicts=True,
            )
            Assignment.objects.filter(pk__in=[row[0] for row in rows]).update(
                notified_mask=F("notified_mask").bitor(bit), notified_for=F("current_due_date")
            )
            ids = list(Notification.objects.filter(run=token).values_list("pk", flat=True))
            if ids:
                transaction.on_commit(lambda ids=ids: notifications.send_later(ids))
            total += len(ids)
        if len(rows) < batch:
            break
    return total


def _digests(today) -> int:
    """One digest per portal per day, to boards that have questions in progress."""
    in_progress = Question.objects.filter(
        portal=OuterRef("pk"),
        status__in=(Question.Status.NEW, Question.Status.FORWARDED, Question.Status.RETURNED),
        is_spam=False,
    )
    sent = Notification.objects.filter(kind=Notification.Kind.DIGEST, day=today, portal=OuterRef("pk"))
    portal_ids = list(Portal.objects.filter(Exists(in_progress)).exclude(Exists(sent)).values_list("pk", flat=True))
    if not portal_ids:
        return 0
    token = uuid.uuid4().hex
    with transaction.atomic():
        Notification.objects.bulk_create(
            [Notification(kind=Notification.Kind.DIGEST, day=today, portal_id=pid, run=token) for pid in portal_ids],
            ignore_conflicts=True,
        )
        ids = list(Notification.objects.filter(run=token).values_list("pk", flat=True))
        if ids:
            transaction.on_commit(lambda: notifications.send_later(ids))
    return len(ids)


def _requeue() -> int:
    """Notifications written but never sent (worker killed, broker down): queue them again (as the
    feedback.requeue_unsent beat task does every minute)."""
    return notifications.requeue_unsent()


def run(*, now=None) -> SweepResult:
    now = now or timezone.now()
    today = timezone.localdate(now)
    result = SweepResult(today=today)
    # The rules (who is overdue, which reminder is due) are feedback.deadlines'; marking is one set-based UPDATE.
    result.marked_overdue = Assignment.objects.filter(deadlines.newly_overdue_q(today)).update(
        status=Assignment.Status.OVERDUE
    )
    windows = [
        *((kind, Assignment.objects.filter(deadlines.reminder_q(kind, today))) for kind in deadlines.REMINDER_KINDS),
        (Notification.Kind.OVERDUE, Assignment.objects.filter(deadlines.escalation_q())),
    ]
    for kind, candidates in windows:
        result.sent[kind] = _emit(kind, candidates)
    if timezone.localtime(now).hour >= settings.FEEDBACK_DIGEST_HOUR:
        result.digests = _digests(today)
    result.requeued = _requeue()
    return result
