"""Export closed questions, their assignments, replies and history to JSON Lines for the archives
(Quyết định 336/QĐ-UBND Điều 16: records are archived under the state's archiving rules).

The export is a file per run under FEEDBACK_ARCHIVE_ROOT, one question per line, written before the rows are
marked `archived_at` (so a crash leaves at worst a file whose rows are exported again next time). Archiving does
not delete: deletion stays a separate decision, allowed once the retention period has passed.
"""

import datetime as dt
import json
from pathlib import Path

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from .models import Question

BATCH = 500


def _record(q):
    return {
        "tracking_code": q.tracking_code,
        "portal": q.portal.slug,
        "submitted_at": q.submitted_at,
        "closed_at": q.closed_at,
        "status": q.status,
        "class": q.klass,
        "field": q.field.name if q.field else "",
        "citizen": {"name": q.name, "email": q.email, "phone": q.phone, "address": q.address, "language": q.language},
        "consent": {"text": q.consent_text, "at": q.consent_at, "ip": q.consent_ip},
        "title": q.title,
        "body": q.body,
        "reject_reason": q.reject_reason,
        "answer": q.answer_text,
        "answered_by": q.answered_by.name if q.answered_by else "",
        "published": {
            "at": q.published_at,
            "title": q.published_title,
            "body": q.published_body,
            "answer": q.published_answer,
        }
        if q.is_published
        else None,
        "attachments": [a.original_name for a in q.attachments.all()],
        "assignments": [
            {
                "agency": a.agency.name,
                "class": a.klass,
                "forwarded_at": a.forwarded_at,
                "due_date": a.due_date,
                "current_due_date": a.current_due_date,
                "status": a.status,
                "answered_at": a.answered_at,
                "answered_on_time": a.answered_on_time,
                "replies": [
                    {"kind": r.kind, "text": r.text, "new_due_date": r.new_due_date, "at": r.created_at}
                    for r in a.replies.all()
                ],
            }
            for a in q.assignments.all()
        ],
        "history": [{"at": e.created_at, "action": e.action, "note": e.note} for e in q.events.all()],
    }


def archive_closed(*, before: dt.datetime | None = None, root: str | None = None) -> tuple[int, Path | None]:
    """Export every closed, not yet archived question closed before `before`; returns (count, file)."""
    before = before or timezone.now() - dt.timedelta(days=settings.FEEDBACK_ARCHIVE_AFTER_DAYS)
    pending = (
        Question.objects.filter(closed_at__lt=before, archived_at__isnull=True, is_spam=False)
        .select_related("portal", "field", "answered_by")
        .prefetch_related("attachments", "assignments__agency", "assignments__replies", "events")
        .order_by("pk")
    )
    if not pending.exists():
        return 0, None
    folder = Path(root or settings.FEEDBACK_ARCHIVE_ROOT)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"feedback-{timezone.localtime():%Y%m%d-%H%M%S}.jsonl"
    count, last_pk = 0, 0
    with path.open("w", encoding="utf-8") as out:
        while True:
            batch = list(pending.filter(pk__gt=last_pk)[:BATCH])
            if not batch:
                break
            for q in batch:
                out.write(json.dumps(_record(q), cls=DjangoJSONEncoder, ensure_ascii=False) + "\n")
            out.flush()
            with transaction.atomic():
                Question.objects.filter(pk__in=[q.pk for q in batch]).update(archived_at=timezone.now())
            count += len(batch)
            last_pk = batch[-1].pk
    return count, path
