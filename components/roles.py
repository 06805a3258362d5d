"""Board roles, defined once: who is on a board, who writes, reviews, approves, publishes answers, handles data.

Every app builds its permission rules on these sets and on `roles_of(user)`, the per-request roles object (one
query, kept on the user object, which Django loads afresh for each request). Superusers hold no role unless they
have a membership; the helpers that answer "may act" (`has`, `portal_ids`) let them through, as before
(docs/decisions/0800-roles-defined-once.md).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .models import Membership

Role = Membership.Role

#: Everybody with a membership on a portal (contributors included): may open the editors' back office there.
ANY_ROLE: frozenset[str] = frozenset(Role.values)
#: The editorial board proper: contributors write for it but do not sit on it (questions, moderation, audit log).
BOARD: frozenset[str] = frozenset({Role.MEMBER, Role.SECRETARY, Role.DEPUTY, Role.CHIEF, Role.ADMINISTRATOR})
#: Who may create content.
AUTHORS: frozenset[str] = frozenset({Role.CONTRIBUTOR, Role.MEMBER, Role.SECRETARY, Role.DEPUTY, Role.CHIEF})
#: Who reviews content in the categories assigned to them.
REVIEWERS: frozenset[str] = frozenset({Role.MEMBER, Role.SECRETARY})
#: Who approves content: the chief, or a deputy while the chief's delegation runs (editorial.policy.check_approver).
APPROVERS: frozenset[str] = frozenset({Role.CHIEF, Role.DEPUTY})
#: Who sees every item of the portal in the back office, whatever its category or author.
SEE_ALL_CONTENT: frozenset[str] = frozenset({Role.CHIEF, Role.DEPUTY, Role.ADMINISTRATOR})
#: Who manages the portal's board: category assignments, delegations, the category tree.
MANAGERS: frozenset[str] = frozenset({Role.CHIEF, Role.ADMINISTRATOR})
#: Who approves the publication of a citizen's question and its answer.
QA_PUBLISHERS: frozenset[str] = frozenset({Role.DEPUTY, Role.CHIEF, Role.ADMINISTRATOR})
#: Feedback emails (feedback/notifications.py): who receives the board's daily digest of questions, who is told
#: that an agency sent a question back (to forward it again), who is told of an overdue answer or a new data request.
QA_DIGEST_RECIPIENTS: frozenset[str] = frozenset({Role.SECRETARY, Role.DEPUTY, Role.CHIEF})
QA_SENT_BACK_RECIPIENTS: frozenset[str] = frozenset({Role.MEMBER, Role.SECRETARY, Role.DEPUTY, Role.CHIEF})
QA_ESCALATION_RECIPIENTS: frozenset[str] = frozenset({Role.CHIEF})
#: Who handles citizens' personal-data requests (export, erasure).
DATA_OFFICERS: frozenset[str] = frozenset({Role.CHIEF, Role.ADMINISTRATOR})
#: Who moderates citizens' comments on draft regulations (consultations): the board, not contributors.
MODERATORS: frozenset[str] = BOARD
#: Who must use a second factor to sign in.
MFA_REQUIRED: frozenset[str] = frozenset({Role.CHIEF, Role.ADMINISTRATOR})
#: Who proposes a component portal's article to the province, and who decides on the province.
SYNDICATION_PROPOSERS: frozenset[str] = frozenset({Role.SECRETARY, Role.DEPUTY, Role.CHIEF})
SYNDICATION_DECIDERS: frozenset[str] = frozenset({Role.DEPUTY, Role.CHIEF})
#: Board office (app `office`): who proposes royalty lines and prepares the monthly payment list (the secretary
#: advises on royalties, 003 Điều 7.8.d), and who approves them and confirms the list paid (the chief decides on
#: the board's funds, 003 Điều 4.7). A proposer never approves their own line (office.policy).
ROYALTY_PROPOSERS: frozenset[str] = frozenset({Role.SECRETARY})
ROYALTY_APPROVERS: frozenset[str] = frozenset({Role.CHIEF})
#: Who reads the portal's royalty ledger: the board (contributors do not).
ROYALTY_READERS: frozenset[str] = BOARD
#: Who edits a royalty table: the province's administrator the province-wide one, a portal's administrator its own.
ROYALTY_TABLE_EDITORS: frozenset[str] = frozenset({Role.ADMINISTRATOR})
#: Who edits the portal's inventory of obligatory information and opens or closes tracked update deadlines.
INVENTORY_EDITORS: frozenset[str] = frozenset({Role.SECRETARY, Role.DEPUTY, Role.CHIEF, Role.ADMINISTRATOR})

_CACHE = "_portal_roles"


def _pk(portal: Any) -> int:
    return portal if isinstance(portal, int) else portal.pk


class UserRoles:
    """The roles one user holds on every portal, read with one query."""

    def __init__(self, user: Any) -> None:
        self.user = user
        self.is_superuser: bool = bool(getattr(user, "is_superuser", False))
        self.by_portal: dict[int, frozenset[str]] = {}
        self.root_portal_ids: set[int] = set()
        self._all_portal_ids: set[int] | None = None
        if user is None or not user.is_authenticated:
            return
        by_portal: dict[int, set[str]] = {}
        rows = Membership.objects.filter(user=user).values_list("portal_id", "role", "portal__parent_id")
        for portal_id, role, parent_id in rows:
            by_portal.setdefault(portal_id, set()).add(role)
            if parent_id is None:
                self.root_portal_ids.add(portal_id)
        self.by_portal = {p: frozenset(held) for p, held in by_portal.items()}

    def on(self, portal: Any) -> frozenset[str]:
        """The roles really held on `portal` (a Portal or its id); superusers get no implicit role."""
        return self.by_portal.get(_pk(portal), frozenset())

    def holds(self, portal: Any, roles: Iterable[str] | None = None) -> bool:
        """Holds any of `roles` (any role when None) on `portal`; no superuser shortcut."""
        held = self.on(portal)
        return bool(held & frozenset(roles)) if roles is not None else bool(held)

    def has(self, portal: Any, roles: Iterable[str] | None = None) -> bool:
        """May act on `portal` with one of `roles` (any role when None): superusers always may."""
        return self.is_superuser or self.holds(portal, roles)

    def anywhere(self, roles: Iterable[str] | None = None) -> bool:
        """Holds any of `roles` (any role when None) on some portal; no superuser shortcut."""
        wanted = frozenset(roles) if roles is not None else None
        return any(wanted is None or held & wanted for held in self.by_portal.values())

    def held_anywhere(self) -> frozenset[str]:
        """Every role the user holds on any portal."""
        return frozenset().union(*self.by_portal.values())

    def member_portal_ids(self, roles: Iterable[str] | None = None) -> set[int]:
        """Portals where the user holds any of `roles` (any role when None); no superuser shortcut."""
        wanted = frozenset(roles) if roles is not None else None
        return {p for p, held in self.by_portal.items() if wanted is None or held & wanted}

    def portal_ids(self, roles: Iterable[str] | None = None) -> set[int]:
        """Portals where the user may act with one of `roles` (any role when None); superusers: every portal."""
        if self.is_superuser:
            if self._all_portal_ids is None:
                from .models import Portal

                self._all_portal_ids = set(Portal.objects.values_list("pk", flat=True))
            return set(self._all_portal_ids)
        return self.member_portal_ids(roles)

    @property
    def is_province_administrator(self) -> bool:
        """An administrator of a root portal: the provincial office (the system administrator)."""
        return any(Role.ADMINISTRATOR in self.by_portal[p] for p in self.root_portal_ids)


def roles_of(user: Any) -> UserRoles:
    """The user's roles, loaded once per user object (so once per request) and kept on it."""
    if user is None or not getattr(user, "is_authenticated", False):
        return UserRoles(None)
    cached = user.__dict__.get(_CACHE)
    if cached is None:
        cached = user.__dict__[_CACHE] = UserRoles(user)
    return cached


def forget(user: Any) -> None:
    """Drop the cached roles (after changing the user's memberships within one request or test)."""
    if user is not None:
        user.__dict__.pop(_CACHE, None)
