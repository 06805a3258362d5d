"""Signal handlers of the components app: portal caches, and the security audit log.

Handlers stay one line deep where they can: the work is in components.security and components.audit.
"""

import logging

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver
from guardian.models import GroupObjectPermission, UserObjectPermission

from .audit import security_log
from .models import Membership, MenuItem, Portal, PortalRedirect, SecurityEvent
from .selectors import clear_portal_caches

User = get_user_model()
logger = logging.getLogger("components.security")


@receiver(post_save, sender=Portal, dispatch_uid="components.portal_files_to_own_folder")
def portal_files_to_own_folder(sender, instance, created=False, raw=False, **kwargs):
    """A logo/banner uploaded with a new portal waited in p/_new/: move it to p/<id>/ (before caches clear)."""
    if created and not raw:
        from .uploads import relocate_new_portal_files

        relocate_new_portal_files(instance)


@receiver([post_save, post_delete], sender=Portal, dispatch_uid="components.portal_changed")
@receiver([post_save, post_delete], sender=PortalRedirect, dispatch_uid="components.redirect_changed")
@receiver([post_save, post_delete], sender=MenuItem, dispatch_uid="components.menu_changed")
def portal_changed(sender, **kwargs):
    clear_portal_caches()
    # Again after commit: a request between the save and the commit may have cached the old rows.
    transaction.on_commit(clear_portal_caches)


@receiver(user_logged_in, dispatch_uid="components.security.logged_in")
def on_logged_in(sender, request, user, **kwargs):
    from .security import start_session

    start_session(request, user)
    security_log(SecurityEvent.Kind.LOGIN, actor=user, request=request)


@receiver(user_logged_out, dispatch_uid="components.security.logged_out")
def on_logged_out(sender, request, user, **kwargs):
    if user is None:
        return
    kind = SecurityEvent.Kind.TIMEOUT if getattr(request, "_security_timeout", False) else SecurityEvent.Kind.LOGOUT
    security_log(kind, actor=user, request=request)


@receiver(user_login_failed, dispatch_uid="components.security.login_failed")
def on_login_failed(sender, credentials, request=None, **kwargs):
    security_log(
        SecurityEvent.Kind.LOGIN_FAILED,
        username=str(credentials.get("username", ""))[:150],
        request=request,
        message="",
    )


@receiver(user_locked_out, dispatch_uid="components.security.locked_out")
def on_locked_out(sender, request, username, ip_address, **kwargs):
    logger.warning("Login lockout for %r from %s", username, ip_address)  # for the operators' monitoring
    security_log(SecurityEvent.Kind.LOCKOUT, username=str(username or "")[:150], request=request)


@receiver(pre_save, sender=Membership, dispatch_uid="components.security.role_before")
def on_role_before_change(sender, instance, raw=False, **kwargs):
    if instance.pk and not raw:
        instance._previous_role = sender.objects.filter(pk=instance.pk).values_list("portal_id", "role").first()


@receiver(post_save, sender=Membership, dispatch_uid="components.security.role_granted")
def on_role_granted(sender, instance, created, **kwargs):
    previous = getattr(instance, "_previous_role", None)
    changed = not created and previous is not None and previous != (instance.portal_id, instance.role)
    if changed:
        security_log(
            SecurityEvent.Kind.ROLE_REVOKED,
            username=instance.user.get_username(),
            portal=Portal.objects.filter(pk=previous[0]).first(),
            message=str(Membership.Role(previous[1]).label),
            role=previous[1],
        )
    if created or changed:
        security_log(
            SecurityEvent.Kind.ROLE_GRANTED,
            username=instance.user.get_username(),
            portal=instance.portal,
            message=instance.get_role_display(),
            role=instance.role,
        )


@receiver(post_delete, sender=Membership, dispatch_uid="components.security.role_revoked")
def on_role_revoked(sender, instance, **kwargs):
    security_log(
        SecurityEvent.Kind.ROLE_REVOKED,
        username=instance.user.get_username(),
        portal=Portal.objects.filter(pk=instance.portal_id).first(),
        message=instance.get_role_display(),
        role=instance.role,
    )


@receiver(pre_save, sender=User, dispatch_uid="components.security.user_flags")
def on_user_flags_changed(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or not instance.pk:
        return
    if update_fields is not None and not {"is_superuser", "is_staff", "is_active"} & set(update_fields):
        return
    before = sender.objects.filter(pk=instance.pk).values("is_superuser", "is_staff", "is_active").first()
    if before is None:
        return
    changed = {k: [v, getattr(instance, k)] for k, v in before.items() if v != getattr(instance, k)}
    if changed:
        security_log(SecurityEvent.Kind.PERMISSION_CHANGED, username=instance.get_username(), **changed)


@receiver(m2m_changed, sender=User.groups.through, dispatch_uid="components.security.groups")
@receiver(m2m_changed, sender=User.user_permissions.through, dispatch_uid="components.security.perms")
def on_user_permissions_changed(sender, instance, action, pk_set, reverse, model, **kwargs):
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    field = "groups" if (instance if reverse else model)._meta.model_name == "group" else "user_permissions"
    usernames = (
        [instance.get_username()]
        if not reverse
        else list(User.objects.filter(pk__in=pk_set or []).values_list("username", flat=True))
    )
    for username in usernames:
        security_log(
            SecurityEvent.Kind.PERMISSION_CHANGED,
            username=username,
            field=field,
            action=action,
            ids=sorted(pk_set or []),
        )


@receiver(post_save, sender=UserObjectPermission, dispatch_uid="components.security.object_perm_added")
@receiver(post_delete, sender=UserObjectPermission, dispatch_uid="components.security.object_perm_removed")
@receiver(post_save, sender=GroupObjectPermission, dispatch_uid="components.security.group_perm_added")
@receiver(post_delete, sender=GroupObjectPermission, dispatch_uid="components.security.group_perm_removed")
def on_object_permission_changed(sender, instance, **kwargs):
    """Object permissions granted or withdrawn with django-guardian (e.g. a board member's categories)."""
    holder = getattr(instance, "user", None) or getattr(instance, "group", None)
    security_log(
        SecurityEvent.Kind.PERMISSION_CHANGED,
        username=holder.get_username() if hasattr(holder, "get_username") else f"group:{holder}",
        message=f"{instance.permission.codename} {instance.content_type.model}#{instance.object_pk}",
        action="granted" if "created" in kwargs else "withdrawn",
    )
