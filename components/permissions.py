"""Who holds which board role on which portal: the base of every permission rule.

Per-object rules (categories, workflow steps, assignments) live in each app and build on these.
"""

from .models import Membership, Portal


class PortalPermissionDenied(PermissionError):
    """Raised by services when a user acts on a portal where they hold no suitable role."""


def roles_on(user, portal) -> set[str]:
    """The roles `user` holds on `portal` (cached on the user object for the request)."""
    if not user or not user.is_authenticated:
        return set()
    cache = user.__dict__.setdefault("_portal_roles_cache", {})
    if portal.pk not in cache:
        cache[portal.pk] = set(Membership.objects.filter(user=user, portal=portal).values_list("role", flat=True))
    return cache[portal.pk]


def has_role(user, portal, *roles) -> bool:
    if user.is_superuser:
        return True
    held = roles_on(user, portal)
    return bool(held & set(roles)) if roles else bool(held)


def portal_ids_for(user, *roles) -> set[int]:
    """Ids of the portals where `user` holds any of `roles` (any role when none given)."""
    if not user or not user.is_authenticated:
        return set()
    if user.is_superuser:
        return set(Portal.objects.values_list("id", flat=True))
    memberships = Membership.objects.filter(user=user)
    if roles:
        memberships = memberships.filter(role__in=roles)
    return set(memberships.values_list("portal_id", flat=True))
