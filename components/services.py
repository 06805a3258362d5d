"""Writes of the components app: portal requests, merges and retirements, account upkeep.

Each service checks permission (raising a named PortalPermissionDenied subclass), runs in a transaction,
writes its security-log row, and queues mail or tasks on commit.
"""

import secrets
import string
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from . import merging
from .audit import security_log
from .domains import suggest_domain, validate_portal_domain
from .events import portal_changed_on_commit
from .lifecycle import on_portal_created, on_portal_merged
from .models import AccountProfile, Membership, Portal, PortalOperation, PortalRedirect, PortalRequest, SecurityEvent
from .permissions import PortalPermissionDenied
from .selectors import sees_all_portals
from .text import compact_name, slugify_vi


class PortalStructurePermissionDenied(PortalPermissionDenied):
    """Only the provincial office (root portal administrator, superuser) creates, merges and retires portals."""


def _check_provincial_office(user):
    if not sees_all_portals(user):
        raise PortalStructurePermissionDenied(
            _("Chỉ Văn phòng cấp tỉnh (quản trị cổng tỉnh) mới được lập, sáp nhập hoặc ngừng hoạt động cổng.")
        )


def random_password(length=16):
    """A password meeting every class rule, shown or mailed once and changed at first login."""
    alphabet = string.ascii_letters + string.digits + "@#$%&*!?"
    while True:
        password = "".join(secrets.choice(alphabet) for _ in range(length))
        if (
            any(c.islower() for c in password)
            and any(c.isupper() for c in password)
            and any(c.isdigit() for c in password)
            and any(not c.isalnum() for c in password)
        ):
            return password


# --- Portal requests ---------------------------------------------------------------------------------


def _free_slug(portal_request):
    base = slugify_vi(portal_request.short_name or portal_request.name, max_length=60) or "cong"
    candidates = [base, f"{base}-{compact_name(portal_request.parent.short_name)}"]
    candidates += [f"{base}-{n}" for n in range(2, 100)]
    taken = set(Portal.objects.filter(slug__in=candidates).values_list("slug", flat=True)) | set(
        PortalRedirect.objects.filter(old_slug__in=candidates).values_list("old_slug", flat=True)
    )
    return next(c for c in candidates if c not in taken)


def _free_admin_username(portal):
    from .accounts import valid_admin_names_for

    User = get_user_model()
    names = sorted(valid_admin_names_for(portal), key=lambda n: (n.count("."), len(n)))
    for name in names:
        if not User.objects.filter(username__iexact=name).exists():
            return name
    raise ValidationError(_("Mọi tên tài khoản quản trị của cổng này đã được dùng."))


def portal_request_submit(*, portal_request, by):
    """File a request (made in the admin) and tell the provincial office by mail."""
    with transaction.atomic():
        portal_request.requested_by = by
        portal_request.status = PortalRequest.Status.PENDING
        portal_request.save()
        recipients = sorted(
            set(
                Membership.objects.filter(role=Membership.Role.ADMINISTRATOR, portal__parent=None, user__is_active=True)
                .exclude(user__email="")
                .values_list("user__email", flat=True)
            )
        )
        if recipients:
            transaction.on_commit(
                lambda: send_mail(
                    subject=_("Đề nghị lập cổng thành phần: %(name)s") % {"name": portal_request.name},
                    message=_(
                        "%(who)s đề nghị lập cổng “%(name)s” (%(kind)s) trực thuộc %(parent)s, tên miền đề nghị "
                        "%(domain)s. Xem và quyết định trong trang quản trị, mục Đề nghị lập cổng thành phần."
                    )
                    % {
                        "who": by.get_full_name() or by.get_username(),
                        "name": portal_request.name,
                        "kind": portal_request.get_kind_display(),
                        "parent": portal_request.parent.name,
                        "domain": portal_request.proposed_domain or "—",
                    },
                    from_email=None,
                    recipient_list=recipients,
                )
            )
    return portal_request


def portal_request_approve(*, portal_request, by):
    """Create the portal, its board administrator account, and tell the requesting unit.

    Returns (portal, administrator account, one-time password).
    """
    _check_provincial_office(by)
    User = get_user_model()
    with transaction.atomic():
        request = (
            PortalRequest.objects.select_for_update(of=("self",)).select_related("parent").get(pk=portal_request.pk)
        )
        if request.status != PortalRequest.Status.PENDING:
            raise ValidationError(_("Đề nghị này đã được quyết định."))
        domain = request.proposed_domain or suggest_domain(
            kind=request.kind, name=request.name, short_name=request.short_name, parent=request.parent
        )
        domain = validate_portal_domain(
            domain,
            kind=request.kind,
            name=request.name,
            short_name=request.short_name,
            parent=request.parent,
            exclude_request=request,
        )
        portal = Portal.objects.create(
            name=request.name,
            short_name=compact_name(request.short_name) or compact_name(request.name),
            slug=_free_slug(request),
            kind=request.kind,
            parent=request.parent,
            domain=domain or None,
            owner_name=request.owner_name,
            email=request.contact_email,
        )
        username = _free_admin_username(portal)
        password = random_password()
        account = User.objects.create_user(
            username=username, email=request.contact_email, password=password, is_staff=True
        )
        AccountProfile.objects.update_or_create(user=account, defaults={"must_change_password": True})
        Membership.objects.create(user=account, portal=portal, role=Membership.Role.ADMINISTRATOR)
        request.status = PortalRequest.Status.APPROVED
        request.decided_by = by
        request.decided_at = timezone.now()
        request.portal = portal
        request.save()
        security_log(
            SecurityEvent.Kind.PORTAL_REQUEST,
            actor=by,
            portal=portal,
            message=_("Phê duyệt lập cổng %(name)s") % {"name": portal.name},
            decision="approved",
            request_id=request.pk,
        )
        security_log(SecurityEvent.Kind.ACCOUNT_CREATED, actor=by, username=username, portal=portal)
        on_portal_created.send(sender=Portal, portal=portal, by=by)
        portal_changed_on_commit(portal=portal, action="created")  # the province lists its portals
        transaction.on_commit(lambda: _mail_new_portal(request, portal, username, password))
    return portal, account, password


def _mail_new_portal(request, portal, username, password):
    send_mail(
        subject=_("Cổng thành phần %(name)s đã được phê duyệt") % {"name": portal.name},
        message=_(
            "Đề nghị lập cổng “%(name)s” đã được phê duyệt.\n\n"
            "Địa chỉ: %(url)s\nTài khoản quản trị: %(username)s\nMật khẩu tạm thời: %(password)s\n\n"
            "Mật khẩu này phải được đổi ngay ở lần đăng nhập đầu tiên; tài khoản quản trị phải bật xác thực "
            "hai bước."
        )
        % {
            "name": portal.name,
            "url": f"https://{portal.domain}/" if portal.domain else portal.path_prefix,
            "username": username,
            "password": password,
        },
        from_email=None,
        recipient_list=[request.contact_email],
    )


def portal_request_refuse(*, portal_request, by, reason):
    _check_provincial_office(by)
    if not (reason or "").strip():
        raise ValidationError(_("Cần ghi rõ lý do từ chối."))
    with transaction.atomic():
        request = PortalRequest.objects.select_for_update().get(pk=portal_request.pk)
        if request.status != PortalRequest.Status.PENDING:
            raise ValidationError(_("Đề nghị này đã được quyết định."))
        request.status = PortalRequest.Status.REFUSED
        request.decision_reason = reason.strip()
        request.decided_by = by
        request.decided_at = timezone.now()
        request.save()
        security_log(
            SecurityEvent.Kind.PORTAL_REQUEST,
            actor=by,
            portal=request.parent,
            message=_("Từ chối đề nghị lập cổng %(name)s") % {"name": request.name},
            decision="refused",
            request_id=request.pk,
        )
        transaction.on_commit(
            lambda: send_mail(
                subject=_("Đề nghị lập cổng %(name)s không được phê duyệt") % {"name": request.name},
                message=_("Lý do: %(reason)s") % {"reason": request.decision_reason},
                from_email=None,
                recipient_list=[request.contact_email],
            )
        )
    return request


# --- Merge and retire -------------------------------------------------------------------------------


def _check_merge(source, target):
    if source.pk == target.pk:
        raise ValidationError(_("Không thể sáp nhập một cổng vào chính nó."))
    if source.parent_id is None:
        raise ValidationError(_("Không thể sáp nhập cổng tỉnh."))
    if target.is_descendant_of(source):
        raise ValidationError(_("Cổng kế thừa không được là cổng trực thuộc của cổng bị sáp nhập."))
    if target.status != Portal.Status.ACTIVE:
        raise ValidationError(_("Cổng kế thừa phải đang hoạt động."))


def portal_merge(*, source, target, by):
    """Merge `source` into `target`: move what the movers move, redirect old addresses, log. Safe to re-run."""
    _check_provincial_office(by)
    with transaction.atomic():
        source = Portal.objects.select_for_update().get(pk=source.pk)
        target = Portal.objects.get(pk=target.pk)
        if source.status == Portal.Status.MERGED and source.merged_into_id not in (None, target.pk):
            raise ValidationError(_("Cổng này đã được sáp nhập vào cổng khác."))
        _check_merge(source, target)
        first_time = source.status != Portal.Status.MERGED
        counts = merging.run_movers(source=source, target=target, dry_run=False)
        if source.domain:
            PortalRedirect.objects.update_or_create(
                old_domain=source.domain, defaults={"target": target, "source_name": source.name}
            )
        PortalRedirect.objects.update_or_create(
            old_slug=source.slug, defaults={"target": target, "source_name": source.name}
        )
        PortalRedirect.objects.filter(target=source).update(target=target)
        Portal.objects.filter(merged_into=source).update(merged_into=target)
        source.refresh_from_db()  # movers may have moved its children: the tree fields changed under us
        source.domain = None
        source.status = Portal.Status.MERGED
        source.merged_into = target
        source.save()
        if first_time or any(counts.values()):
            security_log(
                SecurityEvent.Kind.PORTAL_MERGED,
                actor=by,
                portal=target,
                message=_("Sáp nhập %(source)s vào %(target)s") % {"source": source.name, "target": target.name},
                source=source.slug,
                moved=counts,
            )
            # One purge for the whole merge: the movers write with set-based updates and announce nothing.
            transaction.on_commit(lambda: on_portal_merged.send(sender=Portal, source=source, target=target))
    return counts


def portal_retire(*, portal, by, notice):
    """Stop a portal: its addresses show an archive notice. Safe to re-run."""
    _check_provincial_office(by)
    if portal.parent_id is None:
        raise ValidationError(_("Không thể ngừng hoạt động cổng tỉnh."))
    with transaction.atomic():
        portal = Portal.objects.select_for_update().get(pk=portal.pk)
        changed = portal.status != Portal.Status.RETIRED or portal.archive_notice != notice
        portal.status = Portal.Status.RETIRED
        portal.archive_notice = notice
        portal.save()
        if changed:
            security_log(SecurityEvent.Kind.PORTAL_RETIRED, actor=by, portal=portal, message=notice[:200])
            portal_changed_on_commit(portal=portal, action="retired")
    return {}


def portal_operation_create(*, kind, source, by, target=None, notice=""):
    """Record a previewed merge or retirement and queue it for the worker."""
    from .tasks import run_portal_operation

    _check_provincial_office(by)
    if kind == PortalOperation.Kind.MERGE:
        if target is None:
            raise ValidationError(_("Chọn cổng kế thừa."))
        _check_merge(source, target)
        preview = dict(merging.merge_preview(source=source, target=target))
    else:
        if source.parent_id is None:
            raise ValidationError(_("Không thể ngừng hoạt động cổng tỉnh."))
        preview = {}
    with transaction.atomic():
        operation = PortalOperation.objects.create(
            kind=kind, source=source, target=target, notice=notice, preview=preview, requested_by=by
        )
        transaction.on_commit(lambda: run_portal_operation.delay(operation.pk))
    return operation


def portal_operation_run(*, operation_id):
    with transaction.atomic():
        operation = PortalOperation.objects.select_for_update().get(pk=operation_id)
        if operation.status == PortalOperation.Status.DONE:
            return operation.result
        try:
            with transaction.atomic():
                if operation.kind == PortalOperation.Kind.MERGE:
                    result = portal_merge(source=operation.source, target=operation.target, by=operation.requested_by)
                else:
                    result = portal_retire(portal=operation.source, by=operation.requested_by, notice=operation.notice)
        except (ValidationError, PortalPermissionDenied) as exc:
            operation.status = PortalOperation.Status.FAILED
            operation.result = {"error": "; ".join(getattr(exc, "messages", [str(exc)]))}
        else:
            operation.status = PortalOperation.Status.DONE
            operation.result = result
        operation.finished_at = timezone.now()
        operation.save()
        return operation.result


# --- Account upkeep ---------------------------------------------------------------------------------


def disable_idle_accounts(*, now=None, batch_size=500):
    """Close active accounts idle longer than SECURITY_ACCOUNT_IDLE_DAYS and tell their owners."""
    User = get_user_model()
    now = now or timezone.now()
    days = settings.SECURITY_ACCOUNT_IDLE_DAYS
    cutoff = now - timedelta(days=days)
    idle = (
        User.objects.filter(is_active=True)
        .exclude(security_profile__is_demo=True)
        .annotate(seen=Coalesce(F("security_profile__last_activity"), F("last_login"), F("date_joined")))
        .filter(seen__lt=cutoff)
        .order_by("pk")[:batch_size]
    )
    closed = []
    for user in idle:
        with transaction.atomic():
            if not User.objects.filter(pk=user.pk, is_active=True).update(is_active=False):
                continue
            AccountProfile.objects.update_or_create(
                user=user,
                defaults={
                    "disabled_reason": _("Không hoạt động quá %(n)d ngày") % {"n": days},
                    "disabled_at": now,
                },
            )
            security_log(
                SecurityEvent.Kind.ACCOUNT_DISABLED,
                username=user.get_username(),
                message=_("Tự động khóa: không hoạt động quá %(n)d ngày.") % {"n": days},
            )
            if user.email:
                email, username = user.email, user.get_username()
                transaction.on_commit(
                    lambda email=email, username=username: send_mail(
                        subject=_("Tài khoản %(u)s đã bị khóa do lâu không sử dụng") % {"u": username},
                        message=_(
                            "Tài khoản %(u)s trên Cổng Thông tin điện tử không được sử dụng quá %(n)d ngày nên đã "
                            "bị khóa theo quy định bảo đảm an toàn thông tin. Liên hệ quản trị cổng để mở lại."
                        )
                        % {"u": username, "n": days},
                        from_email=None,
                        recipient_list=[email],
                    )
                )
        closed.append(user.get_username())
    return closed


def prune_security_log(*, now=None):
    days = max(int(settings.SECURITY_AUDIT_RETENTION_DAYS), 366)
    cutoff = (now or timezone.now()) - timedelta(days=days)
    deleted, _details = SecurityEvent.objects.filter(created_at__lt=cutoff).delete()
    return deleted


def account_unlock(*, user, by):
    """Lift a login lockout (django-axes) before its cool-off ends."""
    from axes.utils import reset

    count = reset(username=user.get_username())
    security_log(SecurityEvent.Kind.UNLOCK, actor=by, username=user.get_username())
    return count


def user_visible_filter(portal_ids):
    """Users an administrator of `portal_ids` may see: members of those portals, and unassigned accounts."""
    return Q(memberships__portal__in=portal_ids) | Q(memberships__isnull=True, is_superuser=False)
