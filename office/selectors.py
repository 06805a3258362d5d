"""Reads of the board's office: the royalty table in force, payment totals, due and overdue items, staleness."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, cast

from django.db.models import Count, DateTimeField, F, Max, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce, Greatest

from editorial.models import Article, LegalDocument, State

from .models import PaymentList, RoyaltyLine, RoyaltyScale, TrackedItem, TrackedItemQuerySet


def scale_in_force(portal: Any, day: dt.date) -> RoyaltyScale | None:
    """The portal's own scale valid on `day`, else the province-wide default valid on `day`."""
    rows = RoyaltyScale.objects.filter(Q(portal=portal) | Q(portal__isnull=True), valid_from__lte=day)
    # The portal's own first, then the latest valid_from.
    return rows.order_by(F("portal_id").asc(nulls_last=True), "-valid_from", "-id").first()


def payment_list_lines(payment_list: PaymentList) -> QuerySet[RoyaltyLine]:
    return payment_list.lines.select_related("payee", "kind").order_by("payee__full_name", "payee_id", "id")


def payment_list_totals(payment_list: PaymentList) -> list[dict[str, Any]]:
    """One row per payee of the list: name, unit, identity, bank account, number of items and total (one query)."""
    rows = (
        payment_list.lines.values(
            "payee_id",
            "payee__full_name",
            "payee__unit",
            "payee__id_number",
            "payee__bank_account",
            "payee__bank_name",
        )
        .annotate(items=Count("id"), total=Sum("amount"))
        .order_by("payee__full_name", "payee_id")
    )
    return cast(list[dict[str, Any]], list(rows))


def payment_list_total(payment_list: PaymentList) -> Decimal:
    return payment_list.lines.aggregate(total=Sum("amount"))["total"] or Decimal("0")


def _last_published(model: type[Article] | type[LegalDocument]) -> Subquery:
    return Subquery(
        model.objects.filter(portal_id=OuterRef("portal_id"), state=State.PUBLISHED)
        .order_by()
        .values("portal_id")
        .annotate(last=Max("published_at"))
        .values("last")[:1],
        output_field=DateTimeField(),
    )


def with_last_publication(queryset: QuerySet[Any]) -> QuerySet[Any]:
    """Annotate each row (anything with a `portal_id`) with `last_published_at`: the portal's latest article or
    legal document publication (two correlated subqueries in the same SQL statement)."""
    epoch = Value(dt.datetime(1970, 1, 1, tzinfo=dt.UTC), output_field=DateTimeField())
    return queryset.annotate(
        last_published_at=Greatest(
            Coalesce(_last_published(Article), epoch), Coalesce(_last_published(LegalDocument), epoch)
        )
    )


def tracked_items(portal_ids: set[int] | None = None) -> TrackedItemQuerySet:
    rows = TrackedItem.objects.select_related("portal", "kind")
    if portal_ids is not None:
        rows = rows.filter(portal_id__in=portal_ids)
    return rows


def overdue_items(today: dt.date, portal_ids: set[int] | None = None) -> TrackedItemQuerySet:
    return tracked_items(portal_ids).overdue(today)
