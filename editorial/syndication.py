"""Syndication: a component portal's published article proposed to the province (docs/decisions/0414).

The component's board (secretary, deputy, chief) proposes; the province's chief or deputy approves it into
the provincial category "Tin từ các đơn vị" or refuses with a reason. Approved, the province's category page
links to the original article on the component portal.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from components import roles
from components.events import content_changed_on_commit
from components.models import Portal
from components.permissions import has_role
from components.selectors import url_in_portal

from .exceptions import EditorialPermissionDenied
from .models import AuditEvent, Category, State, Syndication
from .services import audit

TARGET_SLUG = "tin-tu-cac-don-vi"
PROPOSER_ROLES = tuple(roles.SYNDICATION_PROPOSERS)
DECIDER_ROLES = tuple(roles.SYNDICATION_DECIDERS)


class SyndicationPermissionDenied(EditorialPermissionDenied):
    message = _("Bạn không có quyền đề xuất hoặc duyệt tin đăng lên cổng tỉnh.")


def province_category():
    province = Portal.objects.filter(parent=None).first()
    category = Category.objects.filter(portal=province, slug=TARGET_SLUG).first() if province else None
    if category is None:
        raise ValidationError(_("Cổng tỉnh chưa có chuyên mục “Tin từ các đơn vị”."))
    return category


def syndication_propose(*, article, user, note=""):
    if not has_role(user, article.portal, *PROPOSER_ROLES):
        raise SyndicationPermissionDenied(_("Chỉ Thư ký, Phó Trưởng ban, Trưởng ban của cổng đơn vị được đề xuất."))
    if article.portal.parent_id is None:
        raise ValidationError(_("Tin của cổng tỉnh không cần đề xuất lên cổng tỉnh."))
    if article.state != State.PUBLISHED:
        raise ValidationError(_("Chỉ đề xuất được tin, bài đã xuất bản."))
    category = province_category()
    with transaction.atomic():
        syndication, created = Syndication.objects.get_or_create(
            article=article, target_category=category, defaults={"proposed_by": user, "note": note}
        )
        if not created:
            if syndication.status != Syndication.Status.REFUSED:
                raise ValidationError(_("Tin này đã được đề xuất lên cổng tỉnh."))
            syndication.status = Syndication.Status.PROPOSED
            syndication.proposed_by, syndication.proposed_at, syndication.note = user, timezone.now(), note
            syndication.decided_by, syndication.decided_at, syndication.reason = None, None, ""
            syndication.save()
        audit(obj=article, user=user, action=AuditEvent.Action.SYNDICATE, comment=note)
        audit(obj=article, user=user, action=AuditEvent.Action.SYNDICATE, comment=note, portal=category.portal)
    return syndication


def _decide(syndication, user, status, reason=""):
    province = syndication.target_category.portal
    if not has_role(user, province, *DECIDER_ROLES):
        raise SyndicationPermissionDenied(_("Chỉ Trưởng ban, Phó Trưởng ban Ban Biên tập cổng tỉnh được duyệt."))
    with transaction.atomic():
        locked = Syndication.objects.select_for_update().get(pk=syndication.pk)
        if locked.status != Syndication.Status.PROPOSED:
            raise ValidationError(_("Đề xuất này đã được quyết định."))
        locked.status, locked.reason = status, reason
        locked.decided_by, locked.decided_at = user, timezone.now()
        locked.save()
        action = (
            AuditEvent.Action.SYNDICATE_APPROVE
            if status == Syndication.Status.APPROVED
            else AuditEvent.Action.SYNDICATE_REFUSE
        )
        audit(obj=locked.article, user=user, action=action, comment=reason, portal=province)
        # The province's pages list syndicated articles: the public site drops them after commit.
        content_changed_on_commit(sender=Syndication, instance=locked, portal_id=province.pk, action="syndicated")
    return locked


def syndication_approve(*, syndication, user):
    return _decide(syndication, user, Syndication.Status.APPROVED)


def syndication_refuse(*, syndication, user, reason):
    if not reason.strip():
        raise ValidationError(_("Cần ghi lý do không duyệt."))
    return _decide(syndication, user, Syndication.Status.REFUSED, reason)


def syndicated_for(category, limit=20):
    """Approved, still published articles of component portals in `category`, each with its original's URL."""
    rows = list(
        Syndication.objects.filter(
            target_category=category, status=Syndication.Status.APPROVED, article__state=State.PUBLISHED
        )
        .select_related("article__portal", "article__category")
        .order_by("-decided_at")[:limit]
    )
    for row in rows:
        article = row.article
        row.url = url_in_portal(article.portal, article.get_absolute_url)
    return rows
