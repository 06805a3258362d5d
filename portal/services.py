"""Writes made by citizens on the public site (keyword-only services, as in ARCHITECTURE.md habit 1)."""

from django.db import IntegrityError, transaction

from editorial.models import ConsultationComment

from .models import SatisfactionRating


class ConsultationClosed(PermissionError):
    """A comment sent outside the draft's consultation window."""


def consultation_comment_submit(*, draft, name, email, body, organization="", today=None):
    """Store a citizen's comment on a draft, pending moderation. Refused outside the window."""
    if not draft.is_live or not draft.is_open(today):
        raise ConsultationClosed("The consultation window of this draft is closed.")
    with transaction.atomic():
        return ConsultationComment.objects.create(
            draft=draft, name=name, email=email, organization=organization, body=body
        )


def rating_record(*, portal, path, score, visitor_hash) -> bool:
    """Keep the first vote of a visitor on a page; True when this vote was stored."""
    if not 1 <= score <= 5:
        raise ValueError("score must be between 1 and 5")
    try:
        with transaction.atomic():
            SatisfactionRating.objects.create(portal=portal, path=path, score=score, visitor_hash=visitor_hash)
    except IntegrityError:
        return False
    return True
