"""Reads: public Q&A lists, tracking-code lookup, the board's digest, statistics. No N+1, indexed filters."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db.models import Avg, Count, Q, QuerySet
from django.db.models.functions import TruncMonth

from components.models import Organization, Portal
from components.text import search_key

from . import deadlines
from .models import Assignment, DataRequest, Field, Question


def public_questions(portal: Portal, *, q: str = "", field_slug: str = "", agency_slug: str = "") -> QuerySet[Question]:
    qs = Question.objects.public_list().for_portal(portal)
    if q:
        for word in search_key(q).split()[:8]:
            qs = qs.filter(search_text__contains=word)
    if field_slug:
        qs = qs.filter(field__slug=field_slug)
    if agency_slug:
        qs = qs.filter(answered_by__slug=agency_slug)
    return qs.only(
        "pk",
        "tracking_code",
        "name",
        "show_name",
        "anonymised_at",
        "published_title",
        "published_body",
        "published_at",
        "submitted_at",
        "field__name",
        "field__slug",
        "answered_by__name",
        "answered_by__slug",
    )


def public_filters(portal: Portal) -> tuple[list[Field], list[Organization]]:
    """Fields and agencies that have published questions on this portal (two queries)."""
    published = Question.objects.published().for_portal(portal)
    fields = Field.objects.filter(pk__in=published.values("field_id")).order_by("sort_order", "name")
    agencies = Organization.objects.filter(pk__in=published.values("answered_by_id")).order_by("name")
    return list(fields), list(agencies)


def published_question(portal: Portal, pk: int) -> Question | None:
    return Question.objects.public_list().for_portal(portal).filter(pk=pk).first()


def lookup(code: str) -> Question | None:
    code = (code or "").strip().upper()
    if not code:
        return None
    return Question.objects.select_related("field", "answered_by", "portal").filter(tracking_code=code).first()


def digest_for(portal: Portal, day: dt.date) -> dict[str, Any]:
    """What the board of `portal` should see this morning: new questions, due soon, overdue, sent back."""
    open_here = Assignment.objects.open().filter(question__portal=portal).select_related("question", "agency")
    overdue = open_here.overdue(day)
    return {
        "new_count": Question.objects.filter(portal=portal, status=Question.Status.NEW, is_spam=False).count(),
        "returned": list(
            Question.objects.filter(portal=portal, status=Question.Status.RETURNED).order_by("submitted_at")[:50]
        ),
        "due_soon": list(open_here.due_within(deadlines.DIGEST_DUE_SOON_WORKING_DAYS, day)[:100]),
        "overdue": list(overdue[:100]),
        "overdue_count": overdue.count(),
        "data_requests": list(DataRequest.objects.filter(status=DataRequest.Status.PENDING)[:20]),
        "day": day,
    }


def statistics(
    *, portal_ids: Iterable[int] | None = None, agency_ids: Iterable[int] | None = None, today: dt.date
) -> dict[str, Any]:
    """Received, answered on time, late, overdue, average working days to answer; by agency, class and month."""
    questions = Question.objects.filter(is_spam=False)
    assignments = Assignment.objects.exclude(status=Assignment.Status.RETURNED)
    if portal_ids is not None:
        questions = questions.filter(portal_id__in=portal_ids)
        assignments = assignments.filter(question__portal_id__in=portal_ids)
    if agency_ids is not None:
        assignments = assignments.filter(agency_id__in=agency_ids)
        questions = questions.filter(pk__in=Assignment.objects.filter(agency_id__in=agency_ids).values("question_id"))

    measures = {
        "total": Count("pk"),
        "on_time": Count("pk", filter=Q(answered_on_time=True)),
        "late": Count("pk", filter=Q(answered_on_time=False)),
        "overdue": Count("pk", filter=deadlines.overdue_q(today)),
        "open": Count("pk", filter=deadlines.open_q()),
        "avg_days": Avg("working_days_taken"),
    }
    return {
        "received": questions.count(),
        "by_status": list(questions.values("status").annotate(n=Count("pk")).order_by("status")),
        "totals": assignments.aggregate(**measures),
        "by_agency": list(assignments.values("agency__name").annotate(**measures).order_by("agency__name")),
        "by_klass": list(assignments.values("klass").annotate(**measures).order_by("klass")),
        "by_month": list(
            assignments.annotate(month=TruncMonth("forwarded_at"))
            .values("month")
            .annotate(**measures)
            .order_by("month")
        ),
        "received_by_month": list(
            questions.annotate(month=TruncMonth("submitted_at"))
            .values("month")
            .annotate(n=Count("pk"))
            .order_by("month")
        ),
    }


def latest_published(portal: Portal, limit: int = 5) -> list[Question]:
    """The newest published questions of a portal, for the home page's Q&A box (one query)."""
    return list(
        Question.objects.public_list()
        .for_portal(portal)
        .only("pk", "published_title", "published_at", "field__name", "answered_by__name")[:limit]
    )
