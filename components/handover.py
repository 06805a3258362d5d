"""'Hand over and close' for staff who leave or move: duties go to a named colleague, the account is closed.

Apps register movers for their own objects (editorial: drafts and review tasks; feedback: assignments):

    from components import handover
    handover.register(move_my_drafts)      # callable(user, successor) -> number of objects moved

The components mover (board roles and focal-officer duties) is registered here.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .audit import security_log
from .models import AccountProfile, FocalOfficer, Membership, SecurityEvent
from .permissions import PortalPermissionDenied, has_role

_movers = []


class HandoverPermissionDenied(PortalPermissionDenied):
    """The acting user is not an administrator of every portal where the leaver holds a role."""


def register(mover):
    """Register `mover(user, successor) -> int`; returns it, so it can be used as a decorator."""
    if mover not in _movers:
        _movers.append(mover)
    return mover


def movers():
    return list(_movers)


def _label(mover):
    return getattr(mover, "handover_label", None) or f"{mover.__module__}.{mover.__qualname__}"


@register
def move_memberships(user, successor):
    moved = 0
    for membership in list(Membership.objects.filter(user=user).select_related("portal")):
        Membership.objects.get_or_create(user=successor, portal=membership.portal, role=membership.role)
        membership.delete()  # post_delete logs the revocation
        moved += 1
    return moved


move_memberships.handover_label = "components.memberships"


@register
def move_focal_duties(user, successor):
    return FocalOfficer.objects.filter(user=user).update(
        user=successor,
        full_name=successor.get_full_name() or successor.get_username(),
        email=successor.email or "",
    )


move_focal_duties.handover_label = "components.focal_officers"


def can_hand_over(by, user) -> bool:
    if by.is_superuser:
        return True
    from .selectors import province_administrator

    if province_administrator(by):
        return True
    portals = {m.portal for m in Membership.objects.filter(user=user).select_related("portal")}
    return bool(portals) and all(has_role(by, portal, Membership.Role.ADMINISTRATOR) for portal in portals)


def account_handover(*, user, successor, by):
    """Move `user`'s duties to `successor`, close `user`'s account and log it. Returns {mover: count}."""
    if user.pk == successor.pk:
        raise ValueError(_("Người nhận bàn giao phải là tài khoản khác."))
    if not successor.is_active:
        raise ValueError(_("Tài khoản nhận bàn giao đang bị khóa."))
    if not can_hand_over(by, user):
        raise HandoverPermissionDenied(_("Chỉ quản trị của các cổng mà người này tham gia mới được bàn giao."))
    with transaction.atomic():
        counts = {_label(mover): int(mover(user, successor) or 0) for mover in movers()}
        user.is_active = False
        user.save(update_fields=["is_active"])
        AccountProfile.objects.update_or_create(
            user=user,
            defaults={
                "disabled_reason": _("Bàn giao cho %(name)s") % {"name": successor.get_username()},
                "disabled_at": timezone.now(),
            },
        )
        security_log(
            SecurityEvent.Kind.HANDOVER,
            actor=by,
            username=user.get_username(),
            message=_("Bàn giao công việc cho %(name)s và đóng tài khoản.") % {"name": successor.get_username()},
            successor=successor.get_username(),
            moved=counts,
        )
    return counts
