"""Data for the deadline-sweep benchmark (bench/ harness: setup = "bench.data.feedback:generate_feedback").

100,000 questions spread over the portals of the organisations that answer feedback, 20,000 of them with an open
assignment whose due dates straddle today (some due in 1–2 working days, some today, many overdue), so the sweep
has reminders, overdue marking and escalations to do. Idempotent: the feedback tables are emptied first.
On PostgreSQL rows go through the harness's COPY writer when it is importable, otherwise bulk_create.
"""

import datetime as dt
import random

from django.db import connection, transaction
from django.utils import timezone

from components.models import Organization
from components.text import search_key
from feedback.calendar import add_working_days, local_today
from feedback.models import (
    TRACKING_ALPHABET,
    Assignment,
    Attachment,
    DataRequest,
    Event,
    Field,
    Notification,
    Question,
    Reply,
    deadline_days,
)

QUESTIONS = 100_000
OPEN_ASSIGNMENTS = 20_000
CLASSES = [("competent", 70), ("interagency", 20), ("special", 10)]


def _code(n: int) -> str:
    base = len(TRACKING_ALPHABET)
    chars = []
    for _ in range(10):
        n, r = divmod(n, base)
        chars.append(TRACKING_ALPHABET[r])
    return "".join(reversed(chars))


def _writer(now):
    try:
        from bench.generate import Writer
    except ImportError:
        return None
    return Writer(connection, now)


def _write(writer, model, rows, batch=5000):
    if writer is not None:
        return writer.write(model, rows)
    pending, count = [], 0
    for row in rows:
        pending.append(model(**row))
        if len(pending) >= batch:
            model.objects.bulk_create(pending)
            count += len(pending)
            pending = []
    if pending:
        model.objects.bulk_create(pending)
        count += len(pending)
    return count


def generate_feedback(*, scale=None, stdout=None, questions=QUESTIONS, open_assignments=OPEN_ASSIGNMENTS):
    rng = random.Random(2026)
    now = timezone.now()
    today = local_today()
    agencies = list(Organization.objects.filter(answers_feedback=True).values_list("pk", "portal_id"))
    if not agencies:
        raise RuntimeError("no organisation answers feedback: generate the portals first")
    with transaction.atomic():
        for model in (Notification, Reply, Event, Attachment, Assignment, DataRequest):
            model.objects.all().delete()
        Question.objects.all()._raw_delete(Question.objects.db)  # retention rules do not apply to bench data
        field, _ = Field.objects.get_or_create(slug="dat-dai", defaults={"name": "Đất đai"})
        writer = _writer(now)
        first_pk = 1
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM feedback_question")
                first_pk = cursor.fetchone()[0]

        def question_rows():
            for i in range(questions):
                agency_pk, portal_pk = agencies[i % len(agencies)]
                title = f"Câu hỏi số {i} về thủ tục đất đai"
                opened = i < open_assignments
                submitted = now - dt.timedelta(days=rng.randint(1, 60), minutes=i % 1440)
                yield {
                    "id": first_pk + i,
                    "portal_id": portal_pk,
                    "tracking_code": _code(i + 7_000_000),
                    "name": "Nguyễn Văn Bình",
                    "email": f"congdan{i}@example.vn",
                    "phone": f"09{i:08d}",
                    "address": "Ấp 3, xã Khánh Bình",
                    "field_id": field.pk,
                    "title": title,
                    "body": "Gia đình tôi muốn tách thửa đất thì cần những giấy tờ gì?",
                    "status": "forwarded" if opened else rng.choice(["new", "answered", "rejected"]),
                    "klass": "competent" if opened else "",
                    "consent_text": "Tôi đồng ý.",
                    "consent_at": submitted,
                    "submitted_at": submitted,
                    "search_text": search_key(title),
                }

        written = _write(writer, Question, question_rows())
        klasses = [k for k, weight in CLASSES for _ in range(weight)]

        def assignment_rows():
            for i in range(open_assignments):
                agency_pk, _portal = agencies[i % len(agencies)]
                klass = klasses[i % len(klasses)]
                # Forwarded between 25 calendar days ago and today: due dates from well past to ~3 weeks ahead.
                forwarded = today - dt.timedelta(days=i % 26)
                due = add_working_days(forwarded, deadline_days(klass))
                yield {
                    "id": i + 1,  # the COPY writer (bench/generate.py Writer) needs explicit keys
                    "question_id": first_pk + i,
                    "agency_id": agency_pk,
                    "klass": klass,
                    "forwarded_at": forwarded,
                    "due_date": due,
                    "current_due_date": due,
                    "status": "open",
                    "created_at": now,
                }

        assigned = _write(writer, Assignment, assignment_rows())
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                for table in ("feedback_question", "feedback_assignment"):
                    cursor.execute(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))"
                    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE feedback_question")
            cursor.execute("ANALYZE feedback_assignment")
    if stdout:
        stdout.write(f"feedback: {written} questions, {assigned} open assignments\n")
    return written, assigned
