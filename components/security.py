"""Sign-in security: the login step with a second factor, idle timeout, forced password change.

Session keys (all under "security."):
- last_seen / timeout: idle timeout for staff, refreshed at most once a minute;
- pw_change: the password must be changed before anything else in the back office;
- mfa_enrol: a user who must use TOTP has none yet and is held on the enrolment page;
- pending: a user who gave the right password and still owes a TOTP code (not logged in yet).

The second factor is asked for by the login view, so every sign-in through a form passes it; sessions
opened by other code (the test client's force_login, the shell) are not held at the verify step.
"""

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from . import audit
from .models import AccountProfile

LAST_SEEN = "security.last_seen"
TIMEOUT = "security.timeout"
PW_CHANGE = "security.pw_change"
MFA_ENROL = "security.mfa_enrol"
PENDING = "security.pending"
ACTIVITY_SAVED = "security.activity_saved"

ACTIVITY_SAVE_EVERY = 3600  # seconds between writes of AccountProfile.last_activity
LAST_SEEN_GRANULARITY = 60  # seconds between session writes of the idle clock


def idle_timeout_for(user) -> int:
    from .accounts import is_administrator

    if not user.is_staff:
        return 0
    if is_administrator(user):
        return int(getattr(settings, "SECURITY_ADMIN_IDLE_TIMEOUT", 600))
    return int(getattr(settings, "SECURITY_STAFF_IDLE_TIMEOUT", 900))


def start_session(request, user):
    """Called on every login: arm the idle clock and the gates, record the activity."""
    from .accounts import password_change_required

    now = int(time.time())
    session = request.session
    session[LAST_SEEN] = now
    session[ACTIVITY_SAVED] = now
    timeout = idle_timeout_for(user)
    if timeout:
        session[TIMEOUT] = timeout
    if user.is_staff and password_change_required(user):
        session[PW_CHANGE] = True
    AccountProfile.objects.update_or_create(user=user, defaults={"last_activity": timezone.now()})


def _exempt_paths():
    names = [
        "admin:login",
        "admin:logout",
        "admin:password_change",
        "admin:password_change_done",
        "admin:jsi18n",
        "security:mfa_enrol",
        "security:mfa_verify",
        "security:activity",
        "healthz",
    ]
    paths = []
    for name in names:
        try:
            paths.append(reverse(name))
        except Exception:  # a URL not installed in this configuration
            continue
    return paths


class AccountSecurityMiddleware:
    """After AuthenticationMiddleware and OTPMiddleware: idle timeout and the gates of an unfinished login."""

    def __init__(self, get_response):
        self.get_response = get_response
        self._exempt = None

    def __call__(self, request):
        token = audit.set_current(getattr(request, "user", None), audit.client_ip(request))
        try:
            response = self.check(request)
            if response is not None:
                return response
            return self.get_response(request)
        finally:
            audit.reset_current(token)

    def is_exempt(self, path):
        if self._exempt is None:
            self._exempt = _exempt_paths()
        static = (settings.STATIC_URL or "/static/", settings.MEDIA_URL or "/media/")
        return path in self._exempt or path.startswith(static)

    def check(self, request):
        session = getattr(request, "session", None)
        if session is None:
            return None
        last_seen = session.get(LAST_SEEN)
        if last_seen is None:
            return None
        now = int(time.time())
        timeout = session.get(TIMEOUT)
        if timeout and now - last_seen > timeout:
            request._security_timeout = True
            logout(request)
            messages.warning(
                request, _("Phiên làm việc đã hết do không hoạt động quá %(m)d phút.") % {"m": timeout // 60}
            )
            if request.path_info.startswith(reverse("admin:index")):
                return redirect(f"{reverse('admin:login')}?{urlencode({'next': request.get_full_path()})}")
            return None
        if now - last_seen >= LAST_SEEN_GRANULARITY:
            session[LAST_SEEN] = now
        if now - session.get(ACTIVITY_SAVED, 0) >= ACTIVITY_SAVE_EVERY and request.user.is_authenticated:
            session[ACTIVITY_SAVED] = now
            AccountProfile.objects.filter(user=request.user).update(last_activity=timezone.now())

        if self.is_exempt(request.path):
            return None
        if session.get(MFA_ENROL):
            if request.user.is_authenticated and request.user.is_verified():
                session.pop(MFA_ENROL)
            else:
                return redirect(f"{reverse('security:mfa_enrol')}?{urlencode({'next': request.get_full_path()})}")
        if session.get(PW_CHANGE):
            from .accounts import password_change_required

            if request.user.is_authenticated and password_change_required(request.user):
                messages.warning(request, _("Bạn cần đổi mật khẩu trước khi tiếp tục làm việc."))
                return redirect("admin:password_change")
            session.pop(PW_CHANGE)
        return None


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the lockout page in Vietnamese, with the cool-off in minutes."""
    from django.shortcuts import render

    cooloff = getattr(settings, "AXES_COOLOFF_TIME", None)
    minutes = int(cooloff.total_seconds() // 60) if hasattr(cooloff, "total_seconds") else None
    from django.contrib import admin

    context = {
        **admin.site.each_context(request),
        "title": _("Tài khoản tạm thời bị khóa"),
        "failure_limit": getattr(request, "lockout_limit", None) or getattr(settings, "AXES_FAILURE_LIMIT", 5),
        "address_locked": getattr(request, "lockout_scope", None) == "address",  # components.lockout
        "cooloff_timedelta": cooloff,
        "cooloff_minutes": minutes,
    }
    return render(request, "components/security/lockout.html", context, status=429)
