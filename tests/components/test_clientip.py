"""One client address for limits, blocking, the security log and axes: X-Forwarded-For only from our proxies."""

import pytest
from django.test import RequestFactory

from components import audit
from components.clientip import client_ip

NGINX = "127.0.0.1"


def request(remote, forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_behind_the_trusted_proxy_the_forwarded_address_is_the_client():
    assert client_ip(request(NGINX, "203.0.113.7")) == "203.0.113.7"
    assert client_ip(request("172.18.0.5", "198.51.100.2")) == "198.51.100.2"  # compose network


def test_a_forged_header_from_an_untrusted_peer_is_ignored():
    assert client_ip(request("198.51.100.9", "203.0.113.7")) == "198.51.100.9"
    assert client_ip(request("198.51.100.9")) == "198.51.100.9"


def test_spoofed_left_most_entries_are_ignored():
    # The citizen sent "X-Forwarded-For: 1.2.3.4, 10.0.0.1"; nginx appended the real address.
    assert client_ip(request(NGINX, "1.2.3.4, 10.0.0.1, 203.0.113.7")) == "203.0.113.7"
    assert client_ip(request(NGINX, "not-an-ip, 203.0.113.7")) == "203.0.113.7"


def test_a_chain_of_trusted_proxies_is_walked_from_the_right(settings):
    settings.TRUSTED_PROXIES = ["127.0.0.0/8", "10.20.0.0/16"]
    assert client_ip(request(NGINX, "1.2.3.4, 203.0.113.7, 10.20.3.4")) == "203.0.113.7"
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    assert client_ip(request(NGINX, "203.0.113.7, 10.20.3.4")) == "10.20.3.4"  # 10.20.3.4 is not trusted now
    settings.TRUSTED_PROXIES = []
    assert client_ip(request(NGINX, "203.0.113.7")) == NGINX


def test_ipv6_and_mapped_addresses():
    assert client_ip(request("::1", "2001:db8::7")) == "2001:db8::7"
    assert client_ip(request("::ffff:127.0.0.1", "[2001:db8::8]:4711")) == "2001:db8::8"


def test_no_address_is_none():
    assert client_ip(request("")) is None
    assert client_ip(None) is None


def test_the_security_log_and_axes_use_the_same_address(settings):
    from axes.helpers import get_client_ip_address

    r = request(NGINX, "1.2.3.4, 203.0.113.7")
    assert audit.client_ip(r) == "203.0.113.7"
    assert get_client_ip_address(r) == "203.0.113.7"


@pytest.mark.django_db
def test_security_event_records_the_citizen_not_nginx():
    from components.models import SecurityEvent

    event = audit.security_log(SecurityEvent.Kind.LOGIN_FAILED, username="x", request=request(NGINX, "203.0.113.7"))
    assert event.ip_address == "203.0.113.7"
