"""Who hears about a workflow step, and the email they get."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from guardian.shortcuts import get_users_with_perms

from components import roles as role_sets
from components.models import Membership
from components.roles import Role
from components.selectors import url_in_portal

from . import policy
from .models import AuditEvent, NotificationLog, State
from .registry import category_of

# Earlier steps whose actors count as reviewers of an item.
REVIEW_ACTIONS = {
    AuditEvent.Action.FORWARD,
    AuditEvent.Action.RETURN,
    AuditEvent.Action.REFUSE,
    AuditEvent.Action.APPROVE,
    AuditEvent.Action.SCHEDULE,
    AuditEvent.Action.APPROVE_EDIT,
}
BACK_TO_AUTHOR = {
    AuditEvent.Action.RETURN,
    AuditEvent.Action.REFUSE,
    AuditEvent.Action.APPROVE,
    AuditEvent.Action.SCHEDULE,
    AuditEvent.Action.PUBLISH,
    AuditEvent.Action.APPROVE_EDIT,
    AuditEvent.Action.UNPUBLISH,
}


def _with_role(portal_id, *role_names):
    return get_user_model().objects.filter(
        pk__in=Membership.objects.filter(portal_id=portal_id, role__in=role_names).values("user_id"), is_active=True
    )


def assigned_users(obj, role_name):
    """Users holding `role_name` on the item's portal and assigned to its category (or an ancestor)."""
    users = _with_role(obj.portal_id, role_name)
    category = category_of(obj)
    if category is None:
        return list(users)
    assigned = set()
    for node in category.get_ancestors(include_self=True):
        assigned |= {
            u.pk for u in get_users_with_perms(node, only_with_perms_in=["review_category"], with_superusers=False)
        }
    return [u for u in users if u.pk in assigned]


def approvers(obj):
    """Who holds the approver's seat for `obj` today (policy.check_approver), the chief first."""
    candidates = _with_role(obj.portal_id, *role_sets.APPROVERS).order_by("pk")
    found = [u for u in candidates if policy.is_approver(u, obj)]
    return sorted(found, key=lambda u: Role.CHIEF not in policy.roles(u, obj.portal_id))


def next_actors(obj, state):
    """Who acts next when `obj` arrives in `state` (falling back up the board when nobody is assigned)."""
    if state == State.SUBMITTED:
        return assigned_users(obj, Role.MEMBER) or assigned_users(obj, Role.SECRETARY) or approvers(obj)
    if state == State.IN_REVIEW:
        return assigned_users(obj, Role.SECRETARY) or list(_with_role(obj.portal_id, Role.SECRETARY)) or approvers(obj)
    if state == State.AWAITING_APPROVAL:
        return approvers(obj)
    return []


def recipients(event, obj):
    User = get_user_model()
    if event.action in (AuditEvent.Action.SUBMIT, AuditEvent.Action.FORWARD):
        users = next_actors(obj, event.to_state)
    elif event.action in BACK_TO_AUTHOR:
        ids = {obj.created_by_id}
        if event.revision_id and event.revision.author_id:
            ids.add(event.revision.author_id)
        ids |= set(
            AuditEvent.objects.filter(
                content_type_id=event.content_type_id,
                object_id=event.object_id,
                action__in=REVIEW_ACTIONS,
                pk__lt=event.pk,
            ).values_list("actor_id", flat=True)
        )
        users = list(User.objects.filter(pk__in=ids - {None}, is_active=True))
    else:
        users = []
    seen, result = set(), []
    for user in users:
        if user.pk == event.actor_id or not user.email or user.email in seen:
            continue
        seen.add(user.email)
        result.append(user)
    return result


def admin_url(obj):
    try:
        path = reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])
    except NoReverseMatch:
        path = ""
    return f"{settings.EDITORIAL_SITE_URL}{path}"


def send_event_emails(event) -> int:
    """Send the event's emails once per address (NotificationLog makes a second run send nothing)."""
    obj = event.content_object
    if obj is None:
        return 0
    sent = 0
    context = {"event": event, "obj": obj, "admin_url": admin_url(obj), "public_url": _public_url(obj)}
    subject = f"[{obj.portal.short_name}] {event.get_action_display()}: {obj}"[:200]
    for user in recipients(event, obj):
        with transaction.atomic():
            _, created = NotificationLog.objects.get_or_create(event=event, email=user.email)
            if not created:
                continue
            body = render_to_string("editorial/email/event.txt", {**context, "recipient": user})
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
            sent += 1
    return sent


def _public_url(obj):
    if obj.state != State.PUBLISHED or not hasattr(obj, "get_absolute_url"):
        return ""
    url = url_in_portal(obj.portal, obj.get_absolute_url)  # component portals: their domain or /web/<slug>/
    return url if url.startswith("http") else f"{settings.EDITORIAL_SITE_URL}{url}"
