"""Per-address request limit of the open API: components.ratelimit on the shared cache (database fallback), the
client address from components.clientip, so limits count across web nodes and behind the proxy (decision 1701)."""

from django.conf import settings
from rest_framework.throttling import BaseThrottle

from components import ratelimit
from components.clientip import client_ip

GROUP = "open-api"


class AddressRateThrottle(BaseThrottle):
    def allow_request(self, request, view):
        self.period = settings.API_RATE_LIMIT_PERIOD
        django_request = request._request
        count = ratelimit.hit(
            django_request,
            GROUP,
            client_ip(django_request),
            limit=settings.API_RATE_LIMIT,
            period=self.period,
        )
        return count <= settings.API_RATE_LIMIT

    def wait(self):
        return getattr(self, "period", settings.API_RATE_LIMIT_PERIOD)
