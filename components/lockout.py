"""Login lockout rules on top of django-axes (docs/decisions/0730-login-lockout-per-account-and-address.md).

Axes counts failures for every group in AXES_LOCKOUT_PARAMETERS and compares the largest count with one
AXES_FAILURE_LIMIT. The portal wants one limit per group:

- username + address (AXES_FAILURE_LIMIT, 5): someone guessing one account from one address; the owner
  signing in from another address is not affected;
- address across usernames (AXES_ADDRESS_FAILURE_LIMIT, 10): password spraying from one address;
- username from any address (AXES_USERNAME_FAILURE_LIMIT, 30): slow guessing of one account spread over
  many addresses; high enough that one address cannot reach it before its own two limits stop it.

The handler scales each group's count to AXES_FAILURE_LIMIT, so everything else in axes (the lockout check,
the signal, the middleware) works unchanged. It records which rule fired on the request for the lockout page.
A successful login clears only the failures of that username from that address: it does not lift an
attacker's lockout on the same account from elsewhere, nor a spraying address's count.
"""

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_failure_limit, get_lockout_parameters
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum

ACCOUNT = "account"  # username + address, or username alone
ADDRESS = "address"


def group_limits(request, credentials=None):
    """(scope, limit) for each entry of AXES_LOCKOUT_PARAMETERS, in the same order."""
    base = get_failure_limit(request, credentials)
    limits = {
        ("ip_address",): (ADDRESS, int(getattr(settings, "AXES_ADDRESS_FAILURE_LIMIT", 10))),
        ("username",): (ACCOUNT, int(getattr(settings, "AXES_USERNAME_FAILURE_LIMIT", 30))),
    }
    result = []
    for parameter in get_lockout_parameters(request, credentials):
        key = tuple(sorted([parameter] if isinstance(parameter, str) else parameter))
        result.append(limits.get(key, (ACCOUNT, base)))
    return result


class LockoutHandler(AxesDatabaseHandler):
    def get_failures(self, request, credentials=None) -> int:
        base = get_failure_limit(request, credentials)
        worst, fired = 0, None
        for attempts, (scope, limit) in zip(
            self.get_user_attempts(request, credentials), group_limits(request, credentials), strict=True
        ):
            count = attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            scaled = count * base // max(limit, 1)
            if scaled > worst:
                worst, fired = scaled, (scope, limit)
        if worst >= base and request is not None:
            request.lockout_scope, request.lockout_limit = fired
        return worst

    def reset_user_attempts(self, request, credentials=None) -> int:
        username = get_client_username(request, credentials)
        count, _details = AccessAttempt.objects.filter(username=username, ip_address=request.axes_ip_address).delete()
        return count
