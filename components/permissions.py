"""Who holds which board role on which portal: the base of every permission rule.

The role sets and the per-request roles object live in `components.roles`; these helpers keep the old call sites
short. Per-object rules (categories, workflow steps, assignments) live in each app and build on these.
"""

from .roles import roles_of


class PortalPermissionDenied(PermissionError):
    """Raised by services when a user acts on a portal where they hold no suitable role."""


def roles_on(user, portal) -> set[str]:
    """The roles `user` holds on `portal` (read once per request, components.roles)."""
    return set(roles_of(user).on(portal))


def has_role(user, portal, *roles) -> bool:
    if user.is_superuser:
        return True
    return roles_of(user).holds(portal, roles or None)


def portal_ids_for(user, *roles) -> set[int]:
    """Ids of the portals where `user` holds any of `roles` (any role when none given); superusers: all."""
    if not user or not user.is_authenticated:
        return set()
    return roles_of(user).portal_ids(roles or None)
