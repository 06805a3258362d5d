"""Who may do what in the editorial app: one `check_*` function per decision, a `can_*` twin for each.

Each `check_*` function raises a named `EditorialPermissionDenied` subclass (editorial/exceptions.py, a Vietnamese
message) when the user may not act, and returns None when they may; `can_*` answers the same question as a bool.
The admin's `has_*_permission` methods, its buttons and bulk actions, the views and the notifications ask these
functions and nothing else; the services call the `check_*` again inside the transaction, so no caller can skip
them (docs/decisions/0810-editorial-policy-module.md).

Roles come from `components.models.Membership`; category assignments are django-guardian object permissions
(`editorial.review_category` on `Category`, covering the category's sub-categories). Workflow decisions use the
roles a user really holds: a superuser sees and edits everything but approves nothing unless they are the chief
(docs/decisions/0101-editorial-permissions.md).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from collections.abc import Set as AbstractSet
from typing import TYPE_CHECKING, Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils import timezone
from guardian.shortcuts import get_objects_for_user

from components import roles as role_sets
from components.roles import Role, roles_of

from .exceptions import (
    CannotApproveOwnContent,
    CategoryInUse,
    ContentLocked,
    ContentNotDeletable,
    EditorialPermissionDenied,
    NoActiveDelegation,
    NotAssignedToCategory,
    NotAuthor,
    NotChief,
    NotOnABoard,
    NotOnThisPortal,
)
from .models import Category, Delegation, Publishable, Revision, State
from .registry import category_id_of, category_of, registration

if TYPE_CHECKING:
    from components.models import Portal

#: Whoever asks: a user of the back office, or AnonymousUser (every check answers "no" for it).
Actor = Any

# Anyone with a role on the portal, contributors included (who may open the back office there).
ANY_ROLE = role_sets.ANY_ROLE
AUTHOR_ROLES = role_sets.AUTHORS
REVIEW_ROLES = role_sets.REVIEWERS
# States in which the author may still change the content (live ones through a pending revision).
AUTHOR_EDITABLE = {State.DRAFT, State.RETURNED, State.PUBLISHED, State.SCHEDULED}
# States in which reviewers of the item may change it.
REVIEW_EDITABLE = {State.SUBMITTED, State.IN_REVIEW, State.AWAITING_APPROVAL, State.PUBLISHED, State.SCHEDULED}
# Who reviews at which step (besides the chief and a delegated deputy).
STEP_REVIEWERS = {State.SUBMITTED: role_sets.REVIEWERS, State.IN_REVIEW: frozenset({Role.SECRETARY})}


def allowed(check: Callable[..., None], *args: Any) -> bool:
    """True when `check(*args)` raises no permission error (used to show or hide buttons)."""
    try:
        check(*args)
    except EditorialPermissionDenied:
        return False
    return True


def refusal(check: Callable[..., None], *args: Any) -> str | None:
    """The rule's Vietnamese reason when `check(*args)` refuses, None when it allows (shown by a disabled button)."""
    try:
        check(*args)
    except EditorialPermissionDenied as exc:
        return str(exc.message)
    return None


# --- Facts about a user ------------------------------------------------------------------------------


def memberships(user: Actor) -> dict[int, frozenset[str]]:
    """{portal id: roles} of `user`, loaded once per request (components.roles)."""
    return roles_of(user).by_portal


def board_portal_ids(user: Actor, *role_names: str) -> set[int]:
    """Portals where `user` holds any of `role_names` (any role when none given); superusers: all portals."""
    return roles_of(user).portal_ids(role_names or None)


def roles(user: Actor, portal_id: int) -> frozenset[str]:
    return roles_of(user).on(portal_id)


def assigned_category_ids(user: Actor, portal_id: int) -> set[int]:
    """Categories of `portal_id` the user was assigned to (django-guardian), with all their sub-categories."""
    cache = user.__dict__.setdefault("_editorial_assigned", {})
    if portal_id not in cache:
        direct = get_objects_for_user(
            user,
            "editorial.review_category",
            klass=Category.objects.filter(portal_id=portal_id),
            with_superuser=False,
            accept_global_perms=False,
        )
        trees = Q(pk__in=[])
        for tree_id, lft, rght in direct.values_list("tree_id", "lft", "rght"):
            trees |= Q(tree_id=tree_id, lft__gte=lft, rght__lte=rght)
        cache[portal_id] = set(Category.objects.filter(trees, portal_id=portal_id).values_list("pk", flat=True))
    return cache[portal_id]


def is_assigned(user: Actor, obj: Publishable) -> bool:
    """Assigned to the item's category; types without categories are reviewed portal-wide."""
    category_id = category_id_of(obj)
    if registration(obj).category_field is None:
        return True
    return category_id in assigned_category_ids(user, obj.portal_id)


def active_delegation(user: Actor, obj: Publishable, on: datetime.date | None = None) -> Delegation | None:
    """The chief's delegation letting deputy `user` approve `obj` today, or None."""
    if Role.DEPUTY not in roles(user, obj.portal_id):
        return None
    category = category_of(obj)
    for delegation in _delegations(user, obj.portal_id, on):
        scope = list(delegation.categories.all())
        if not scope or (category is not None and any(category.is_descendant_of(c, include_self=True) for c in scope)):
            return delegation
    return None


def _delegations(user: Actor, portal_id: int, on: datetime.date | None = None) -> list[Delegation]:
    """Active delegations to `user` on a portal, loaded once per request and day."""
    on = on or timezone.localdate()
    cache = user.__dict__.setdefault("_editorial_delegations", {})
    key = (portal_id, on)
    if key not in cache:
        cache[key] = list(
            Delegation.objects.active(on).filter(deputy=user, portal_id=portal_id).prefetch_related("categories")
        )
    return cache[key]


def is_approver(user: Actor, obj: Publishable) -> bool:
    """Holds the approver's seat for `obj` (the chief, or a deputy under an active delegation): check_approver."""
    return allowed(check_approver, user, obj)


def is_author(user: Actor, obj: Publishable) -> bool:
    """Wrote the item, or wrote the pending edit of live content."""
    if obj.created_by_id == user.pk:
        return True
    pending = obj.pending_revision if obj.pending_revision_id is not None else None
    return pending is not None and pending.author_id == user.pk


def current_revision_author_id(obj: Publishable) -> int | None:
    pending = obj.pending_revision if obj.pending_revision_id else None
    if pending is not None:
        return pending.author_id
    if hasattr(obj, "_current_revision_author_id"):  # preloaded for lists (editorial.views.my_work_data)
        return obj._current_revision_author_id
    content_type = ContentType.objects.get_for_model(obj, for_concrete_model=True)
    return (
        Revision.objects.filter(content_type=content_type, object_id=obj.pk)
        .order_by("-number")
        .values_list("author_id", flat=True)
        .first()
    )


def _require_board(user: Actor, obj_portal_id: int) -> frozenset[str]:
    """The roles `user` really holds on the portal; superusers pass with whatever they hold (maybe nothing)."""
    held = roles(user, obj_portal_id)
    if not held and not user.is_superuser:
        raise NotOnThisPortal()
    return held


def _require_reviewer(user: Actor, obj: Publishable, step_roles: AbstractSet[str]) -> None:
    held = _require_board(user, obj.portal_id)
    if not held & step_roles:
        raise NotAssignedToCategory(None if held & REVIEW_ROLES else NotChief.message)
    if not is_assigned(user, obj):
        raise NotAssignedToCategory()


def check_approver(user: Actor, obj: Publishable) -> None:
    """Holds the approver's seat for `obj`: the chief, or a deputy while a delegation covering it runs.

    The one statement of who approves; check_approve adds "never your own content", notifications.approvers and
    the admin's bulk actions ask this too.
    """
    held = _require_board(user, obj.portal_id)
    if Role.CHIEF in held:
        return
    if Role.DEPUTY in held:
        if active_delegation(user, obj) is None:
            raise NoActiveDelegation()
        return
    raise NotChief()


# --- The rules -------------------------------------------------------------------------------------


def check_back_office(user: Actor) -> None:
    """Open the editors' back office (module list, changelists): active staff with a role on some portal."""
    if not (user.is_active and user.is_staff):
        raise NotOnABoard()
    if not user.is_superuser and not memberships(user):
        raise NotOnABoard()


def check_on_portal(user: Actor, portal_id: int) -> None:
    """Any role on the portal (contributors included): see its categories, its files named by a pending edit."""
    if user.is_superuser:
        return
    if not roles(user, portal_id):
        raise NotOnThisPortal()


def check_view(user: Actor, obj: Publishable) -> None:
    if user.is_superuser:
        return
    held = _require_board(user, obj.portal_id)
    if held & role_sets.SEE_ALL_CONTENT or is_author(user, obj):
        return
    if held & REVIEW_ROLES:
        if not is_assigned(user, obj):
            raise NotAssignedToCategory()
        if obj.workflow_state != State.DRAFT:
            return
    raise NotAuthor()


def check_create(user: Actor, portal: Portal | int) -> None:
    if user.is_superuser:
        return
    held = roles(user, portal.pk if hasattr(portal, "pk") else portal)
    if not held:
        raise NotOnThisPortal()
    if not held & AUTHOR_ROLES:
        raise EditorialPermissionDenied()


def check_add_content(user: Actor) -> None:
    """Open the "add" form of a content type: staff who may create content on some portal."""
    if not user.is_staff or not editable_portal_ids(user):
        raise NotOnABoard() if not user.is_staff else EditorialPermissionDenied()


def check_delete(user: Actor, obj: Publishable | None = None) -> None:
    """Content is archived, never deleted, so the audit trail stays whole; superusers may drop unpublished drafts."""
    if not user.is_superuser:
        raise ContentNotDeletable()
    if obj is not None and (obj.state != State.DRAFT or obj.first_published_at is not None):
        raise ContentNotDeletable()


def check_edit(user: Actor, obj: Publishable) -> None:
    state = obj.workflow_state
    if state not in AUTHOR_EDITABLE | REVIEW_EDITABLE:
        raise ContentLocked()
    if user.is_superuser:
        return
    held = _require_board(user, obj.portal_id)
    if is_author(user, obj) and state in AUTHOR_EDITABLE:
        return
    if state in REVIEW_EDITABLE:
        if is_approver(user, obj):
            return
        if held & REVIEW_ROLES:
            if not is_assigned(user, obj):
                raise NotAssignedToCategory()
            return
    if state in (State.DRAFT, State.RETURNED):
        raise NotAuthor()
    raise NotAssignedToCategory() if held & REVIEW_ROLES else NotAuthor()


def check_submit(user: Actor, obj: Publishable) -> None:
    _require_board(user, obj.portal_id) if not user.is_superuser else None
    if is_author(user, obj) or user.is_superuser:
        return
    raise NotAuthor()


def check_forward(user: Actor, obj: Publishable) -> None:
    if obj.pk and _is_approver_quiet(user, obj):
        return
    _require_reviewer(user, obj, STEP_REVIEWERS.get(obj.workflow_state, set()))


def check_return(user: Actor, obj: Publishable) -> None:
    if _is_approver_quiet(user, obj):
        return
    if obj.workflow_state == State.AWAITING_APPROVAL:
        check_approver(user, obj)
    _require_reviewer(user, obj, STEP_REVIEWERS.get(obj.workflow_state, set()))


def check_approve(user: Actor, obj: Publishable) -> None:
    """Approve, publish or schedule: the chief or a delegated deputy, never on their own content."""
    check_approver(user, obj)
    if is_author(user, obj) or current_revision_author_id(obj) == user.pk:
        raise CannotApproveOwnContent()


def check_schedule(user: Actor, obj: Publishable) -> None:
    """Approve with a publication time: the same people as check_approve."""
    check_approve(user, obj)


def check_refuse(user: Actor, obj: Publishable) -> None:
    check_approver(user, obj)


def check_unpublish(user: Actor, obj: Publishable) -> None:
    check_approver(user, obj)


def check_archive(user: Actor, obj: Publishable) -> None:
    if _is_approver_quiet(user, obj):
        return
    _require_board(user, obj.portal_id)
    if is_author(user, obj) and obj.workflow_state in (
        State.DRAFT,
        State.RETURNED,
        State.REFUSED,
        State.UNPUBLISHED,
        State.EXPIRED,
    ):
        return
    raise NotChief()


def check_reopen(user: Actor, obj: Publishable) -> None:
    if _is_approver_quiet(user, obj):
        return
    _require_board(user, obj.portal_id)
    if not is_author(user, obj):
        raise NotAuthor()


def check_restore(user: Actor, obj: Publishable) -> None:
    """Restore an old revision as a new draft: whoever may edit the item now."""
    check_edit(user, obj)


def check_change_attachments(user: Actor, obj: Publishable) -> None:
    """Files attached to a legal document (docs/decisions/0103-legal-document-attachments.md).

    They are not part of revisions: on a document that is not live they change with the document (whoever may edit
    it); on a live one (published or scheduled) a change reaches citizens at once, so only the approver may make it.
    """
    if obj.state in (State.PUBLISHED, State.SCHEDULED):
        check_approver(user, obj)
        return
    check_edit(user, obj)


def check_share_preview(user: Actor, obj: Publishable) -> None:
    """Make a signed preview link for someone without an account: whoever may see the item in the back office."""
    check_view(user, obj)


def check_bulk_approve(user: Actor) -> None:
    """Offer the "approve selected" bulk action: someone who may hold the approver's seat somewhere.

    Each selected item is then checked by check_approve in the service.
    """
    if user.is_superuser or roles_of(user).anywhere(role_sets.APPROVERS):
        return
    raise NotChief()


def check_bulk_forward(user: Actor) -> None:
    """Offer the "forward selected" bulk action: reviewers and approvers (each item checked by check_forward)."""
    if user.is_superuser or roles_of(user).anywhere(role_sets.REVIEWERS | role_sets.APPROVERS):
        return
    raise NotAssignedToCategory()


def check_manage_categories(user: Actor) -> None:
    """Add categories: the chief or administrator of some portal, or a superuser."""
    if user.is_superuser or roles_of(user).anywhere(role_sets.MANAGERS):
        return
    raise NotChief(NotChief.message)


def check_manage_category(user: Actor, category: Category) -> None:
    """Change a category, assign board members to it: the portal's chief (or its administrator, or a superuser)."""
    if user.is_superuser:
        return
    held = roles(user, category.portal_id)
    if not held:
        raise NotOnThisPortal()
    if not held & role_sets.MANAGERS:
        raise NotChief(NotChief.message)


# Assigning reviewers is part of managing the category.
check_assign_category = check_manage_category


def check_view_category(user: Actor, category: Category | None = None) -> None:
    """See the category list (anyone in the back office) or one category (anyone on its portal)."""
    if category is None:
        check_back_office(user)
    else:
        check_on_portal(user, category.portal_id)


def check_change_category(user: Actor, category: Category | None = None) -> None:
    """Change categories in general (the list's edit links) or this one."""
    if category is None:
        check_manage_categories(user)
    else:
        check_manage_category(user, category)


def check_delete_category(user: Actor, category: Category | None = None) -> None:
    """Delete a category: whoever manages it, and only while no article is filed under it."""
    if category is None:
        check_manage_categories(user)
        return
    check_manage_category(user, category)
    if category.articles.exists():
        raise CategoryInUse()


def check_manage_tags(user: Actor) -> None:
    """Tags are shared by every portal: anyone in the back office adds and renames them."""
    check_back_office(user)


def check_delete_tag(user: Actor) -> None:
    if not user.is_superuser:
        raise EditorialPermissionDenied()


def check_add_delegation(user: Actor) -> None:
    """Open the delegation form: the chief or administrator of some portal (the portal is checked on saving)."""
    check_manage_categories(user)


def check_change_delegation(user: Actor, delegation: Delegation | None = None) -> None:
    if delegation is None:
        check_add_delegation(user)
    else:
        check_delegate(user, delegation.portal_id)


def check_delegate(user: Actor, portal_id: int) -> None:
    if user.is_superuser:
        return
    held = roles(user, portal_id)
    if not held:
        raise NotOnThisPortal()
    if not held & role_sets.MANAGERS:
        raise NotChief()


def _is_approver_quiet(user: Actor, obj: Publishable) -> bool:
    return user.is_authenticated and is_approver(user, obj)


# --- The same decisions as booleans (buttons, has_*_permission, filters) ----------------------------


def can_back_office(user: Actor) -> bool:
    return allowed(check_back_office, user)


def can_on_portal(user: Actor, portal_id: int) -> bool:
    return allowed(check_on_portal, user, portal_id)


def can_view(user: Actor, obj: Publishable) -> bool:
    return allowed(check_view, user, obj)


def can_create(user: Actor, portal: Portal | int) -> bool:
    return allowed(check_create, user, portal)


def can_add_content(user: Actor) -> bool:
    return allowed(check_add_content, user)


def can_delete(user: Actor, obj: Publishable | None = None) -> bool:
    return allowed(check_delete, user, obj)


def can_edit(user: Actor, obj: Publishable) -> bool:
    return allowed(check_edit, user, obj)


def can_submit(user: Actor, obj: Publishable) -> bool:
    return allowed(check_submit, user, obj)


def can_forward(user: Actor, obj: Publishable) -> bool:
    return allowed(check_forward, user, obj)


def can_return(user: Actor, obj: Publishable) -> bool:
    return allowed(check_return, user, obj)


def can_approve(user: Actor, obj: Publishable) -> bool:
    return allowed(check_approve, user, obj)


def can_schedule(user: Actor, obj: Publishable) -> bool:
    return allowed(check_schedule, user, obj)


def can_refuse(user: Actor, obj: Publishable) -> bool:
    return allowed(check_refuse, user, obj)


def can_unpublish(user: Actor, obj: Publishable) -> bool:
    return allowed(check_unpublish, user, obj)


def can_archive(user: Actor, obj: Publishable) -> bool:
    return allowed(check_archive, user, obj)


def can_reopen(user: Actor, obj: Publishable) -> bool:
    return allowed(check_reopen, user, obj)


def can_restore(user: Actor, obj: Publishable) -> bool:
    return allowed(check_restore, user, obj)


def can_change_attachments(user: Actor, obj: Publishable) -> bool:
    return allowed(check_change_attachments, user, obj)


def can_share_preview(user: Actor, obj: Publishable) -> bool:
    return allowed(check_share_preview, user, obj)


def can_bulk_approve(user: Actor) -> bool:
    return allowed(check_bulk_approve, user)


def can_bulk_forward(user: Actor) -> bool:
    return allowed(check_bulk_forward, user)


def can_manage_categories(user: Actor) -> bool:
    return allowed(check_manage_categories, user)


def can_manage_category(user: Actor, category: Category) -> bool:
    return allowed(check_manage_category, user, category)


def can_view_category(user: Actor, category: Category | None = None) -> bool:
    return allowed(check_view_category, user, category)


def can_change_category(user: Actor, category: Category | None = None) -> bool:
    return allowed(check_change_category, user, category)


def can_delete_category(user: Actor, category: Category | None = None) -> bool:
    return allowed(check_delete_category, user, category)


def can_manage_tags(user: Actor) -> bool:
    return allowed(check_manage_tags, user)


def can_delete_tag(user: Actor) -> bool:
    return allowed(check_delete_tag, user)


def can_add_delegation(user: Actor) -> bool:
    return allowed(check_add_delegation, user)


def can_change_delegation(user: Actor, delegation: Delegation | None = None) -> bool:
    return allowed(check_change_delegation, user, delegation)


def can_delegate(user: Actor, portal_id: int) -> bool:
    return allowed(check_delegate, user, portal_id)


# --- Querysets -----------------------------------------------------------------------------------


def visible_q(user: Actor, model: type[Publishable] | Publishable) -> Q:
    """The rows of `model` the user may see in the back office (same decision as check_view)."""
    if user.is_superuser:
        return Q()
    by_portal = memberships(user)
    q = Q(created_by=user) & Q(portal_id__in=list(by_portal))
    q |= Q(pending_revision__author=user)
    full = [p for p, held in by_portal.items() if held & role_sets.SEE_ALL_CONTENT]
    if full:
        q |= Q(portal_id__in=full)
    reviewer_portals = [p for p, held in by_portal.items() if held & REVIEW_ROLES and p not in full]
    category_field = registration(model).category_field
    not_draft = ~(Q(state=State.DRAFT) & Q(pending_state=""))
    for portal_id in reviewer_portals:
        if category_field is None:
            q |= Q(portal_id=portal_id) & not_draft
        else:
            ids = assigned_category_ids(user, portal_id)
            if ids:
                q |= Q(portal_id=portal_id, **{f"{category_field}_id__in": ids}) & not_draft
    return q


def editable_portal_ids(user: Actor) -> set[int]:
    """Portals where the user may create content."""
    return board_portal_ids(user, *AUTHOR_ROLES)
