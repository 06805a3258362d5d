"""Writes made by citizens on the public site (keyword-only services, as in ARCHITECTURE.md habit 1)."""

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from components import roles
from components.events import content_changed_on_commit
from components.roles import roles_of
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


class NotModeratorOfPortal(PermissionDenied):
    """Moderating comments on a draft of a portal where the user holds no editorial board role."""

    message = _("Bạn chỉ được kiểm duyệt góp ý về dự thảo của cổng mà bạn thuộc Ban Biên tập.")


def moderation_portal_ids(user) -> set[int]:
    """Portals whose drafts' comments `user` may moderate: a board role there (contributors write for the board
    but do not sit on it, docs/decisions/0800); superusers everywhere."""
    if not user or not user.is_authenticated or not user.is_active:
        return set()
    return roles_of(user).portal_ids(roles.MODERATORS)


def consultation_comments_moderate(*, comments, user, status) -> int:
    """Approve (show) or reject (hide) citizens' comments. Every comment must be on a draft of the user's portals."""
    if status not in ConsultationComment.Status.values:
        raise ValueError(f"unknown moderation status {status!r}")
    allowed = moderation_portal_ids(user)
    with transaction.atomic():
        rows = list(
            ConsultationComment.objects.select_for_update(of=("self",))
            .filter(pk__in=[c.pk for c in comments])
            .select_related("draft")
        )
        if any(row.draft.portal_id not in allowed for row in rows):
            raise NotModeratorOfPortal(NotModeratorOfPortal.message)
        for row in rows:
            row.status = status
            row.save(update_fields=["status"])
        for portal_id in {row.draft.portal_id for row in rows}:  # the drafts' pages list the approved comments
            content_changed_on_commit(sender=ConsultationComment, portal_id=portal_id, action="comments")
    return len(rows)


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
