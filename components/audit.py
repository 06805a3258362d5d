"""The security audit log: one call, `security_log(...)`, used by services and signal handlers.

Signal handlers have no request; the security middleware records the acting user and the client IP of
the current request in a context variable, so a role granted in the admin is logged with who did it.
"""

import contextvars

from .models import SecurityEvent

_current = contextvars.ContextVar("components_security_actor", default=(None, None))


def set_current(user, ip_address):
    return _current.set((user, ip_address))


def reset_current(token):
    _current.reset(token)


def client_ip(request):
    """The proxy-aware client address (components.clientip), kept here for the callers of audit.client_ip."""
    from .clientip import client_ip as _client_ip

    return _client_ip(request)


def security_log(kind, *, actor=None, username="", portal=None, request=None, message="", **details):
    """Write one audit row. `actor` defaults to the user of the current request."""
    current_actor, current_ip = _current.get()
    if actor is None:
        actor = getattr(request, "user", None) if request is not None else current_actor
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    ip = client_ip(request) or current_ip
    return SecurityEvent.objects.create(
        kind=kind,
        actor=actor,
        username=username or (actor.get_username() if actor is not None else ""),
        portal=portal,
        ip_address=ip,
        message=str(message)[:500],
        details=details,
    )
